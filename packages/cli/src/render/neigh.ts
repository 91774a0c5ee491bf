// Neighbour entries as `ip neigh` prints them (ipneigh.c's print_neigh): one walk gives the text
// line or the `-j` object.
import { neighConstants as N, type NeighMessage } from "@underlay/netlink";
import { ipList } from "./ip-list.js";
import type { IpPrint, IpPrintMode } from "./ip-print.js";

// print_neigh_state()'s order, which is not the bits' order.
const STATES: [number, string][] = [
  [N.NUD_INCOMPLETE, "INCOMPLETE"],
  [N.NUD_REACHABLE, "REACHABLE"],
  [N.NUD_STALE, "STALE"],
  [N.NUD_DELAY, "DELAY"],
  [N.NUD_PROBE, "PROBE"],
  [N.NUD_FAILED, "FAILED"],
  [N.NUD_NOARP, "NOARP"],
  [N.NUD_PERMANENT, "PERMANENT"],
];

/** nda_cacheinfo counts USER_HZ ticks; ip divides by sysconf(_SC_CLK_TCK), 100 on Linux. */
const USER_HZ = 100;

export interface NeighPrintOptions extends IpPrintMode {
  /** -s: the cache ages and probes. */
  stats: number;
  brief: boolean;
  /** A `dev DEV` filter was given: ip leaves the device out then. */
  devFiltered: boolean;
  ifname: (index: number) => string;
  /** The protocol's name (rt_protos). */
  protocolName: (p: number) => string;
  /** The message type, for monitor's "Deleted" and "miss". */
  action?: "new" | "del" | "get";
}

const familyColor = (n: NeighMessage) => (n.attrs.dst?.includes(":") ? "inet6" : "inet");

function printBrief(p: IpPrint, n: NeighMessage, o: NeighPrintOptions): void {
  if (n.attrs.dst !== undefined) p.any("dst", n.attrs.dst, `${n.attrs.dst.padEnd(39)} `, familyColor(n));
  if (!o.devFiltered && n.header.index) {
    const dev = o.ifname(n.header.index);
    p.any("dev", dev, `${dev.padEnd(16)} `, "ifname");
  }
  if (n.attrs.lladdr !== undefined) p.any("lladdr", n.attrs.lladdr, n.attrs.lladdr, "mac");
  p.fp("\n");
}

/** One entry: its text line (with its newline) into p.text, or its JSON object into p.root. */
export function printNeigh(p: IpPrint, n: NeighMessage, o: NeighPrintOptions): void {
  if (o.action === "del") p.any("deleted", true, "Deleted ");
  else if (o.action === "get") p.any("miss", null, "miss ");
  if (o.brief) {
    printBrief(p, n, o);
    return;
  }
  const { header: h, attrs: a } = n;
  if (a.dst !== undefined) p.any("dst", a.dst, `${a.dst} `, familyColor(n));
  if (!o.devFiltered && h.index) {
    p.fp("dev ");
    const dev = o.ifname(h.index);
    p.any("dev", dev, `${dev} `, "ifname");
  }
  if (a.lladdr !== undefined) {
    p.fp("lladdr ");
    p.any("lladdr", a.lladdr, `${a.lladdr} `, "mac");
  }
  const ext = a.flagsExt ?? 0;
  const flags: [boolean, string][] = [
    [Boolean(h.flags & N.NTF_ROUTER), "router"],
    [Boolean(h.flags & N.NTF_PROXY), "proxy"],
    [Boolean(ext & N.NTF_EXT_MANAGED), "managed"],
    [Boolean(h.flags & N.NTF_EXT_LEARNED), "extern_learn"],
    [Boolean(h.flags & N.NTF_OFFLOADED), "offload"],
  ];
  for (const [on, word] of flags) if (on) p.any(word, null, `${word} `);
  if (o.stats) {
    const ci = a.cacheinfo;
    if (ci) {
      if (ci.refcnt) p.any("refcnt", ci.refcnt, ` ref ${ci.refcnt}`);
      const secs = (ticks: number) => Math.floor(ticks / USER_HZ);
      p.any("used", secs(ci.used), ` used ${secs(ci.used)}`);
      p.any("confirmed", secs(ci.confirmed), `/${secs(ci.confirmed)}`);
      p.any("updated", secs(ci.updated), `/${secs(ci.updated)}`);
    }
    if (a.probes !== undefined) p.any("probes", a.probes, `probes ${a.probes} `);
  }
  if (h.state) {
    p.openArray("state");
    for (const [bit, name] of STATES) if (h.state & bit) p.any(null, name, `${name} `);
    p.close();
  }
  if (a.protocol) {
    const name = o.protocolName(a.protocol);
    p.any("protocol", name, `proto ${name} `);
  }
  p.fp("\n");
}

/** Every entry's text, or the `-j` list. */
export const neighOutput = (list: readonly NeighMessage[], o: NeighPrintOptions) => ipList(list, o, printNeigh);
