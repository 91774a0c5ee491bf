// `neigh add|del|change|replace` and `neigh show|flush` in ip's words (ipneigh.c): which keywords
// take a prefix (lladdr, proxy, extern_learn, protocol) and which only the whole word is ip's.
import { type NeighSpec, NUD_STATES, type NudState, parseIp } from "@underlay/netlink";
import { ExitError } from "../dispatch/exit-codes.js";
import { matches } from "../dispatch/matches.js";
import { UsageError, Words } from "../words.js";
import { type InetPrefix, inetPrefix } from "./inet-prefix.js";
import { PROTOCOLS } from "./route-names.js";

/** nud_state_a2n(): permanent, reachable and failed by prefix, the rest whole, or one NUD bit as a number. */
export function nudState(word: string): number | undefined {
  if (matches(word, "permanent")) return NUD_STATES.permanent;
  if (matches(word, "reachable")) return NUD_STATES.reachable;
  const whole = ["noarp", "none", "stale", "incomplete", "delay", "probe"] as const;
  for (const s of whole) if (word === s) return NUD_STATES[s];
  if (matches(word, "failed")) return NUD_STATES.failed;
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(word) ? Number(word) : Number.NaN;
  if (Number.isInteger(n) && n < 0x100 && !(n & (n - 1))) return n;
  return undefined;
}

const STATE_WORDS = Object.keys(NUD_STATES).join(", ");
const nudOf = (n: number): NudState => (Object.entries(NUD_STATES).find(([, v]) => v === n)?.[0] ?? "none") as NudState;

/** get_addr(): an address of the family given (-4/-6), or ip's exit 1. */
function address(word: string, family: 4 | 6 | undefined, command: string): string {
  let bytes: Buffer;
  try {
    bytes = parseIp(word);
  } catch {
    throw new ExitError(`${command}: invalid address "${word}": expected an IPv4 or IPv6 address`, 1);
  }
  if (family && (bytes.length === 4 ? 4 : 6) !== family)
    throw new ExitError(`${command}: "${word}" is not an IPv${family} address`, 1);
  return word;
}

function protocol(w: Words, keyword: string, allowAll: boolean): number {
  const v = w.value(keyword);
  if (allowAll && v === "all") return 0;
  const p = PROTOCOLS.number(v);
  if (p === undefined)
    throw new UsageError(`${w.command}: invalid protocol "${v}": allowed values are ${PROTOCOLS.names.join(", ")} or 0-255`);
  return p;
}

export interface NeighRequest extends Omit<NeighSpec, "dev" | "nud"> {
  /** Left out only by a proxy entry (ip's `proxy ADDR` counts as the device). */
  dev?: string;
  /** The NUD bits (ip also takes one bit as a number). */
  state?: number;
}

/** ipneigh_modify()'s words: `{ ADDR | proxy ADDR } [lladdr LLADDR] [nud STATE] dev DEV [router] [use] [managed] [extern_learn] [protocol P]`. */
export function parseNeighModify(verb: string, words: readonly string[], family: 4 | 6 | undefined): NeighRequest {
  const command = `neigh ${verb}`;
  const w = new Words(words, command);
  const r: Partial<NeighRequest> = {};
  let devOk = false;
  const setDst = (word: string, keyword: string) => {
    if (r.dst !== undefined) throw new UsageError(`${command}: duplicate "${keyword}": "${word}" is the second address`);
    r.dst = address(word, family, command);
  };
  while (!w.done) {
    const word = w.next() as string;
    if (matches(word, "lladdr")) {
      if (r.lladdr !== undefined) throw new UsageError(`${command}: duplicate "lladdr"`);
      r.lladdr = w.value("lladdr");
    } else if (word === "nud") {
      const v = w.value("nud");
      const s = nudState(v);
      if (s === undefined) throw new UsageError(`${command}: invalid nud state "${v}": allowed values are ${STATE_WORDS}`);
      r.state = s;
    } else if (matches(word, "proxy")) {
      setDst(w.value("proxy"), "proxy");
      devOk = true;
      r.proxy = true;
    } else if (word === "router") r.router = true;
    else if (word === "use") r.use = true;
    else if (word === "managed") r.managed = true;
    else if (matches(word, "extern_learn")) r.externLearn = true;
    else if (word === "dev") {
      r.dev = w.value("dev");
      devOk = true;
    } else if (matches(word, "protocol")) r.protocol = protocol(w, "protocol", false);
    else setDst(word === "to" ? w.value("to") : word, "to");
  }
  if (!devOk || r.dst === undefined)
    throw new UsageError(`${command}: Device and destination are required arguments: neigh ${verb} ADDR [lladdr LLADDR] dev DEV`);
  return r as NeighRequest;
}

/** The request as netlink's NeighSpec, with its state as a name. */
export function neighSpec(r: NeighRequest, dev: NeighSpec["dev"]): NeighSpec {
  const { state, ...rest } = r;
  return { ...rest, dev, ...(state === undefined ? {} : { nud: nudOf(state) }) };
}

/** What `neigh show|flush` selects. Entries are filtered as ip filters them (print_neigh). */
export interface NeighFilter {
  dev?: string;
  /** `master DEV` (`vrf NAME`); -1 for `nomaster`. */
  master?: string | -1;
  /** The master was given as `vrf NAME`: it must be a VRF. */
  vrf: boolean;
  /** NUD bits; 0x100 stands for NUD_NONE (state 0). */
  states: number;
  proxy: boolean;
  unused: boolean;
  protocol?: number;
  to?: InetPrefix;
  family?: 4 | 6;
}

const NUD_NOARP = NUD_STATES.noarp;
const NUD_PERMANENT = NUD_STATES.permanent;

/** do_show_or_flush()'s words: `[proxy] [to PREFIX] [dev DEV] [nud STATE] [master DEV] [vrf NAME] [nomaster] [unused] [protocol P]`. */
export function parseNeighFilter(words: readonly string[], flush: boolean, family: 4 | 6 | undefined): NeighFilter {
  const command = flush ? "neigh flush" : "neigh show";
  if (flush && !words.length) throw new ExitError("Flush requires arguments.", 1);
  const w = new Words(words, command);
  const f: NeighFilter = {
    states: flush ? ~(NUD_PERMANENT | NUD_NOARP) : 0xff & ~NUD_NOARP,
    proxy: false,
    unused: false,
    vrf: false,
    ...(family ? { family } : {}),
  };
  let stateGiven = false;
  while (!w.done) {
    const word = w.next() as string;
    if (word === "dev") {
      if (f.dev !== undefined) throw new UsageError(`${command}: duplicate "dev"`);
      f.dev = w.value("dev");
    } else if (word === "master" || word === "vrf") {
      f.master = w.value(word);
      f.vrf = word === "vrf";
    } else if (word === "nomaster") f.master = -1;
    else if (word === "unused") f.unused = true;
    else if (word === "nud") {
      const v = w.value("nud");
      if (!stateGiven) f.states = 0;
      stateGiven = true;
      let s = nudState(v);
      if (s === undefined) {
        if (v !== "all") throw new UsageError(`${command}: invalid nud state "${v}": allowed values are ${STATE_WORDS}, all`);
        s = flush ? ~NUD_NOARP : ~0;
      }
      f.states |= s === 0 ? 0x100 : s;
    } else if (word === "proxy") f.proxy = true;
    else if (matches(word, "protocol")) f.protocol = protocol(w, "protocol", true);
    else {
      f.to = inetPrefix(word === "to" ? w.value("to") : word, f.family, command);
      f.family ??= f.to.family;
    }
  }
  return f;
}
