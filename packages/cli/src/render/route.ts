// Routes as `ip -j route show` prints them (iproute2's key names), and as table rows.
import { constants as C, routeConstants as R, type RouteMessage, routeDst } from "@underlay/netlink";
import { PROTOCOLS, SCOPES, TABLES, TYPES } from "../grammar/route-names.js";
import { type Cell, STYLE, styled } from "../output.js";
import { cacheFlagNames, cacheinfoOf, dstText, flagWords, metricsOf } from "./route-text.js";

// ICMPV6_ROUTER_PREF_*: an IPv6 route's router preference.
const ROUTER_PREFS: Record<number, string> = { 0: "medium", 1: "high", 3: "low" };
/** What ip -j leaves out or adds: -d, and `table X` given (no table key then). */
export interface RouteJsonOptions {
  details?: number;
  stats?: number;
  tableFixed?: boolean;
  /** ip -N: type, table, protocol and scope as numbers (still strings in JSON, as ip prints them). */
  numeric?: boolean;
}

/** A route as `ip -j route show` prints it (print_route's keys in its order): protocol unless boot, scope unless global, as ip does. */
export function routeJson(
  r: RouteMessage,
  ifname?: string | ((index: number) => string),
  o: RouteJsonOptions = {},
): Record<string, unknown> {
  const name = (i: number | undefined) => (i === undefined ? undefined : typeof ifname === "function" ? ifname(i) : ifname);
  const details = o.details ?? 0;
  const h = r.header;
  const out: Record<string, unknown> = {};
  if (h.type !== C.RTN_UNICAST || details) out.type = TYPES.name(h.type, o.numeric);
  out.dst = dstText(r).trimEnd();
  if (r.attrs.src !== undefined)
    out.from = h.srcLen === (h.family === C.AF_INET6 ? 128 : 32) ? r.attrs.src : `${r.attrs.src}/${h.srcLen}`;
  if (r.attrs.nhId !== undefined) out.nhid = r.attrs.nhId;
  if (r.attrs.gateway) out.gateway = r.attrs.gateway;
  const dev = name(r.attrs.oif);
  if (dev) out.dev = dev;
  const table = r.attrs.table ?? h.table;
  if (table && (table !== C.RT_TABLE_MAIN || details) && !o.tableFixed) out.table = TABLES.name(table, o.numeric);
  if (!(h.flags & R.RTM_F_CLONED)) {
    if (h.protocol !== C.RTPROT_BOOT || details) out.protocol = PROTOCOLS.name(h.protocol, o.numeric);
    if (h.scope !== C.RT_SCOPE_UNIVERSE || details) out.scope = SCOPES.name(h.scope, o.numeric);
  }
  if (r.attrs.prefsrc) out.prefsrc = r.attrs.prefsrc;
  if (r.attrs.priority !== undefined) out.metric = r.attrs.priority;
  out.flags = flagWords(h.flags);
  if (r.attrs.mark) out.mark = r.attrs.mark;
  if (r.attrs.uid !== undefined) out.uid = r.attrs.uid;
  if (h.family === C.AF_INET && h.flags & R.RTM_F_CLONED) out.cache = cacheFlagNames(h.flags);
  if (r.attrs.cacheinfo) for (const [k, v] of cacheinfoOf(r.attrs.cacheinfo, o.stats ?? 0)) out[k] = v;
  if (r.attrs.metrics) out.metrics = [Object.fromEntries(metricsOf(r.attrs.metrics).map((m) => [m.name, m.json]))];
  if (r.attrs.iif !== undefined) out.iif = name(r.attrs.iif);
  if (r.attrs.pref !== undefined) out.pref = ROUTER_PREFS[r.attrs.pref] ?? r.attrs.pref;
  if (r.attrs.multipath)
    out.nexthops = r.attrs.multipath.map((nh) => ({
      ...(nh.attrs.gateway ? { gateway: nh.attrs.gateway } : {}),
      dev: name(nh.ifindex),
      weight: nh.hops + 1,
      flags: flagWords(nh.flags),
    }));
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
