// Addresses as `ip -j address show` prints them (iproute2's key names), and as table rows.
import { type AddrMessage, addrCidr, constants as C } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";

const familyName = (a: AddrMessage) => (a.header.family === C.AF_INET6 ? "inet6" : "inet");
const SCOPES: Record<number, string> = {
  [C.RT_SCOPE_UNIVERSE]: "global",
  [C.RT_SCOPE_SITE]: "site",
  [C.RT_SCOPE_LINK]: "link",
  [C.RT_SCOPE_HOST]: "host",
};
export const scopeName = (s: number): string => SCOPES[s] ?? `${s}`;

export function addrJson(a: AddrMessage, ifname?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ifindex: a.header.index };
  if (ifname) out.ifname = ifname;
  Object.assign(out, {
    family: familyName(a),
    local: a.attrs.local ?? a.attrs.address,
    prefixlen: a.header.prefixlen,
    scope: scopeName(a.header.scope),
  });
  if (a.attrs.address && a.attrs.local && a.attrs.address !== a.attrs.local) out.address = a.attrs.address;
  if (a.attrs.broadcast) out.broadcast = a.attrs.broadcast;
  if (a.attrs.label) out.label = a.attrs.label;
  return out;
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
