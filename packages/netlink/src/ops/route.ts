// Route operations, each the equivalent of an `ip route` command: add and del in the main table,
// show in any table.
import * as C from "../rtnl/constants.js";
import { type RouteAttrs, type RouteMessage, routeMessage } from "../rtnl/route.js";
import { ValidationError } from "../wire/errors.js";
import { NLM_F_CREATE, NLM_F_EXCL, type NlMessage } from "../wire/header.js";
import { ipFamilyOf } from "../wire/ipaddr.js";
import { type LinkRef, linkIndex, linkIndexFor } from "./link.js";
import { ack, dump, getOne, type Op } from "./op.js";
import { addressFamily, parsePrefix } from "./prefix.js";

export interface RouteSpec {
  /** "default", "10.0.0.0/24", "fd00::/64" or a host address. */
  dst: string;
  /** `via GATEWAY`. */
  gateway?: string;
  dev?: LinkRef;
  /** `onlink`: the gateway is reachable on dev even without a matching prefix. */
  onlink?: boolean;
  /** `metric N`. */
  metric?: number;
  /** `src ADDR`: the preferred source address. */
  src?: string;
  /** RT_SCOPE_*; default link without a gateway, universe with one, as `ip` picks. */
  scope?: number;
  /** RTPROT_*; default boot, as `ip` uses. */
  protocol?: number;
  /** IPv4 or IPv6 when dst is "default" and there is no gateway to tell. */
  family?: 4 | 6;
}

function familyOf(r: RouteSpec): 4 | 6 {
  if (r.dst !== "default") return parsePrefix(r.dst).family;
  if (r.gateway) return ipFamilyOf(r.gateway);
  return r.family ?? 4;
}

function* routeRequest(type: number, flags: number, r: RouteSpec, verb: string): Op<void> {
  const family = familyOf(r);
  const dst = r.dst === "default" ? undefined : parsePrefix(r.dst);
  if (r.gateway && ipFamilyOf(r.gateway) !== family)
    throw new ValidationError(`gateway ${r.gateway} is not an IPv${family} address like ${r.dst}`);
  if (!r.gateway && r.dev === undefined) throw new ValidationError(`route ${r.dst}: give a gateway, a dev, or both`);
  const attrs: RouteAttrs = {};
  if (dst) attrs.dst = dst.address;
  if (r.gateway) attrs.gateway = r.gateway;
  if (r.dev !== undefined) attrs.oif = yield* linkIndexFor(r.dev, `route ${verb} ${r.dst}`, "dev");
  if (r.metric !== undefined) attrs.priority = r.metric;
  if (r.src !== undefined) attrs.prefsrc = r.src;
  const del = type === C.RTM_DELROUTE;
  const header = {
    family: family === 4 ? C.AF_INET : C.AF_INET6,
    dstLen: dst?.length ?? 0,
    srcLen: 0,
    tos: 0,
    table: C.RT_TABLE_MAIN,
    protocol: del ? 0 : (r.protocol ?? C.RTPROT_BOOT),
    scope: del ? C.RT_SCOPE_NOWHERE : (r.scope ?? (r.gateway ? C.RT_SCOPE_UNIVERSE : C.RT_SCOPE_LINK)),
    type: del ? 0 : C.RTN_UNICAST,
    flags: r.onlink ? C.RTNH_F_ONLINK : 0,
  };
  const payload = routeMessage.encode({ header, attrs });
  yield* ack({ type, flags, payload, operation: `route ${verb} ${r.dst}${r.gateway ? ` via ${r.gateway}` : ""}` });
}

/** `ip route add DST [via GW] [dev DEV] [onlink] [metric N] [src S]`. */
export const routeAdd = (r: RouteSpec): Op<void> => routeRequest(C.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r, "add");

/** `ip route del DST [via GW] [dev DEV] [metric N]`. */
export const routeDel = (r: RouteSpec): Op<void> => routeRequest(C.RTM_DELROUTE, 0, r, "del");

/** A routing table: its number, or the name /etc/iproute2/rt_tables gives it. */
export type RouteTable = number | "main" | "local" | "default";

export interface RouteListOptions {
  family?: 4 | 6;
  dev?: LinkRef;
  /** `table ID`: one table, or "all" for every table; default main. */
  table?: RouteTable | "all";
}

const TABLES = { main: C.RT_TABLE_MAIN, local: C.RT_TABLE_LOCAL, default: C.RT_TABLE_DEFAULT } as const;

