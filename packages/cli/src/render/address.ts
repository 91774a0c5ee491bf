// Addresses as `ip -j address show` prints them (iproute2's key names), and as table rows.
import { type AddrMessage, addrCidr, constants as C } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";
import { IFA_NAMES, namesOf } from "./flags.js";

const familyName = (a: AddrMessage) => (a.header.family === C.AF_INET6 ? "inet6" : "inet");
const SCOPES: Record<number, string> = {
  [C.RT_SCOPE_UNIVERSE]: "global",
  [C.RT_SCOPE_SITE]: "site",
  [C.RT_SCOPE_LINK]: "link",
  [C.RT_SCOPE_HOST]: "host",
};
export const scopeName = (s: number): string => SCOPES[s] ?? `${s}`;

function flagsJson(a: AddrMessage): Record<string, true> {
  const f = a.attrs.flags ?? a.header.flags;
  const out: Record<string, true> = Object.fromEntries(namesOf(f, IFA_NAMES).map((name) => [name, true]));
  if (!(f & C.IFA_F_PERMANENT)) out.dynamic = true;
  return out;
}

/** One entry of `addr_info`, as `ip -j address show` nests it under its link. */
export function addrInfoJson(a: AddrMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    family: familyName(a),
    local: a.attrs.local ?? a.attrs.address,
    prefixlen: a.header.prefixlen,
  };
  if (a.attrs.address && a.attrs.local && a.attrs.address !== a.attrs.local) out.address = a.attrs.address;
  if (a.attrs.broadcast) out.broadcast = a.attrs.broadcast;
  out.scope = scopeName(a.header.scope);
  Object.assign(out, flagsJson(a));
  if (a.attrs.label) out.label = a.attrs.label;
  if (a.attrs.cacheinfo)
    Object.assign(out, { valid_life_time: a.attrs.cacheinfo.valid, preferred_life_time: a.attrs.cacheinfo.prefered });
  return out;
}

/** An address on its own (monitor events): its link's index and name, then the addr_info fields. */
export function addrJson(a: AddrMessage, ifname?: string): Record<string, unknown> {
  return { ifindex: a.header.index, ...(ifname ? { ifname } : {}), ...addrInfoJson(a) };
}

export function addrRow(a: AddrMessage, ifname?: string): Cell[] {
  const family = familyName(a);
  return [
    `${a.header.index}:`,
    styled(ifname ?? "", STYLE.ifname),
    family,
    styled(addrCidr(a), family === "inet6" ? STYLE.inet6 : STYLE.inet),
    `scope ${scopeName(a.header.scope)}`,
    a.attrs.label ?? "",
  ];
}
