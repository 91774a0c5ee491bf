// A route as `ip route show` prints it (iproute.c print_route): the same words in the same order,
// each followed by one space, as ip writes them (so lines end in a space, but for `pref …`).
import {
  constants as C,
  decodeMetrics,
  formatIp,
  routeConstants as R,
  type RouteMessage,
  rta_cacheinfo,
} from "@underlay/netlink";
import { PROTOCOLS, SCOPES, TABLES, TYPES } from "../grammar/route-names.js";
import { type IpColor, IpPrint } from "./ip-print.js";

/** What ip leaves out because the filter fixed it (filter.*mask == -1), and ip's -d/-s/-o. */
export interface RouteTextOptions {
  name: (ifindex: number) => string;
  details?: number;
  stats?: number;
  oneline?: boolean;
  /** `table X` was given: ip then prints no `table` word. */
  tableFixed?: boolean;
  protocolFixed?: boolean;
  scopeFixed?: boolean;
  oifFixed?: boolean;
  iifFixed?: boolean;
  metricFixed?: boolean;
  tosFixed?: boolean;
  /** filter.typemask: a type outside it prints no type word. */
  typemask?: number;
  /** `via`/`src` given as a full host address: ip leaves the word out. */
  viaHost?: boolean;
  prefsrcHost?: boolean;
  /** ip -N: type, table, protocol and scope as numbers. */
  numeric?: boolean;
  /** ip -c: addresses and device names in colour (dark: COLORFGBG's bold palette). */
  color?: boolean;
  dark?: boolean;
}

/** `text` in ip -c's colour for what it is, when colour is on. */
function painted(text: string, color: IpColor, o: RouteTextOptions): string {
  if (!o.color) return text;
  const p = new IpPrint({ json: false, color: true, ...(o.dark ? { dark: true } : {}) });
  p.fp(text, color);
  return p.text;
}

const hostLen = (family: number) => (family === C.AF_INET6 ? 128 : 32);

// print_rt_flags's order (RTNH_F_* then RTM_F_*).
const FLAG_WORDS: [number, string][] = [
  [C.RTNH_F_DEAD, "dead"],
  [C.RTNH_F_ONLINK, "onlink"],
  [C.RTNH_F_PERVASIVE, "pervasive"],
  [C.RTNH_F_OFFLOAD, "offload"],
  [C.RTNH_F_TRAP, "trap"],
  [R.RTM_F_NOTIFY, "notify"],
  [C.RTNH_F_LINKDOWN, "linkdown"],
  [C.RTNH_F_UNRESOLVED, "unresolved"],
  [R.RTM_F_OFFLOAD, "rt_offload"],
  [R.RTM_F_TRAP, "rt_trap"],
  [R.RTM_F_OFFLOAD_FAILED, "rt_offload_failed"],
];
export const flagWords = (flags: number): string[] => FLAG_WORDS.filter(([bit]) => flags & bit).map(([, w]) => w);

// mx_names: RTAX_* as ip prints them.
export const METRIC_NAMES: Record<number, string> = {
  [R.RTAX_MTU]: "mtu",
  [R.RTAX_WINDOW]: "window",
  [R.RTAX_RTT]: "rtt",
  [R.RTAX_RTTVAR]: "rttvar",
  [R.RTAX_SSTHRESH]: "ssthresh",
  [R.RTAX_CWND]: "cwnd",
  [R.RTAX_ADVMSS]: "advmss",
  [R.RTAX_REORDERING]: "reordering",
  [R.RTAX_HOPLIMIT]: "hoplimit",
  [R.RTAX_INITCWND]: "initcwnd",
  [R.RTAX_FEATURES]: "features",
  [R.RTAX_RTO_MIN]: "rto_min",
  [R.RTAX_INITRWND]: "initrwnd",
  [R.RTAX_QUICKACK]: "quickack",
  [R.RTAX_CC_ALGO]: "congctl",
  [R.RTAX_FASTOPEN_NO_COOKIE]: "fastopen_no_cookie",
};

/** One RTAX_* metric: ip's word for it, lock, and its value for -j and for text. */
export interface Metric {
  name: string;
  lock: boolean;
  json: number | string | null;
  text: string;
}

