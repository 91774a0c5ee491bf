// Policy routing rules, each the equivalent of an `ip rule` command.
import * as C from "../rtnl/constants.js";
import { type RuleAttrs, type RuleMessage, ruleMessage } from "../rtnl/rule.js";
import { ValidationError } from "../wire/errors.js";
import { NLM_F_CREATE, NLM_F_EXCL, type NlMessage } from "../wire/header.js";
import { ack, dump, type Op } from "./op.js";
import { addressFamily, parsePrefix } from "./prefix.js";

export interface RuleListOptions {
  family?: 4 | 6;
}

const decodeRule = (m: NlMessage): RuleMessage | undefined =>
  m.header.type === C.RTM_NEWRULE ? ruleMessage.decode(m.payload) : undefined;

/**
 * `ip rule show` (`-6` with family 6). Without a family, every family's rules in one dump: IPv4,
 * IPv6, and those of multicast routing (RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR) when it is built in.
 */
export function* ruleList(o: RuleListOptions = {}): Op<RuleMessage[]> {
  const header = { family: addressFamily(o.family), dstLen: 0, srcLen: 0, tos: 0, table: 0, action: 0, flags: 0 };
  const payload = ruleMessage.encode({ header, attrs: {} });
  return yield* dump({ type: C.RTM_GETRULE, flags: 0, payload, operation: "rule show" }, decodeRule);
}

/** The table a rule selects: FRA_TABLE, which holds ids over 255 that the header cannot. */
export function ruleTable(r: RuleMessage): number {
  return r.attrs.table ?? r.header.table;
}

/** What a rule does when it matches: ip's words for the FR_ACT_* actions. */
export const RULE_ACTIONS = {
  lookup: C.FR_ACT_TO_TBL,
  goto: C.FR_ACT_GOTO,
  nop: C.FR_ACT_NOP,
  blackhole: C.FR_ACT_BLACKHOLE,
  unreachable: C.FR_ACT_UNREACHABLE,
  prohibit: C.FR_ACT_PROHIBIT,
} as const;
export type RuleAction = keyof typeof RULE_ACTIONS;

/** A range of user ids or ports, both ends included. */
export interface Range {
  start: number;
  end: number;
}

/** A rule's selector and action, in ip rule's words. What is left out matches anything (del) or takes ip's default (add). */
export interface RuleSpec {
  /** IPv4 unless 6, as ip rule (`-6`); from and to must be of that family. */
  family?: 4 | 6;
  /** `not`: the selector is inverted. */
  not?: boolean;
  /** `from PREFIX`; "all" is no selector. */
  from?: string;
  /** `to PREFIX`. */
  to?: string;
  /** `tos TOS`: the DS field. */
  tos?: number;
  /** `fwmark MARK[/MASK]`. */
  fwmark?: number;
  fwmask?: number;
  /** `iif NAME` (`dev NAME`): the incoming interface, by name (it may not exist yet). */
  iif?: string;
  /** `oif NAME`: the outgoing interface, by name. */
  oif?: string;
  /** `pref N`: the rule's priority, its place in the list; the kernel picks one when left out. */
  priority?: number;
  /** `table ID` (`lookup ID`): the routing table consulted. */
  table?: number;
  /** `goto N`, `nop`, `blackhole`, `unreachable`, `prohibit`; `lookup` (with a table) when left out. A number is an FR_ACT_* as it is. */
  action?: RuleAction | number;
  /** `goto N`: the priority of the rule to continue at. */
  goto?: number;
  /** `suppress_prefixlength N`: a route this short or shorter found in the table is ignored. */
  suppressPrefixlength?: number;
  /** `suppress_ifgroup GROUP`: a route through a link of this group is ignored. */
  suppressIfgroup?: number;
  /** `l3mdev`: the table of the VRF the packet's device belongs to. */
  l3mdev?: boolean;
  /** `uidrange A-B`: sockets of these user ids. */
  uidRange?: Range;
  /** `ipproto PROTO`: the IP protocol number. */
  ipProto?: number;
  /** `sport A[-B]`, `dport A[-B]`. */
  sport?: Range;
  dport?: Range;
  /** `protocol PROTO`: who installed the rule (RTPROT_*). */
  protocol?: number;
  /** `realms [FROM/]TO`: FRA_FLOW, from << 16 | to. */
  realms?: number;
}

