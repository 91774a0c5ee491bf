// One address as `ip address show` prints it (ipaddress.c's print_addrinfo), text or JSON from one
// walk:   "    inet 10.0.0.1/24 brd 10.0.0.255 scope global va\n       valid_lft forever preferred_lft forever\n"
import { type AddrMessage, constants as C } from "@underlay/netlink";
import { SCOPES } from "../grammar/route-names.js";
import { type IpColor, IpPrint, type IpPrintMode, type JsonValue } from "./ip-print.js";

export interface AddrPrintOptions {
  /** -br: only ADDR/LEN. */
  brief?: boolean;
  /** -o (and flush, echo): "N: DEV" in front. */
  withDev?: string;
  deleted?: boolean;
}

// ifa_flag_data[]: the order ip prints flags in. PERMANENT prints as "dynamic" when it is NOT set;
// SECONDARY of an IPv6 address is "temporary".
const IFA_FLAGS: [number, string][] = [
  [C.IFA_F_SECONDARY, "secondary"],
  [C.IFA_F_SECONDARY, "temporary"],
  [C.IFA_F_NODAD, "nodad"],
  [C.IFA_F_OPTIMISTIC, "optimistic"],
  [C.IFA_F_DADFAILED, "dadfailed"],
  [C.IFA_F_HOMEADDRESS, "home"],
  [C.IFA_F_DEPRECATED, "deprecated"],
  [C.IFA_F_TENTATIVE, "tentative"],
  [C.IFA_F_PERMANENT, "permanent"],
  [C.IFA_F_MANAGETEMPADDR, "mngtmpaddr"],
  [C.IFA_F_NOPREFIXROUTE, "noprefixroute"],
  [C.IFA_F_MCAUTOJOIN, "autojoin"],
  [C.IFA_F_STABLE_PRIVACY, "stable-privacy"],
];

/** The names ip reads as address flags (get_filter, ipaddr_modify), mask by name. */
export const IFA_FLAG_BITS: ReadonlyMap<string, number> = new Map(IFA_FLAGS.map(([bit, name]) => [name, bit]));

/** IFA_FLAGS when the kernel sent it (all 32 bits), else ifa_flags. */
export const ifaFlags = (a: AddrMessage): number => a.attrs.flags ?? a.header.flags;

const INFINITY_LIFE_TIME = 0xffffffff;

function printFlags(p: IpPrint, a: AddrMessage): void {
  let flags = ifaFlags(a);
  for (const [bit, name] of IFA_FLAGS) {
    if (bit === C.IFA_F_PERMANENT) {
      if (!(flags & bit)) p.any("dynamic", true, "dynamic ");
    } else if (flags & bit) {
      if (bit === C.IFA_F_SECONDARY && a.header.family === C.AF_INET6) p.any("temporary", true, "temporary ");
      else p.any(name, true, `${name} `);
    }
    flags &= ~bit;
  }
  if (flags) {
    const hex = flags.toString(16).padStart(2, "0");
    p.any("ifa_flags", hex, `flags ${hex} `);
  }
}

function printLifetimes(p: IpPrint, a: AddrMessage): void {
  const ci = a.attrs.cacheinfo;
  if (!ci) return;
  p.nl();
  p.fp("       valid_lft ");
  if (ci.valid === INFINITY_LIFE_TIME) {
    p.js("valid_life_time", INFINITY_LIFE_TIME);
    p.fp("forever");
  } else p.any("valid_life_time", ci.valid, `${ci.valid}sec`);
  p.fp(" preferred_lft ");
  if (ci.prefered === INFINITY_LIFE_TIME) {
    p.js("preferred_life_time", INFINITY_LIFE_TIME);
    p.fp("forever");
  } else {
    // A deprecated address's preferred lifetime is printed signed (it has run out).
    const v = ifaFlags(a) & C.IFA_F_DEPRECATED ? ci.prefered | 0 : ci.prefered;
    p.any("preferred_life_time", v, `${v}sec`);
  }
}

/** print_addrinfo(): one address into `p`. */
export function printAddr(p: IpPrint, a: AddrMessage, o: AddrPrintOptions = {}): void {
  const family = a.header.family;
  const color: IpColor = family === C.AF_INET6 ? "inet6" : "inet";
  const local = a.attrs.local ?? a.attrs.address;
  const address = a.attrs.address ?? a.attrs.local;
  if (o.deleted) p.any("deleted", true, "Deleted ");
  if (!o.brief) {
    if (o.withDev !== undefined) {
      if (p.json) {
        p.js("index", a.header.index);
        p.js("dev", o.withDev);
      } else p.fp(`${a.header.index}: ${o.withDev}`);
    }
    const name = family === C.AF_INET ? "inet" : family === C.AF_INET6 ? "inet6" : undefined;
    if (name) p.any("family", name, `    ${name} `);
    else p.any("family_index", family, `    family ${family} `);
  }
  if (local !== undefined) {
    p.any("local", local, local, color);
    if (address !== undefined && address !== local) {
      p.fp(" peer ");
      p.any("address", address, address, color);
    }
    p.any("prefixlen", a.header.prefixlen, `/${a.header.prefixlen} `);
    if (a.attrs.rtPriority !== undefined) p.any("metric", a.attrs.rtPriority, `metric ${a.attrs.rtPriority} `);
  }
  if (o.brief) return;
  if (a.attrs.broadcast !== undefined) {
    p.fp("brd ");
    p.any("broadcast", a.attrs.broadcast, `${a.attrs.broadcast} `, color);
  }
  if (a.attrs.anycast !== undefined) {
    p.fp("any ");
    p.any("anycast", a.attrs.anycast, `${a.attrs.anycast} `, color);
  }
  const scope = SCOPES.name(a.header.scope, p.mode.numeric);
  p.any("scope", scope, `scope ${scope} `);
  printFlags(p, a);
  if (a.attrs.label !== undefined) p.any("label", a.attrs.label, a.attrs.label);
  printLifetimes(p, a);
  p.fp("\n");
}

/** The text of one address (-o, flush -s, monitor), with its newline. */
export function addrText(a: AddrMessage, o: AddrPrintOptions & Omit<IpPrintMode, "json"> = {}): string {
  const p = new IpPrint({ ...o, json: false });
  printAddr(p, a, o);
  return p.text;
}

/** One entry of `addr_info`, as `ip -j address show` nests it under its link. */
export function addrObject(a: AddrMessage, o: AddrPrintOptions = {}): Record<string, JsonValue> {
  const p = new IpPrint({ json: true });
  printAddr(p, a, o);
  return p.root;
}