/** RTA_METRICS as print_rta_metrics walks it (RTAX_MTU up, hoplimit -1 left out). */
export function metricsOf(payload: Buffer): Metric[] {
  const mx = decodeMetrics(payload);
  const lockBits = mx.get(R.RTAX_LOCK)?.readUInt32LE(0) ?? 0;
  const out: Metric[] = [];
  for (let i = 2; i <= R.RTAX_FASTOPEN_NO_COOKIE; i++) {
    const raw = mx.get(i);
    const lock = Boolean(lockBits & (1 << i));
    if (!raw && !lock) continue;
    let val = raw && i !== R.RTAX_CC_ALGO ? raw.readUInt32LE(0) : 0;
    if (i === R.RTAX_HOPLIMIT && val === 0xffffffff) continue;
    const name = METRIC_NAMES[i] ?? `metric ${i}`;
    if (i === R.RTAX_CC_ALGO) {
      const algo = (raw ?? Buffer.alloc(0)).toString().replace(/\0.*$/, "");
      out.push({ name: "congestion", lock, json: algo, text: algo });
    } else if (i === R.RTAX_FEATURES) {
      const text = [val & 1 ? "ecn" : "", val & ~1 ? `0x${val.toString(16)}` : ""].filter(Boolean).join(" ");
      out.push({ name, lock, json: val & 1 ? null : val, text });
    } else if (i === R.RTAX_RTT || i === R.RTAX_RTTVAR || i === R.RTAX_RTO_MIN) {
      if (i === R.RTAX_RTT) val = Math.floor(val / 8);
      else if (i === R.RTAX_RTTVAR) val = Math.floor(val / 4);
      out.push({ name, lock, json: val, text: val >= 1000 ? `${val / 1e3}s` : `${val}ms` });
    } else out.push({ name, lock, json: val, text: String(val) });
  }
  return out;
}

function metricWords(payload: Buffer): string[] {
  return metricsOf(payload).flatMap((m) => [m.name === "congestion" ? "congctl" : m.name, ...(m.lock ? ["lock"] : []), m.text]);
}

// RTCF_* (include/uapi/linux/in_route.h) in print_cache_flags's order.
const CACHE_FLAGS: [number, string][] = [
  [0x80000000, "local"],
  [0x40000000, "reject"],
  [0x20000000, "mc"],
  [0x10000000, "brd"],
  [0x08000000, "dst-nat"],
  [0x00800000, "src-nat"],
  [0x00400000, "masq"],
  [0x00020000, "dst-direct"],
  [0x04000000, "src-direct"],
  [0x00040000, "redirected"],
  [0x01000000, "redirect"],
  [0x00200000, "fastroute"],
  [0x00010000, "notify"],
  [0x00080000, "proxy"],
];

/** RTCF_* names of a cloned IPv4 route, for -j's "cache" (unknown bits left out). */
export const cacheFlagNames = (rtmFlags: number): string[] =>
  CACHE_FLAGS.filter(([bit]) => rtmFlags & ~0xffff & bit).map(([, name]) => name);

/** The `cache <local,brd> ` words of a cloned IPv4 route (ip route get). */
function cacheFlagsText(rtmFlags: number): string {
  let flags = (rtmFlags & ~0xffff) >>> 0;
  if (!flags) return "cache ";
  let s = "cache <";
  for (const [bit, name] of CACHE_FLAGS) {
    if (!(flags & bit)) continue;
    flags = (flags & ~bit) >>> 0;
    s += `${name}${flags ? "," : "> "}`;
  }
  return flags ? `${s}${flags.toString(16)}>` : s;
}

// sysconf(_SC_CLK_TCK): RTA_CACHEINFO's expires is in USER_HZ.
const USER_HZ = 100;

/** RTA_CACHEINFO's fields as print_rta_cacheinfo prints them: [json key, value, text]. */
export function cacheinfoOf(raw: Buffer, stats: number): [string, number, string][] {
  const ci = rta_cacheinfo.decode(raw);
  const out: [string, number, string][] = [];
  const expires = Math.trunc(ci.expires / USER_HZ);
  if (ci.expires) out.push(["expires", expires, `expires ${expires}sec`]);
  if (ci.error) out.push(["error", ci.error, `error ${ci.error}`]);
  if (stats) {
    if (ci.clntref) out.push(["users", ci.clntref, `users ${ci.clntref}`]);
    if (ci.used) out.push(["used", ci.used, `used ${ci.used}`]);
    const age = Math.trunc(ci.lastuse / USER_HZ);
    if (ci.lastuse) out.push(["age", age, `age ${age}sec`]);
  }
  if (ci.id) out.push(["ipid", ci.id, `ipid 0x${ci.id.toString(16).padStart(4, "0")}`]);
  return out;
}

/** "10.0.0.0/24", "10.0.0.1" (a host route), or "default". */
export function dstText(r: RouteMessage): string {
  if (r.attrs.dst !== undefined)
    return r.header.dstLen === hostLen(r.header.family) ? r.attrs.dst : `${r.attrs.dst}/${r.header.dstLen}`;
  return r.header.dstLen ? `0/${r.header.dstLen} ` : "default";
}

