// `route add|change|replace|prepend|append|test|del …` read as iproute.c's iproute_modify reads it:
// keywords in its order (strcmp or prefix as it has them), then the message it would send.
import {
  constants as C,
  encodeMetrics,
  parseIp,
  routeConstants as R,
  type RouteAttrs,
  type RouteMessage,
  type RtNexthop,
} from "@underlay/netlink";
import { UsageError, Words } from "../words.js";
import { badAddress, inetPrefix } from "./inet-prefix.js";
import { exact, type IpKeyword, kw, readIp, tosKeywords } from "./ip-keywords.js";
import { PROTOCOLS, TABLES, TYPES } from "./route-names.js";
import { named, scope } from "./scope.js";

/** Resolves a link name to its index (the command's name cache); `operation` names the command in an error. */
export type IfIndex = (name: string, operation: string) => number;

const AF = (f: 4 | 6) => (f === 4 ? C.AF_INET : C.AF_INET6);

/** read_family(): `via inet6 ADDR` names the gateway's family. */
function readGateway(w: Words, keyword: string): { family: 4 | 6; bytes: Buffer; text: string } {
  let word = w.value(keyword);
  if (word === "inet" || word === "inet6") word = w.value(keyword);
  let bytes: Buffer;
  try {
    bytes = parseIp(word);
  } catch {
    throw badAddress(`${w.command}: invalid ${keyword} "${word}": expected an IPv4 or IPv6 address`);
  }
  return { family: bytes.length === 4 ? 4 : 6, bytes, text: word };
}

/** struct rtvia: family (u16) then the address, for a gateway of another family than the route. */
function rtvia(family: 4 | 6, bytes: Buffer): Buffer {
  const b = Buffer.alloc(2 + bytes.length);
  b.writeUInt16LE(AF(family), 0);
  bytes.copy(b, 2);
  return b;
}

const u32 =
  (min = 0, max = 0xffffffff) =>
  (w: Words, k: string) =>
    w.int(k, min, max);

/** get_time_rtt(): "300ms", "2s" or a raw number (then not scaled). */
function rttValue(w: Words, k: string): { ms: number; raw: boolean } {
  const t = w.value(k);
  const m = /^(\d+(?:\.\d+)?)(s|sec|secs|ms|msec|msecs)?$/.exec(t);
  if (!m) throw new UsageError(`${w.command}: invalid ${k} "${t}": expected N, Nms or Ns`);
  const n = Number(m[1]);
  if (!m[2]) return { ms: n, raw: true };
  return { ms: Math.round(m[2].startsWith("m") ? n : n * 1000), raw: false };
}