function tableNumber(t: RouteTable): number {
  if (typeof t === "string") return TABLES[t];
  if (!Number.isInteger(t) || t < 1 || t > 0xffffffff)
    throw new ValidationError(`invalid table ${t}: allowed values are 1-4294967295`);
  return t;
}

/** The table a route is in: RTA_TABLE, which holds ids over 255 that rtm_table cannot. */
export function routeTable(r: RouteMessage): number {
  return r.attrs.table ?? r.header.table;
}

/** "main", "local", "default" or the number, as `ip` names a table. */
export function tableName(table: number): string {
  return Object.entries(TABLES).find(([, n]) => n === table)?.[0] ?? String(table);
}

/** `ip route show [table ID|all] [dev DEV]` (`-6` with family 6); the main table by default. */
export function* routeList(o: RouteListOptions = {}): Op<RouteMessage[]> {
  const table = o.table === "all" ? undefined : tableNumber(o.table ?? C.RT_TABLE_MAIN);
  const oif = o.dev === undefined ? 0 : yield* linkIndex(o.dev);
  const decode = (m: NlMessage) => {
    if (m.header.type !== C.RTM_NEWROUTE) return undefined;
    const r = routeMessage.decode(m.payload);
    if ((table !== undefined && routeTable(r) !== table) || (oif && r.attrs.oif !== oif)) return undefined;
    return r;
  };
  const what = `route show${o.table === undefined ? "" : ` table ${o.table}`}`;
  return yield* dump({ type: C.RTM_GETROUTE, flags: 0, payload: dumpPayload(addressFamily(o.family)), operation: what }, decode);
}

/**
 * A route dump request's payload: every route of `family` (AF_*), with rtm_protocol and
 * RTA_TABLE / RTA_OIF set for a kernel that filters dumps (strict checking) and ignored otherwise.
 */
function dumpPayload(family: number, o: { table?: number; oif?: number; protocol?: number } = {}): Buffer {
  const header = { family, dstLen: 0, srcLen: 0, tos: 0, table: 0, protocol: o.protocol ?? 0, scope: 0, type: 0, flags: 0 };
  const attrs: RouteAttrs = {};
  if (o.table) attrs.table = o.table;
  if (o.oif) attrs.oif = o.oif;
  return routeMessage.encode({ header, attrs });
}

/** "default" or "DST/LEN" for a route message. */
export function routeDst(r: RouteMessage): string {
  return r.attrs.dst === undefined ? "default" : `${r.attrs.dst}/${r.header.dstLen}`;
}

/**
 * A route request built as `ip route add|change|replace|prepend|append|test|del` builds it: the
 * whole message, and the NLM_F_* flags that tell the verbs apart (CREATE|EXCL for add,
 * REPLACE for change, CREATE|REPLACE for replace, CREATE|APPEND for append).
 */
export function* routeModify(type: number, flags: number, msg: RouteMessage, operation: string): Op<void> {
  yield* ack({ type, flags, payload: routeMessage.encode(msg), operation });
}

/** `ip route get`: RTM_GETROUTE for one destination, answered with the route the kernel would use. */
export function* routeGet(msg: RouteMessage, operation = "route get"): Op<RouteMessage> {
  return yield* getOne({ type: C.RTM_GETROUTE, flags: 0, payload: routeMessage.encode(msg), operation }, (m) =>
    routeMessage.decode(m.payload),
  );
}

/**
 * A route dump as ip asks for it: every route of `family` (AF_*), with rtm_protocol and
 * RTA_TABLE / RTA_OIF set for a kernel that filters dumps (strict checking) and ignored otherwise;
 * the caller filters what it reads.
 */
export function* routeDump(family: number, o: { table?: number; oif?: number; protocol?: number } = {}): Op<RouteMessage[]> {
  const decode = (m: NlMessage) => (m.header.type === C.RTM_NEWROUTE ? routeMessage.decode(m.payload) : undefined);
  return yield* dump({ type: C.RTM_GETROUTE, flags: 0, payload: dumpPayload(family, o), operation: "route show" }, decode);
}

export { decodeMetrics, encodeMetrics, rta_cacheinfo } from "../rtnl/route.js";
// What a caller building route messages needs from rtnl/route.ts (the package exports ops/route.ts whole).
export * as routeConstants from "../rtnl/route-constants.js";
