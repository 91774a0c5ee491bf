// `address add|change|replace|del …` read as ipaddress.c's ipaddr_modify reads it (its keywords in
// its order, strcmp or prefix as it has them), and the RTM_*ADDR message it would send.
import { type AddrAttrs, type AddrMessage, constants as C } from "@underlay/netlink";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import { IFA_FLAG_BITS } from "../render/address-print.js";
import { UsageError, Words } from "../words.js";
import { badAddress, type InetPrefix, inetPrefix } from "./inet-prefix.js";
import { exact, type IpKeyword, kw, readIp } from "./ip-keywords.js";
import { scope } from "./scope.js";

// ifa_flag_data[]'s flags a user may not set, and those only IPv6 has.
const READONLY = new Set(["secondary", "temporary", "dadfailed", "deprecated", "tentative", "permanent", "stable-privacy"]);
const V6ONLY = new Set([
  "nodad",
  "optimistic",
  "dadfailed",
  "home",
  "deprecated",
  "tentative",
  "permanent",
  "mngtmpaddr",
  "stable-privacy",
]);
const INFINITY_LIFE_TIME = 0xffffffff;
/** The flag words, once: spread per line they were a fresh array for every -batch line. */
const FLAG_WORDS = [...IFA_FLAG_BITS.keys()];

const fail = (message: string) => new ExitError(message, EXIT_FAILURE);

/** set_lifetime(): "forever" or a u32 of seconds. */
function lifetime(w: Words, k: string): number {
  const v = w.value(k);
  if (v === "forever") return INFINITY_LIFE_TIME;
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff)
    throw new UsageError(`${w.command}: invalid ${k} "${v}": give forever or seconds`);
  return Number(v);
}

/** An IPv4 address's bytes with the host bits (from `bitlen` on) set (brd +) or cleared (brd -). */
function hostBits(p: InetPrefix, set: boolean): string {
  const n = p.bytes.readUInt32BE(0);
  const host = p.bitlen === 0 ? 0xffffffff : (1 << (32 - p.bitlen)) - 1;
  const v = set ? (n | host) >>> 0 : (n & ~host) >>> 0;
  return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join(".");
}

export interface AddressRequest {
  msg: AddrMessage;
  dev: string;
  /** The address as written (for messages). */
  cidr?: string;
}

/** ipaddr_modify's words → the message (ifindex 0: the caller resolves `dev`). Warnings go to `warn`. */
export function parseAddressModify(
  command: string,
  words: readonly string[],
  del: boolean,
  preferred: 4 | 6 | undefined,
  warn: (text: string) => void,
): AddressRequest {
  const w = new Words(words, command);
  let family = preferred;
  const h = { family: 0, prefixlen: 0, flags: 0, scope: 0, index: 0 };
  const a: AddrAttrs = {};
  let dev: string | undefined;
  let local: InetPrefix | undefined;
  let peer: InetPrefix | undefined;
  let brd: "+" | "-" | undefined;
  let scoped = false;
  let flags = 0;
  let valid: number | undefined;
  let prefered: number | undefined;
  const prefix = (word: string) => {
    const p = inetPrefix(word, family, command);
    family ??= p.family;
    return p;
  };
  const address = (w: Words, k: string) => {
    const p = prefix(w.value(k));
    if (p.lenGiven && p.bitlen !== (p.family === 4 ? 32 : 128))
      throw badAddress(`${command}: ${k} takes an address, not a prefix`);
    return p.address as string;
  };
  const metric = (w: Words, k: string) => {
    a.rtPriority = w.int(k, 0, 0xffffffff);
  };
  const broadcast = (w: Words, k: string) => {
    if (brd || a.broadcast) throw new UsageError(`${command}: "broadcast" is given twice`);
    const v = w.peek();
    if (v === "+" || v === "-") {
      w.next();
      brd = v;
    } else a.broadcast = address(w, k);
  };
  const table: IpKeyword[] = [
    exact(["peer", "remote"], (w, k) => {
      if (peer) throw new UsageError(`${command}: "peer" is given twice`);
      peer = prefix(w.value(k));
      a.address = peer.address;
      h.prefixlen = peer.bitlen;
    }),
    kw("broadcast", broadcast),
    exact("brd", broadcast),
    exact("anycast", (w, k) => {
      a.anycast = address(w, k);
    }),
    exact("scope", (w, k) => {
      h.scope = scope(w, k);
      scoped = true;
    }),
    exact("dev", (w, k) => {
      dev = w.value(k);
    }),
    exact("label", (w, k) => {
      a.label = w.value(k);
    }),
    kw(["metric", "priority", "preference"], metric),
    kw("valid_lft", (w, k) => {
      if (valid !== undefined) throw new UsageError(`${command}: "valid_lft" is given twice`);
      valid = lifetime(w, k);
    }),
    kw("preferred_lft", (w, k) => {
      if (prefered !== undefined) throw new UsageError(`${command}: "preferred_lft" is given twice`);
      prefered = lifetime(w, k);
    }),
    exact(FLAG_WORDS, (_w, name) => {
      if (READONLY.has(name)) warn(`Warning: ${name} option is not mutable from userspace\n`);
      else if (V6ONLY.has(name) && family !== 6) warn(`Warning: ${name} option can be set only for IPv6 addresses\n`);
      else flags |= IFA_FLAG_BITS.get(name) as number;
    }),
  ];
  readIp(w, table, (word) => {
    const text = word === "local" ? w.value("local") : word;
    if (local) throw new UsageError(`${command}: either "local" is duplicate, or "${text}" is a garbage.`);
    local = prefix(text);
    a.local = local.address;
  });
  if (flags <= 0xff) h.flags = flags;
  else a.flags = flags;
  if (dev === undefined) throw fail('Not enough information: "dev" argument is required.');
  if (!peer && local) {
    if (del && local.family === 4 && !local.lenGiven)
      warn(
        `Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${local.address}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`,
      );
    else a.address = local.address;
  }
  if (h.prefixlen === 0) h.prefixlen = local?.bitlen ?? 0;
  h.family = family === 6 ? C.AF_INET6 : family === 4 ? C.AF_INET : C.AF_UNSPEC;
  if (brd && !del) {
    if (h.family !== C.AF_INET) throw fail("Broadcast can be set only for IPv4 addresses");
    const base = peer ?? local;
    if (base && base.bitlen <= 30) a.broadcast = hostBits(base, brd === "+");
  }
  if (!scoped && !del) h.scope = local?.family === 4 && local.bytes[0] === 127 ? C.RT_SCOPE_HOST : 0;
  if (valid !== undefined || prefered !== undefined) {
    const v = valid ?? INFINITY_LIFE_TIME;
    const pr = prefered ?? INFINITY_LIFE_TIME;
    if (!v) throw fail("valid_lft is zero");
    if (v < pr) throw fail("preferred_lft is greater than valid_lft");
    a.cacheinfo = { prefered: pr, valid: v, cstamp: 0, tstamp: 0 };
  }
  if (flags & C.IFA_F_MCAUTOJOIN) {
    const b = local?.bytes;
    const multicast = b && (b.length === 4 ? (b[0] as number) >> 4 === 14 : b[0] === 0xff);
    if (!multicast) throw fail("autojoin needs multicast address");
  }
  return { msg: { header: h, attrs: a }, dev, ...(local?.address ? { cidr: `${local.address}/${h.prefixlen}` } : {}) };
}