/** iproute_modify's words → the RTM_*ROUTE message. `del`: the sparse message ip sends for delete. */
export function parseRouteModify(
  command: string,
  words: readonly string[],
  del: boolean,
  preferred: 4 | 6 | undefined,
  ifindex: IfIndex,
): RouteMessage {
  const w = new Words(words, command);
  let family = preferred;
  const h = {
    family: 0,
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: C.RT_TABLE_MAIN,
    protocol: del ? 0 : C.RTPROT_BOOT,
    scope: del ? 255 : C.RT_SCOPE_UNIVERSE,
    type: del ? 0 : C.RTN_UNICAST,
    flags: 0,
  };
  const a: RouteAttrs = {};
  const metrics = new Map<number, number | string>();
  let mxlock = 0;
  let gwOk = false;
  let dstOk = false;
  let scopeOk = false;
  let tableOk = false;
  let dev: string | undefined;
  let nexthops: RtNexthop[] | undefined;
  const setFamily = (f: 4 | 6) => {
    family ??= f;
  };
  const metric = (type: number, read: (w: Words, k: string) => number | string, lockable = true): IpKeyword["run"] => {
    return (w, k) => {
      if (lockable && w.peek() === "lock") {
        w.next();
        mxlock |= 1 << type;
      }
      metrics.set(type, read(w, k));
    };
  };
  const rtt = (type: number, scale: number) =>
    metric(type, (w, k) => {
      const v = rttValue(w, k);
      return v.raw ? v.ms : v.ms * scale;
    });
  const unsupported = (w: Words, word: string) => {
    throw new UsageError(`${w.command}: "${word}" is not supported by underlay`);
  };
  const gateway = (w: Words, k: string, into: { gateway?: string; via?: Buffer }) => {
    const g = readGateway(w, k);
    setFamily(g.family);
    if (g.family === family) into.gateway = g.text;
    else into.via = rtvia(g.family, g.bytes);
  };
  const table: IpKeyword[] = [
    exact("src", (w, k) => {
      const p = inetPrefix(w.value(k), family, w.command);
      setFamily(p.family as 4 | 6);
      a.prefsrc = p.address;
    }),
    exact("as", unsupported),
    exact("via", (w, k) => {
      if (gwOk) throw new UsageError(`${w.command}: use nexthop syntax to specify multiple via`);
      gwOk = true;
      gateway(w, k, a);
    }),
    exact("from", (w, k) => {
      const p = inetPrefix(w.value(k), family, w.command);
      if (p.family) setFamily(p.family);
      if (p.address) a.src = p.address;
      h.srcLen = p.bitlen;
    }),
    ...tosKeywords((tos) => {
      h.tos = tos;
    }),
    exact("expires", (w, k) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(w.int(k, 0, 0xffffffff));
      a.expires = b;
    }),
    kw(["metric", "priority"], (w, k) => {
      a.priority = w.int(k, 0, 0xffffffff);
    }),
    exact("preference", (w, k) => {
      a.priority = w.int(k, 0, 0xffffffff);
    }),
    exact("scope", (w, k) => {
      h.scope = scope(w, k);
      scopeOk = true;
    }),
    exact("mtu", metric(R.RTAX_MTU, u32())),
    exact("hoplimit", metric(R.RTAX_HOPLIMIT, u32(0, 255))),
    exact("advmss", metric(R.RTAX_ADVMSS, u32())),
    kw("reordering", metric(R.RTAX_REORDERING, u32())),
    exact("rtt", rtt(R.RTAX_RTT, 8)),
    exact("rto_min", (w, k) => {
      mxlock |= 1 << R.RTAX_RTO_MIN;
      metrics.set(R.RTAX_RTO_MIN, rttValue(w, k).ms);
    }),
    kw("window", metric(R.RTAX_WINDOW, u32())),
    kw("cwnd", metric(R.RTAX_CWND, u32())),
    kw("initcwnd", metric(R.RTAX_INITCWND, u32())),
    kw("initrwnd", metric(R.RTAX_INITRWND, u32())),
    exact(
      "features",
      metric(R.RTAX_FEATURES, (w, k) => (w.oneOf(k, ["ecn"]) === "ecn" ? 1 : 0), false),
    ),
    kw("quickack", metric(R.RTAX_QUICKACK, u32(0, 1), false)),
    exact(
      "congctl",
      metric(R.RTAX_CC_ALGO, (w, k) => w.value(k)),
    ),
    kw("rttvar", rtt(R.RTAX_RTTVAR, 4)),
    kw("ssthresh", metric(R.RTAX_SSTHRESH, u32())),
    kw("realms", unsupported),
    exact("onlink", () => {
      h.flags |= C.RTNH_F_ONLINK;
    }),
    exact("nexthop", (w) => {
      nexthops = parseNexthops(w, family, ifindex, (f) => setFamily(f));
    }),
    kw("nhid", (w, k) => {
      a.nhId = w.int(k, 0, 0xffffffff);
    }),
    kw("protocol", (w, k) => {
      h.protocol = named(w, k, PROTOCOLS);
    }),
    kw("table", (w, k) => {
      const id = named(w, k, TABLES);
      if (id < 256) h.table = id;
      else {
        h.table = C.RT_TABLE_UNSPEC;
        a.table = id;
      }
      tableOk = true;
    }),
    kw("vrf", unsupported),
    kw(["dev", "oif"], (w, k) => {
      dev = w.value(k);
    }),
    kw("pref", (w, k) => {
      const v = w.value(k);
      const p = { low: 3, medium: 0, high: 1 }[v] ?? (/^\d+$/.test(v) && Number(v) < 256 ? Number(v) : undefined);
      if (p === undefined) throw new UsageError(`${w.command}: invalid pref "${v}": allowed values are low, medium, high`);
      a.pref = p;
    }),
    exact(["encap", "ttl-propagate"], unsupported),
    kw("fastopen_no_cookie", metric(R.RTAX_FASTOPEN_NO_COOKIE, u32(0, 1), false)),
  ];
  readIp(w, table, (word) => {
    let d = word === "to" ? w.value("to") : word;
    const t = /^[0-9]/.test(d) || d === "default" ? undefined : TYPES.number(d === "brd" ? "broadcast" : d);
    if (t !== undefined && !/^\d/.test(d)) {
      h.type = t;
      d = w.value(TYPES.name(t));
    }
    if (dstOk) throw new UsageError(`${command}: two destinations: "${d}"; one is allowed`);
    const p = inetPrefix(d, family, command);
    if (p.family) setFamily(p.family);
    h.dstLen = p.bitlen;
    if (p.address) a.dst = p.address;
    dstOk = true;
  });
  if (!dstOk) throw new UsageError(`${command}: give a destination: ${command} [TYPE] {PREFIX|default} …`);
  h.family = AF(family ?? 4);
  if (dev !== undefined) a.oif = ifindex(dev, `${command} ${a.dst === undefined ? "default" : `${a.dst}/${h.dstLen}`}`);
  if (metrics.size) {
    if (mxlock) metrics.set(R.RTAX_LOCK, mxlock);
    a.metrics = encodeMetrics(metrics);
  }
  if (nexthops?.length) a.multipath = nexthops;
  if (!tableOk && [C.RTN_LOCAL, C.RTN_BROADCAST, 10, C.RTN_ANYCAST].includes(h.type)) h.table = C.RT_TABLE_LOCAL;
  if (!scopeOk) {
    if (h.family === C.AF_INET6) h.scope = C.RT_SCOPE_UNIVERSE;
    else if (h.type === C.RTN_LOCAL || h.type === 10) h.scope = C.RT_SCOPE_HOST;
    else if ([C.RTN_BROADCAST, C.RTN_MULTICAST, C.RTN_ANYCAST].includes(h.type)) h.scope = C.RT_SCOPE_LINK;
    else if (h.type === C.RTN_UNICAST || h.type === C.RTN_UNSPEC) {
      if (del) h.scope = 255;
      else if (!gwOk && !nexthops && a.nhId === undefined) h.scope = C.RT_SCOPE_LINK;
    }
  }
  return { header: h, attrs: a };
}

