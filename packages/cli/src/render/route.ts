// Routes as `ip -j route show` prints them (iproute2's key names), and as table rows.
import { constants as C, type RouteMessage, routeDst } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";
import { scopeName } from "./address.js";
import { namesOf, RTNH_NAMES } from "./flags.js";

const PROTOCOLS: Record<number, string> = {
  [C.RTPROT_UNSPEC]: "unspec",
  [C.RTPROT_KERNEL]: "kernel",
  [C.RTPROT_BOOT]: "boot",
  [C.RTPROT_STATIC]: "static",
  [C.RTPROT_RA]: "ra",
  [C.RTPROT_DHCP]: "dhcp",
};
// ICMPV6_ROUTER_PREF_*: an IPv6 route's router preference.
const ROUTER_PREFS: Record<number, string> = { 0: "medium", 1: "high", 3: "low" };
/** A route as `ip -j route show` prints it: protocol unless boot, scope unless global, as ip does. */
export function routeJson(r: RouteMessage, ifname?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { dst: routeDst(r) };
  if (r.attrs.gateway) out.gateway = r.attrs.gateway;
  if (ifname) out.dev = ifname;
  if (r.header.protocol !== C.RTPROT_BOOT) out.protocol = PROTOCOLS[r.header.protocol] ?? r.header.protocol;
  if (r.header.scope !== C.RT_SCOPE_UNIVERSE) out.scope = scopeName(r.header.scope);
  if (r.attrs.priority !== undefined) out.metric = r.attrs.priority;
  if (r.attrs.prefsrc) out.prefsrc = r.attrs.prefsrc;
  if (r.attrs.pref !== undefined) out.pref = ROUTER_PREFS[r.attrs.pref] ?? r.attrs.pref;
  out.flags = namesOf(r.header.flags, RTNH_NAMES);
  return out;
}

export function routeRow(r: RouteMessage, ifname?: string): Cell[] {
  return [
    styled(routeDst(r), STYLE.inet),
    r.attrs.gateway ? `via ${r.attrs.gateway}` : "",
    ifname ? `dev ${ifname}` : r.attrs.oif === undefined ? "" : `oif ${r.attrs.oif}`,
    r.attrs.priority === undefined ? "" : `metric ${r.attrs.priority}`,
    r.attrs.prefsrc ? `src ${r.attrs.prefsrc}` : "",
  ];
}
