// Addresses for `monitor`: the addr_info object (print_addrinfo's JSON, render/address-print.ts)
// and a table row.
import { type AddrMessage, addrCidr, constants as C } from "@underlay/netlink";
import { SCOPES } from "../grammar/route-names.js";
import { type Cell, STYLE, styled } from "../output.js";
import { addrObject } from "./address-print.js";

const familyName = (a: AddrMessage) => (a.header.family === C.AF_INET6 ? "inet6" : "inet");

/** One entry of `addr_info`, as `ip -j address show` nests it under its link. */
export const addrInfoJson = (a: AddrMessage): Record<string, unknown> => addrObject(a);

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
    `scope ${SCOPES.name(a.header.scope)}`,
    a.attrs.label ?? "",
  ];
}