/** parse_nexthops: `nexthop via A dev D weight W [onlink] nexthop …` to the end of the line. */
function parseNexthops(w: Words, family: 4 | 6 | undefined, ifindex: IfIndex, setFamily: (f: 4 | 6) => void): RtNexthop[] {
  const out: RtNexthop[] = [];
  let f = family;
  for (let first = true; !w.done || first; first = false) {
    if (!first) {
      const word = w.next() as string;
      if (word !== "nexthop") throw new UsageError(`${w.command}: "nexthop" or end of line is expected instead of "${word}"`);
    }
    if (w.done) throw new UsageError(`${w.command}: unexpected end of line after "nexthop"`);
    const nh: RtNexthop = { flags: 0, hops: 0, ifindex: 0, attrs: {} };
    for (let word = w.peek(); word !== undefined && word !== "nexthop"; word = w.peek()) {
      w.next();
      if (word === "via") {
        const g = readGateway(w, word);
        f ??= g.family;
        setFamily(g.family);
        if (g.family === f) nh.attrs.gateway = g.text;
        else nh.attrs.via = rtvia(g.family, g.bytes);
      } else if (word === "dev") nh.ifindex = ifindex(w.value(word), w.command);
      else if (word === "weight") nh.hops = w.int(word, 1, 256) - 1;
      else if (word === "onlink") nh.flags |= C.RTNH_F_ONLINK;
      else throw new UsageError(`${w.command}: unknown nexthop keyword "${word}": allowed are via, dev, weight, onlink`);
    }
    out.push(nh);
  }
  return out;
}
