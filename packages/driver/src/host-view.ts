// What the host looked like at one moment, for a sweep that judges every endpoint: the host
// netns's links from ONE dump, and the sandbox folders' entries from one readdir each. Asking the
// kernel for each endpoint's device (an error for each device away in its container) and the
// filesystem for each netns file cost a start on 10,000 endpoints most of a second.
//
// A view is older than the records it is used with (a Join may have run since), so it only ever
// says "nothing to do": a verdict that would act on it (release an endpoint, rewrite its record)
// is judged again from the kernel and the filesystem as they are now (see the sweep).
import { readdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { Handle, LinkMessage } from "@underlay/netlink";

/** The host netns's links as one dump saw them. */
export interface LinkView {
  /** By ifindex, or by name (IFLA_IFNAME; as a GET by a name of up to 15 bytes finds it). */
  get(ref: string | number): LinkMessage | undefined;
  list(): LinkMessage[];
}

export class HostView {
  readonly links: LinkView;
  /** A folder's entries, or null when it cannot be read (not visible here); read when first asked. */
  private readonly folders = new Map<string, Set<string> | null>();

  private constructor(all: LinkMessage[]) {
    const byIndex = new Map(all.map((l) => [l.header.index, l]));
    const byName = new Map(all.map((l) => [l.attrs.ifname, l]));
    this.links = {
      get: (ref) => (typeof ref === "number" ? byIndex.get(ref) : byName.get(ref)),
      list: () => all,
    };
  }

  /**
   * One dump of the links of `h`'s netns; undefined when the dump fails (interrupted more often
   * than retried, say): each endpoint is then asked for on its own, as without a view.
   */
  static async take(h: Handle): Promise<HostView | undefined> {
    return h.promises.linkList().then(
      (links) => new HostView(links),
      () => undefined,
    );
  }

  /** Whether a file exists; undefined when its folder is not visible to us (as existsSync of both). */
  fileExists(path: string): boolean | undefined {
    // Split at the last slash: path's dirname and basename cost ~2 µs a call while cold, 20 ms
    // for 10,000 keys at start. They stay for what a plain split would get wrong ("/x", "a/").
    const i = path.lastIndexOf("/");
    const plain = i > 0 && i < path.length - 1;
    const dir = plain ? path.slice(0, i) : dirname(path);
    const name = plain ? path.slice(i + 1) : basename(path);
    let names = this.folders.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = null;
      }
      this.folders.set(dir, names);
    }
    return names === null ? undefined : names.has(name);
  }
}
