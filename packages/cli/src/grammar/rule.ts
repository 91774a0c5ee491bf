// `rule add|del` and `rule show|flush` in ip's words (iprule.c): which keywords take a prefix
// (preference, table, realms, protocol, suppress_*, goto, nop) and which only the whole word.
import type { Range, RuleAction, RuleSpec } from "@underlay/netlink";
import { ExitError } from "../dispatch/exit-codes.js";
import { matches } from "../dispatch/matches.js";
import { UsageError, Words } from "../words.js";
import { type InetPrefix, inetPrefix } from "./inet-prefix.js";
import { dsfieldNumber, groupNumber, ipProtoNumber } from "./ip-names.js";
import { PROTOCOLS, TABLES, TYPES } from "./route-names.js";

/** get_u32(): decimal, 0x hex or 0 octal, as strtoul with base 0. */
export function cNumber(word: string, max = 0xffffffff): number | undefined {
  let n = Number.NaN;
  if (/^0x[0-9a-f]+$/i.test(word)) n = Number.parseInt(word.slice(2), 16);
  else if (/^0[0-7]*$/.test(word)) n = Number.parseInt(word, 8);
  else if (/^\d+$/.test(word)) n = Number(word);
  return Number.isInteger(n) && n <= max ? n : undefined;
}

function need<T>(w: Words, v: T | undefined, what: string, text: string, allowed: string): T {
  if (v === undefined) throw new UsageError(`${w.command}: invalid ${what} "${text}": allowed values are ${allowed}`);
  return v;
}

const u32 = (w: Words, keyword: string) => {
  const v = w.value(keyword);
  return need(w, cNumber(v), keyword, v, "0-4294967295");
};

/** `A-B` (uidrange) or `A[-B]` (ports). */
function range(w: Words, keyword: string, single: boolean, max: number): Range {
  const v = w.value(keyword);
  const m = v.match(single ? /^(\d+)(?:-(\d+))?$/ : /^(\d+)-(\d+)$/);
  const start = Number(m?.[1]);
  const end = m?.[2] === undefined ? start : Number(m[2]);
  if (!m || start > max || end > max)
    throw new UsageError(`${w.command}: invalid ${keyword} "${v}": expected ${single ? "N or " : ""}N-M, 0-${max}`);
  return { start, end };
}

function table(w: Words, keyword: string): number {
  const v = w.value(keyword);
  return need(w, TABLES.number(v), "table", v, `${TABLES.names.join(", ")} or a number`);
}

function protocol(w: Words, keyword: string): number {
  const v = w.value(keyword);
  return need(w, PROTOCOLS.number(v), "protocol", v, `${PROTOCOLS.names.join(", ")} or 0-255`);
}

/** A prefix of the rule's family; one of the other family is what the kernel refuses (ip's exit 2). */
function prefix(w: Words, keyword: string, family: 4 | 6 | undefined): InetPrefix {
  const v = w.value(keyword);
  const p = inetPrefix(v, undefined, w.command);
  if (p.family !== (family ?? 4) && p.bitlen > 0)
    throw new ExitError(
      `${w.command}: ${keyword} ${v} is an IPv${p.family} prefix in an IPv${family ?? 4} rule (use -${p.family})`,
      2,
    );
  return p;
}

const prefixText = (p: InetPrefix) => (p.address === undefined ? "all" : `${p.address}/${p.bitlen}`);

/** `realms [FROM/]TO` or a raw number: FRA_FLOW. */
function realms(w: Words, keyword: string): number {
  const v = w.value(keyword);
  const [a, b] = v.split("/");
  const from = b === undefined ? 0 : cNumber(a ?? "", 0xff);
  const to = cNumber(b ?? a ?? "", b === undefined ? 0xffffffff : 0xff);
  return need(w, from === undefined || to === undefined ? undefined : (from << 16) | to, "realms", v, "[FROM/]TO, 0-255 each");
}

/** A rule type word (iprule.c's last branch): goto N, nop, or a route type (rtnl_rtntype_a2n). */
function ruleType(w: Words, word: string, r: RuleSpec): void {
  if (matches(word, "goto")) {
    r.action = "goto";
    r.goto = u32(w, "goto");
    return;
  }
  if (matches(word, "nop")) {
    r.action = "nop";
    return;
  }
  const named: [string, boolean, RuleAction | number][] = [
    ["local", true, 2],
    ["nat", true, 10],
    ["broadcast", false, 3],
    ["anycast", false, 4],
    ["multicast", false, 5],
    ["prohibit", false, "prohibit"],
    ["unreachable", false, "unreachable"],
    ["blackhole", true, "blackhole"],
    ["xresolve", false, 11],
    ["unicast", false, "lookup"],
    ["throw", true, 9],
  ];
  const hit = named.find(([name, whole]) => (whole ? word === name : matches(word, name)));
  const action = hit ? hit[2] : cNumber(word, 0xff);
  if (action === undefined)
    throw new UsageError(`${w.command}: unknown rule type "${word}": allowed are goto N, nop, ${TYPES.names.join(", ")}`);
  r.action = action;
}

