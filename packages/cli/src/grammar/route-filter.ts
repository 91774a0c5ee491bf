// `route show|flush` selectors, read as iproute.c's iproute_list_flush_or_save reads them, and
// filter_nlmsg's test of one route against them.
import { constants as C, routeConstants as R, type RouteMessage } from "@underlay/netlink";
import { UsageError, Words } from "../words.js";
import { bitsMatch, type InetPrefix, inetPrefix, ipBytes } from "./inet-prefix.js";
import { exact, type IpKeyword, kw, readIp, tosKeywords } from "./ip-keywords.js";
import { PROTOCOLS, SCOPES, TABLES, TYPES } from "./route-names.js";
import { named } from "./scope.js";

export interface RouteFilter {
  /** The dump's family (AF_*): -4/-6, else IPv4 when a table is selected (always, unless `table all`). */
  family: number;
  /** filter.tb: 0 for every table. */
  table: number;
  cloned?: boolean;
  tos?: number;
  protocol?: number;
  scope?: number;
  typemask?: number;
  oifName?: string;
  iifName?: string;
  oif?: number;
  iif?: number;
  mark?: number;
  metric?: number;
  rvia?: InetPrefix;
  rprefsrc?: InetPrefix;
  /** root PREFIX: routes inside it. */
  rdst?: InetPrefix;
  /** match PREFIX: routes that contain it. exact: both. */
  mdst?: InetPrefix;
  rsrc?: InetPrefix;
  msrc?: InetPrefix;
}

const af = (f: 4 | 6 | undefined) => (f === 6 ? C.AF_INET6 : f === 4 ? C.AF_INET : C.AF_UNSPEC);
const fam = (a: number): 4 | 6 | undefined => (a === C.AF_INET6 ? 6 : a === C.AF_INET ? 4 : undefined);

/** Reads [to] [root|match|exact] PREFIX and the rest: the prefix family follows the dump's. */
function rootMatchExact(w: Words, first: string, family: 4 | 6 | undefined, f: RouteFilter, dst: boolean): void {
  let word = first;
  const what = w.command;
  const prefix = (text: string) => inetPrefix(text, family, what);
  if ("root".startsWith(word) && word) {
    const p = prefix(w.value("root"));
    if (dst) f.rdst = p;
    else f.rsrc = p;
    return;
  }
  if ("match".startsWith(word) && word) {
    const p = prefix(w.value("match"));
    if (dst) f.mdst = p;
    else f.msrc = p;
    return;
  }
  if ("exact".startsWith(word) && word) word = w.value("exact");
  const p = prefix(word);
  if (dst) f.rdst = f.mdst = p;
  else f.rsrc = f.msrc = p;
}

/** The selectors of `route show|flush` (`flush` wants at least one, as ip). */
export function parseRouteFilter(command: string, words: readonly string[], preferred: 4 | 6 | undefined): RouteFilter {
  const w = new Words(words, command);
  const f: RouteFilter = { family: af(preferred), table: C.RT_TABLE_MAIN };
  const dumpFamily = () => fam(f.family);
  const metric = (w: Words, k: string) => {
    f.metric = w.int(k, 0, 0xffffffff);
  };
  const table: IpKeyword[] = [
    kw("table", (w, k) => {
      const v = w.value(k);
      const id = TABLES.number(v);
      if (id !== undefined) f.table = id;
      else if (v === "all") f.table = 0;
      else if (v === "cache") f.cloned = true;
      else
        throw new UsageError(
          `${command}: invalid table "${v}": allowed values are ${TABLES.names.join(", ")}, all, cache or a number`,
        );
    }),
    kw("vrf", (w, word) => {
      throw new UsageError(`${w.command}: "${word}" is not supported by underlay`);
    }),
    kw(["cached", "cloned"], () => {
      f.cloned = true;
    }),
    ...tosKeywords((tos) => {
      f.tos = tos;
    }),
    kw("protocol", (w, k) => {
      if (w.peek() === "all") {
        w.next();
        f.protocol = undefined;
      } else f.protocol = named(w, k, PROTOCOLS);
    }),
    kw("scope", (w, k) => {
      if (w.peek() === "all") {
        w.next();
        f.scope = undefined;
      } else f.scope = named(w, k, SCOPES);
    }),
    kw("type", (w, k) => {
      f.typemask = 1 << named(w, k, TYPES);
    }),
    exact(["dev", "oif"], (w, k) => {
      f.oifName = w.value(k);
    }),
    exact("iif", (w, k) => {
      f.iifName = w.value(k);
    }),
    exact("mark", (w, k) => {
      f.mark = w.int(k, 0, 0xffffffff);
    }),
    kw(["metric", "priority"], metric),
    exact("preference", metric),
    exact("via", (w, k) => {
      let v = w.value(k);
      let family = dumpFamily();
      if (v === "inet" || v === "inet6") {
        family = v === "inet" ? 4 : 6;
        v = w.value(k);
      }
      f.rvia = inetPrefix(v, family, command);
    }),
    exact("src", (w, k) => {
      f.rprefsrc = inetPrefix(w.value(k), dumpFamily(), command);
    }),
    kw("realms", (w, word) => {
      throw new UsageError(`${w.command}: "${word}" is not supported by underlay`);
    }),
    kw("from", (w, k) => rootMatchExact(w, w.value(k), dumpFamily(), f, false)),
  ];
  readIp(w, table, (word) => {
    const first = "to".startsWith(word) ? w.value("to") : word;
    rootMatchExact(w, first, dumpFamily(), f, true);
  });
  if (f.family === C.AF_UNSPEC && f.table) f.family = C.AF_INET;
  return f;
}

