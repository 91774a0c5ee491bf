// macvlan (ip/iplink_macvlan.c): `type macvlan mode MODE [nopromisc]`.
import { constants as C, MACVLAN_MODES, type MacvlanOptions } from "@underlay/netlink";
import { flag, into } from "../words.js";
import { type CliKind, num } from "./kind.js";
import { readKindWords } from "./kind-words.js";

const MODES = Object.keys(MACVLAN_MODES) as (keyof typeof MACVLAN_MODES)[];
const MODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(MACVLAN_MODES).map(([k, v]) => [v, k]));
const MACVLAN_FLAG_NODST = 2;

export const macvlan: CliKind = {
  name: "macvlan",
  usage: "mode private|vepa|bridge|passthru|source [nopromisc]",
  parse: (w) => {
    const o: MacvlanOptions = { kind: "macvlan" };
    const handlers = { mode: into(o, "mode", (w) => w.oneOf("macvlan mode", MODES)), nopromisc: flag(o, "nopromisc", true) };
    readKindWords(w, "macvlan", handlers, ["mode", "flag", "bcqueuelen", "bclim"]);
    // ip sends no mode, so the kernel's default (vepa) applies; the library's own default is bridge.
    o.mode ??= "vepa";
    return o;
  },
  print: (p, d) => {
    if (d.mode === undefined) return;
    const mode = MODE_NAMES[num(d.mode)] ?? "unknown";
    p.any("mode", mode, `mode ${mode} `);
    const flags = num(d.flags);
    if (flags & C.MACVLAN_FLAG_NOPROMISC) p.any("nopromisc", true, "nopromisc ");
    if (flags & MACVLAN_FLAG_NODST) p.any("nodst", true, "nodst ");
    if (d.bcQueueLen !== undefined) p.any("bcqueuelen", num(d.bcQueueLen), `bcqueuelen ${d.bcQueueLen} `);
    if (d.bcQueueLenUsed !== undefined) p.any("usedbcqueuelen", num(d.bcQueueLenUsed), `usedbcqueuelen ${d.bcQueueLenUsed} `);
    if (mode === "source" && d.macaddrCount !== undefined)
      p.any("macaddr_count", num(d.macaddrCount), `remotes (${d.macaddrCount}) `);
  },
};
