// The names ip gives a link's numbers: hardware types (lib/ll_types.c), link-layer addresses of
// tunnels (lib/ll_addr.c), and the flag list (ipaddress.c's print_link_flags).
import { constants as C } from "@underlay/netlink";
import { IFF_NAMES } from "./flags.js";
import type { IpPrint } from "./ip-print.js";

// ARPHRD_* (include/uapi/linux/if_arp.h) that a Linux box shows in practice, under ip's names.
const ARPHRD_NAMES: Record<number, string> = {
  0: "netrom",
  [C.ARPHRD_ETHER]: "ether",
  [C.ARPHRD_INFINIBAND]: "infiniband",
  280: "can",
  512: "ppp",
  768: "ipip",
  769: "tunnel6",
  [C.ARPHRD_LOOPBACK]: "loopback",
  776: "sit",
  778: "gre",
  801: "ieee802.11",
  803: "ieee802.11/radiotap",
  804: "ieee802.15.4",
  823: "gre6",
  824: "netlink",
  825: "6lowpan",
  65534: "none",
  65535: "void",
};

/** ll_type_n2a(): `[N]` for a type ip has no name for. */
export const linkTypeName = (type: number, numeric = false): string => (numeric ? undefined : ARPHRD_NAMES[type]) ?? `[${type}]`;

const IPV4_TUNNELS = new Set([768, 776, 778]);

/** ll_addr_n2a(): IPv4 tunnels show their 4-byte address dotted; everything else is hex pairs. */
export function linkAddrText(addr: string, type: number): string {
  // The type first: splitting every MAC of a 1,000-link dump only to keep it as it was cost ~5%.
  if (!IPV4_TUNNELS.has(type)) return addr;
  const bytes = addr.split(":");
  return bytes.length === 4 ? bytes.map((b) => Number.parseInt(b, 16)).join(".") : addr;
}

const IFF_ENTRIES = Object.entries(IFF_NAMES);

/** print_link_flags(): `<NO-CARRIER,BROADCAST,…,UP,LOWER_UP,M-DOWN> ` (JSON: the flags array). */
export function printLinkFlags(p: IpPrint, flags: number, mDown: boolean): void {
  const names: string[] = [];
  if (flags & C.IFF_UP && !(flags & C.IFF_RUNNING)) names.push("NO-CARRIER");
  let rest = flags & ~C.IFF_RUNNING;
  for (const [name, bit] of IFF_ENTRIES) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(rest.toString(16));
  printFlagList(p, names, mDown ? ",M-DOWN" : undefined);
}

/** ip's `<A,B,C> ` flag lists (JSON: a "flags" array); `tail` is M-DOWN, printed after them. */
export function printFlagList(p: IpPrint, names: string[], tail?: string): void {
  p.openArray("flags", "<");
  for (const [i, n] of names.entries()) p.any(null, n, i < names.length - 1 ? `${n},` : n);
  if (tail) p.any(null, tail.slice(1), tail);
  p.close("> ");
}

export const OPER_STATES = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"] as const;

/** print_operstate(): `state UP ` (green), `state DOWN ` (red); -br: the state padded to 14. */
export function printOperstate(p: IpPrint, state: number, brief: boolean): void {
  const name = OPER_STATES[state];
  if (name === undefined) {
    if (p.json) p.js("operstate_index", state);
    else p.fp(`state 0x${state.toString(16)}`);
    return;
  }
  const color = state === 6 ? "up" : state === 2 ? "down" : undefined;
  if (brief) {
    p.any("operstate", name, `${name.padEnd(14)} `, color);
    return;
  }
  p.js("operstate", name);
  p.fp("state ");
  p.fp(`${name} `, color);
}