/** RTA_VIA: struct rtvia (family u16, then the address): "inet6 fe80::1". */
function viaText(raw: Buffer): string {
  const family = raw.readUInt16LE(0);
  return `${family === C.AF_INET6 ? "inet6" : family === C.AF_INET ? "inet" : family} ${formatIp(raw.subarray(2))}`;
}

function nexthopLines(r: RouteMessage, o: RouteTextOptions, sl: string): string {
  let s = "";
  for (const nh of r.attrs.multipath ?? []) {
    s += `${sl}\tnexthop `;
    if (nh.attrs.gateway) s += `via ${painted(`${nh.attrs.gateway} `, r.header.family === C.AF_INET6 ? "inet6" : "inet", o)}`;
    if (nh.attrs.via) s += `via ${viaText(nh.attrs.via)} `;
    s += `dev ${o.name(nh.ifindex)} weight ${nh.hops + 1} `;
    for (const f of flagWords(nh.flags)) s += `${f} `;
  }
  return s;
}

/** One route, as ip prints it, with its newline. */
export function routeText(r: RouteMessage, o: RouteTextOptions): string {
  const h = r.header;
  const a = r.attrs;
  const sl = o.oneline ? "\\" : "\n";
  const details = o.details ?? 0;
  const fam: IpColor = h.family === C.AF_INET6 ? "inet6" : "inet";
  // Words as ip prints them, each with its space; an address or a device name in ip -c's colour.
  const w: string[] = [];
  const push = (...words: string[]) => {
    for (const x of words) w.push(`${x} `);
  };
  const paint = (text: string, color: IpColor) => w.push(painted(`${text} `, color, o));
  if ((h.type !== C.RTN_UNICAST || details) && (!o.typemask || o.typemask & (1 << h.type))) push(TYPES.name(h.type, o.numeric));
  if (a.dst !== undefined) paint(dstText(r), fam);
  else push(dstText(r));
  if (a.src !== undefined) {
    push("from");
    paint(h.srcLen === hostLen(h.family) ? a.src : `${a.src}/${h.srcLen}`, fam);
  } else if (h.srcLen) push("from", `0/${h.srcLen}`);
  if (a.nhId !== undefined) push(`nhid ${a.nhId}`);
  if (h.tos && !o.tosFixed) push(`tos 0x${h.tos.toString(16).padStart(2, "0")}`);
  if (a.gateway && !o.viaHost) {
    push("via");
    paint(a.gateway, fam);
  }
  if (a.via) push(`via ${viaText(a.via)}`);
  if (a.oif !== undefined && !o.oifFixed) {
    push("dev");
    paint(o.name(a.oif), "ifname");
  }
  const table = a.table ?? h.table;
  if (table && (table !== C.RT_TABLE_MAIN || details) && !o.tableFixed) push("table", TABLES.name(table, o.numeric));
  if (!(h.flags & R.RTM_F_CLONED)) {
    if ((h.protocol !== C.RTPROT_BOOT || details) && !o.protocolFixed) push("proto", PROTOCOLS.name(h.protocol, o.numeric));
    if ((h.scope !== C.RT_SCOPE_UNIVERSE || details) && !o.scopeFixed) push("scope", SCOPES.name(h.scope, o.numeric));
  }
  if (a.prefsrc && !o.prefsrcHost) {
    push("src");
    paint(a.prefsrc, fam);
  }
  if (a.priority !== undefined && !o.metricFixed) push("metric", String(a.priority));
  push(...flagWords(h.flags));
  if (a.mark) push("mark", a.mark >= 16 ? `0x${a.mark.toString(16)}` : String(a.mark));
  if (a.uid !== undefined) push("uid", String(a.uid));
  let s = w.join("");
  if (h.family === C.AF_INET && h.flags & R.RTM_F_CLONED) s += `${sl}    ${cacheFlagsText(h.flags)}`;
  if ((h.family === C.AF_INET || h.family === C.AF_INET6) && a.cacheinfo)
    s += cacheinfoOf(a.cacheinfo, o.stats ?? 0)
      .map(([, , x]) => `${x} `)
      .join("");
  if (a.metrics)
    s += metricWords(a.metrics)
      .map((x) => `${x} `)
      .join("");
  if (a.iif !== undefined && !o.iifFixed) s += `iif ${painted(`${o.name(a.iif)} `, "ifname", o)}`;
  if (a.pref !== undefined)
    s += a.pref === 0 ? "pref medium" : a.pref === 1 ? "pref high" : a.pref === 3 ? "pref low" : `${a.pref}`;
  return `${s}${nexthopLines(r, o, sl)}\n`;
}
