// Routes as `ip -j route show` prints them (iproute2's key names), and as table rows.
import { type RouteMessage, routeDst } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";
import { scopeName } from "./address.js";

export function routeJson(r: RouteMessage, ifname?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { dst: routeDst(r) };
  if (r.attrs.gateway) out.gateway = r.attrs.gateway;
  if (ifname) out.dev = ifname;
  if (r.attrs.oif !== undefined) out.oif_index = r.attrs.oif;
  out.scope = scopeName(r.header.scope);
  if (r.attrs.priority !== undefined) out.metric = r.attrs.priority;
  if (r.attrs.prefsrc) out.prefsrc = r.attrs.prefsrc;
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