function prefixOf(text: string, family: 4 | 6, role: string): { address?: string; length: number } {
  if (text === "all" || text === "any" || text === "default") return { length: 0 };
  const p = parsePrefix(text);
  if (p.family !== family)
    throw new ValidationError(`rule ${role} ${text}: not an IPv${family} prefix (IPv6 rules need family 6, ip's -6)`);
  return { address: p.address, length: p.length };
}

function* ruleRequest(type: number, flags: number, r: RuleSpec, verb: string): Op<void> {
  const family = r.family ?? 4;
  const src = r.from === undefined ? undefined : prefixOf(r.from, family, "from");
  const dst = r.to === undefined ? undefined : prefixOf(r.to, family, "to");
  if (r.l3mdev && r.table) throw new ValidationError("table can not be specified for l3mdev rules");
  const attrs: RuleAttrs = {};
  if (src?.address) attrs.src = src.address;
  if (dst?.address) attrs.dst = dst.address;
  if (r.priority !== undefined) attrs.priority = r.priority;
  if (r.fwmark !== undefined) attrs.fwmark = r.fwmark;
  if (r.fwmask !== undefined) attrs.fwmask = r.fwmask;
  if (r.realms !== undefined) attrs.flow = r.realms;
  if (r.protocol !== undefined) attrs.protocol = r.protocol;
  if (r.table !== undefined && r.table > 255) attrs.table = r.table;
  if (r.suppressPrefixlength !== undefined) attrs.suppressPrefixlen = r.suppressPrefixlength;
  if (r.suppressIfgroup !== undefined) attrs.suppressIfgroup = r.suppressIfgroup;
  if (r.iif !== undefined) attrs.iifname = r.iif;
  if (r.oif !== undefined) attrs.oifname = r.oif;
  if (r.l3mdev) attrs.l3mdev = 1;
  if (r.uidRange) attrs.uidRange = r.uidRange;
  if (r.ipProto !== undefined) attrs.ipProto = r.ipProto;
  if (r.sport) attrs.sportRange = r.sport;
  if (r.dport) attrs.dportRange = r.dport;
  if (r.goto !== undefined) attrs.goto = r.goto;
  const add = type === C.RTM_NEWRULE;
  const action = r.action ?? (r.goto !== undefined ? "goto" : undefined);
  // ip's defaults: an added rule looks up main unless it says otherwise; a deleted one matches any.
  const chooses = r.table !== undefined || r.l3mdev || action !== undefined;
  const table = r.table !== undefined ? (r.table > 255 ? C.RT_TABLE_UNSPEC : r.table) : add && !chooses ? C.RT_TABLE_MAIN : 0;
  const header = {
    family: family === 4 ? C.AF_INET : C.AF_INET6,
    dstLen: dst?.length ?? 0,
    srcLen: src?.length ?? 0,
    tos: r.tos ?? 0,
    table,
    action: typeof action === "number" ? action : action ? RULE_ACTIONS[action] : add ? C.FR_ACT_TO_TBL : C.FR_ACT_UNSPEC,
    flags: r.not ? C.FIB_RULE_INVERT : 0,
  };
  const what = `rule ${verb}${r.priority === undefined ? "" : ` pref ${r.priority}`}`;
  yield* ack({ type, flags, payload: ruleMessage.encode({ header, attrs }), operation: what });
}

/** `ip rule add SELECTOR ACTION`: fails if the same rule exists. */
export const ruleAdd = (r: RuleSpec): Op<void> => ruleRequest(C.RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r, "add");

/** `ip rule del SELECTOR [ACTION]`: the first rule that matches what is given. */
export const ruleDel = (r: RuleSpec): Op<void> => ruleRequest(C.RTM_DELRULE, 0, r, "del");

/** `ip rule flush`'s delete: one listed rule, sent back as it came. */
export function* ruleDelMessage(r: RuleMessage): Op<void> {
  const what = `rule del pref ${r.attrs.priority ?? 0}`;
  yield* ack({ type: C.RTM_DELRULE, flags: 0, payload: ruleMessage.encode(r), operation: what });
}