/** iprule_modify()'s words. */
export function parseRuleModify(verb: "add" | "del", words: readonly string[], family: 4 | 6 | undefined): RuleSpec {
  if (!words.length) throw new ExitError(`"ip rule ${verb}" requires arguments.`, 1);
  const w = new Words(words, `rule ${verb}`);
  const r: RuleSpec = family ? { family } : {};
  while (!w.done) {
    const word = w.next() as string;
    if (word === "not") r.not = true;
    else if (word === "from") r.from = prefixText(prefix(w, "from", family));
    else if (word === "to") r.to = prefixText(prefix(w, "to", family));
    else if (matches(word, "preference") || matches(word, "order") || matches(word, "priority"))
      r.priority = u32(w, "preference");
    else if (word === "tos" || matches(word, "dsfield")) {
      const v = w.value("tos");
      r.tos = need(w, dsfieldNumber(v), "TOS", v, "a DS field name or hex 00-ff");
    } else if (word === "fwmark") {
      const v = w.value("fwmark");
      const [mark = "", mask] = v.split("/");
      r.fwmark = need(w, cNumber(mark), "fwmark", mark, "0-4294967295");
      if (mask !== undefined) r.fwmask = need(w, cNumber(mask), "fwmask", mask, "0-4294967295");
    } else if (matches(word, "realms")) r.realms = realms(w, "realms");
    else if (matches(word, "protocol")) r.protocol = protocol(w, "protocol");
    else if (matches(word, "tun_id")) throw new UsageError(`${w.command}: tun_id is not supported by underlay: use ip`);
    else if (matches(word, "table") || word === "lookup") r.table = table(w, word);
    else if (matches(word, "suppress_prefixlength") || word === "sup_pl") {
      const v = w.value("suppress_prefixlength");
      r.suppressPrefixlength = need(w, cNumber(v, 0x7fffffff), "suppress_prefixlength", v, "0-2147483647");
    } else if (matches(word, "suppress_ifgroup") || word === "sup_group") {
      const v = w.value("suppress_ifgroup");
      r.suppressIfgroup = need(w, groupNumber(v), "suppress_ifgroup", v, "a group name (/etc/iproute2/group) or a number");
    } else if (word === "dev" || word === "iif") r.iif = w.value(word);
    else if (word === "oif") r.oif = w.value(word);
    else if (word === "l3mdev") r.l3mdev = true;
    else if (word === "uidrange") r.uidRange = range(w, "uidrange", false, 0xffffffff);
    else if (word === "nat" || matches(word, "map-to"))
      throw new UsageError(`${w.command}: route NAT is gone from the kernel: "${word}" is not supported`);
    else if (word === "ipproto") {
      const v = w.value("ipproto");
      r.ipProto = need(w, ipProtoNumber(v), "ipproto", v, "a protocol name (tcp, udp…) or 0-255");
    } else if (word === "sport" || word === "dport") r[word] = range(w, word, true, 0xffff);
    else ruleType(w, word === "type" ? w.value("type") : word, r);
  }
  // ip returns -EINVAL from main() here: exit 22.
  if (r.l3mdev && r.table) throw new ExitError("table can not be specified for l3mdev rules", 22);
  return r;
}

/** What `rule show|flush` selects (iprule.c's filter_nlmsg). */
export interface RuleFilter {
  not?: boolean;
  priority?: number;
  tos?: number;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  l3mdev?: boolean;
  uidRange?: Range;
  table?: number;
  from?: InetPrefix;
  to?: InetPrefix;
  /** flush only: the protocol; undefined for all. */
  protocol?: number;
  ipProto?: number;
  sport?: Range;
  dport?: Range;
}

/** iprule_list_flush_or_save()'s words. */
export function parseRuleFilter(verb: string, words: readonly string[], family: 4 | 6): RuleFilter {
  const w = new Words(words, `rule ${verb}`);
  const f: RuleFilter = {};
  const inet = (keyword: string) => {
    const v = w.value(keyword);
    return inetPrefix(v, family, w.command);
  };
  while (!w.done) {
    const word = w.next() as string;
    if (matches(word, "preference") || matches(word, "order") || matches(word, "priority")) f.priority = u32(w, "preference");
    else if (word === "not") f.not = true;
    else if (word === "tos" || word === "dsfield") {
      const v = w.value(word);
      f.tos = need(w, dsfieldNumber(v), "TOS", v, "a DS field name or hex 00-ff");
    } else if (word === "fwmark") {
      const [mark = "", mask] = w.value("fwmark").split("/");
      f.fwmark = need(w, cNumber(mark), "fwmark", mark, "0-4294967295");
      if (mask !== undefined) f.fwmask = need(w, cNumber(mask), "fwmask", mask, "0-4294967295");
    } else if (word === "dev" || word === "iif") f.iif = w.value(word);
    else if (word === "oif") f.oif = w.value(word);
    else if (word === "l3mdev") f.l3mdev = true;
    else if (word === "uidrange") f.uidRange = range(w, "uidrange", false, 0xffffffff);
    else if (matches(word, "tun_id")) throw new UsageError(`${w.command}: tun_id is not supported by underlay: use ip`);
    else if (matches(word, "lookup") || matches(word, "table")) f.table = table(w, word);
    else if (matches(word, "from") || matches(word, "src")) f.from = inet(word);
    else if (matches(word, "protocol")) {
      const v = w.value("protocol");
      f.protocol = v === "all" ? undefined : need(w, PROTOCOLS.number(v), "protocol", v, `${PROTOCOLS.names.join(", ")}, all`);
    } else if (word === "ipproto") {
      const v = w.value("ipproto");
      f.ipProto = need(w, ipProtoNumber(v), "ipproto", v, "a protocol name (tcp, udp…) or 0-255");
    } else if (word === "sport" || word === "dport") f[word] = range(w, word, true, 0xffff);
    else f.to = inetPrefix(matches(word, "dst") || matches(word, "to") ? w.value(word) : word, family, w.command);
  }
  return f;
}