const hostLen = (family: number) => (family === C.AF_INET6 ? 128 : 32);

/** filter_nlmsg: does the route pass the filter. */
export function routeMatches(r: RouteMessage, f: RouteFilter): boolean {
  const h = r.header;
  const a = r.attrs;
  if (f.family && h.family !== f.family) return false;
  if (Boolean(f.cloned) !== Boolean(h.flags & R.RTM_F_CLONED)) return false;
  if (f.table && (a.table ?? h.table) !== f.table) return false;
  if (f.protocol !== undefined && h.protocol !== f.protocol) return false;
  if (f.scope !== undefined && h.scope !== f.scope) return false;
  if (f.typemask && !(f.typemask & (1 << h.type))) return false;
  if (f.tos !== undefined && h.tos !== f.tos) return false;
  const family = fam(h.family);
  if (!family) return !(f.rdst || f.mdst || f.rsrc || f.msrc || f.rvia || f.rprefsrc);
  const dst = ipBytes(a.dst, family);
  const src = ipBytes(a.src, family);
  const inside = (p: InetPrefix | undefined, len: number, bytes: Buffer) =>
    !p || ((!p.family || p.family === family) && p.bitlen <= len && bitsMatch(bytes, p.bytes, p.bitlen));
  const contains = (p: InetPrefix | undefined, len: number, bytes: Buffer) =>
    !p || ((!p.family || p.family === family) && p.bitlen >= len && bitsMatch(bytes, p.bytes, len));
  if (!inside(f.rdst, h.dstLen, dst) || !contains(f.mdst, h.dstLen, dst)) return false;
  if (!inside(f.rsrc, h.srcLen, src) || !contains(f.msrc, h.srcLen, src)) return false;
  if (f.rvia && !(a.gateway && f.rvia.family === family && bitsMatch(ipBytes(a.gateway, family), f.rvia.bytes, f.rvia.bitlen)))
    return false;
  if (f.rprefsrc && !(a.prefsrc && bitsMatch(ipBytes(a.prefsrc, family), f.rprefsrc.bytes, f.rprefsrc.bitlen))) return false;
  if (f.iif !== undefined && (a.iif ?? 0) !== f.iif) return false;
  if (f.oif !== undefined && (a.oif ?? 0) !== f.oif) return false;
  if (f.mark !== undefined && (a.mark ?? 0) !== f.mark) return false;
  if (f.metric !== undefined && (a.priority ?? 0) !== f.metric) return false;
  return true;
}

/** What ip leaves out of each line because the filter fixed it. */
export function hiddenBy(f: RouteFilter) {
  return {
    tableFixed: f.table !== 0,
    protocolFixed: f.protocol !== undefined,
    scopeFixed: f.scope !== undefined,
    oifFixed: f.oif !== undefined,
    iifFixed: f.iif !== undefined,
    metricFixed: f.metric !== undefined,
    tosFixed: f.tos !== undefined,
    ...(f.typemask ? { typemask: f.typemask } : {}),
    viaHost: f.rvia !== undefined && f.rvia.bitlen === hostLen(f.rvia.family === 6 ? C.AF_INET6 : C.AF_INET),
    prefsrcHost: f.rprefsrc !== undefined && f.rprefsrc.bitlen === hostLen(f.rprefsrc.family === 6 ? C.AF_INET6 : C.AF_INET),
  };
}
