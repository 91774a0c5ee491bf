// ifindex -> name for one netns, from one link dump (ip keeps the same cache to print `dev NAME`).
import type { Handle } from "@underlay/netlink";

export function ifnames(h: Handle): Map<number, string> {
  return new Map(h.linkList().map((l) => [l.header.index, l.attrs.ifname ?? `if${l.header.index}`]));
}
