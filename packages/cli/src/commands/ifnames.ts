// ifindex -> name for one netns (ip keeps the same cache to print `dev NAME` and `"link": "vb"`).
import type { Handle, LinkMessage } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import type { LinkOf } from "../render/link.js";

/** Every link's name, from one dump. */
export function ifnames(h: Handle): Map<number, string> {
  return new Map(h.linkList().map((l) => [l.header.index, l.attrs.ifname ?? `if${l.header.index}`]));
}

/** Links already read; an index not among them (one link shown) is asked of the kernel. */
export function linkIn(links: LinkMessage[], h: Handle): LinkOf {
  const known = new Map<number, LinkMessage | undefined>(links.map((l) => [l.header.index, l]));
  return (index) => {
    if (!known.has(index)) {
      try {
        known.set(index, h.linkGet(index));
      } catch {
        known.set(index, undefined); // gone, or in another netns
      }
    }
    return known.get(index);
  };
}

/** A link name's ifindex through the context's name cache (ip's ll_name_to_index); `operation` names the command. */
export function ifindexOf(ctx: CliContext, name: string, operation: string): number {
  return (ctx.link(name, operation) as { index: number }).index;
}
