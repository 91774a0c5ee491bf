// Rules as `ip rule` prints them (iprule.c's print_rule): one walk gives the text line or the
// `-j` object.
import { constants as C, type RuleMessage, ruleTable } from "@underlay/netlink";
import { dsfieldName, groupName, ipProtoName } from "../grammar/ip-names.js";
import { PROTOCOLS, TABLES, TYPES } from "../grammar/route-names.js";
import { ipList } from "./ip-list.js";
import type { IpPrint, IpPrintMode } from "./ip-print.js";

/** RTN_NAT: a route NAT rule, which kernels since 2.6 no longer make but ip still prints. */
const RTN_NAT = 10;

export interface RulePrintOptions extends IpPrintMode {
  details: number;
  numeric: boolean;
  /** A monitor event: "Deleted" in front of a deleted rule. */
  deleted?: boolean;
}

/** C's %#llx: 0x and hex, but a bare 0 for zero. */
const hex0x = (n: number) => (n ? `0x${n.toString(16)}` : "0");

/** " from ADDR[/LEN]" or " to …": the length only when not a host's. */
function printPrefix(p: IpPrint, r: RuleMessage, role: "src" | "dst", color: "inet" | "inet6"): void {
  const addr = r.attrs[role];
  const len = role === "src" ? r.header.srcLen : r.header.dstLen;
  const word = role === "src" ? "from " : " to ";
  const host = r.header.family === C.AF_INET6 ? 128 : 32;
  if (addr !== undefined) {
    p.fp(word);
    p.any(role, addr, addr, color);
    if (len !== host) p.any(`${role}len`, len, `/${len}`);
  } else if (len) {
    p.any(role, "0", `${word}0`);
    p.any(`${role}len`, len, `/${len}`);
  } else if (role === "src") p.any("src", "all", "from all");
}

function printRange(p: IpPrint, key: string, r: { start: number; end: number } | undefined): void {
  if (!r) return;
  if (r.start === r.end) p.any(key, r.start, ` ${key} ${r.start}`);
  else {
    p.any(`${key}_start`, r.start, ` ${key} ${r.start}`);
    p.any(`${key}_end`, r.end, `-${r.end}`);
  }
}

function printAction(p: IpPrint, r: RuleMessage, numeric: boolean): void {
  const action = r.header.action;
  if (action === RTN_NAT) p.any("masquerade", null, " masquerade");
  else if (action === C.FR_ACT_GOTO) {
    if (r.attrs.goto !== undefined) p.any("goto", r.attrs.goto, ` goto ${r.attrs.goto}`);
    else p.any("goto", "none", " goto none");
    if (r.header.flags & C.FIB_RULE_UNRESOLVED) p.any("unresolved", null, " [unresolved]");
  } else if (action === C.FR_ACT_NOP) p.any("nop", null, " nop");
  else if (action !== C.FR_ACT_TO_TBL) {
    const name = numeric ? String(action) : TYPES.name(action);
    p.any("action", name, ` ${name}`);
  }
}

/** One rule: its text line (with its newline) into p.text, or its JSON object into p.root. */
export function printRule(p: IpPrint, r: RuleMessage, o: RulePrintOptions): void {
  const { header: h, attrs: a } = r;
  const color = h.family === C.AF_INET6 ? "inet6" : "inet";
  if (o.deleted) p.any("deleted", true, "Deleted ");
  const prio = a.priority ?? 0;
  p.any("priority", prio, `${prio}:\t`);
  if (h.flags & C.FIB_RULE_INVERT) p.any("not", null, "not ");
  printPrefix(p, r, "src", color);
  printPrefix(p, r, "dst", color);
  if (h.tos) p.any("tos", dsfieldName(h.tos, o.numeric), ` tos ${dsfieldName(h.tos, o.numeric)}`);
  if (a.fwmark !== undefined || a.fwmask !== undefined) {
    const mark = hex0x(a.fwmark ?? 0);
    p.any("fwmark", mark, ` fwmark ${mark}`);
    if (a.fwmask !== undefined && a.fwmask !== 0xffffffff) p.any("fwmask", hex0x(a.fwmask), `/${hex0x(a.fwmask)}`);
  }
  for (const [key, name, detached] of [
    ["iif", a.iifname, C.FIB_RULE_IIF_DETACHED],
    ["oif", a.oifname, C.FIB_RULE_OIF_DETACHED],
  ] as const) {
    if (name === undefined) continue;
    p.fp(` ${key} `);
    p.any(key, name, name, "ifname");
    if (h.flags & detached) p.any(`${key}_detached`, null, " [detached]");
  }
  if (a.l3mdev) p.any("l3mdev", null, " lookup [l3mdev-table]");
  if (a.uidRange) {
    p.any("uid_start", a.uidRange.start, ` uidrange ${a.uidRange.start}`);
    p.any("uid_end", a.uidRange.end, `-${a.uidRange.end}`);
  }
  if (a.ipProto !== undefined)
    p.any("ipproto", ipProtoName(a.ipProto, o.numeric), ` ipproto ${ipProtoName(a.ipProto, o.numeric)}`);
  printRange(p, "sport", a.sportRange);
  printRange(p, "dport", a.dportRange);
  if (a.tunId) p.any("tun_id", Number(a.tunId.readBigUInt64BE()), ` tun_id ${a.tunId.readBigUInt64BE()}`);
  const table = ruleTable(r);
  if (table) {
    const name = o.numeric ? String(table) : TABLES.name(table);
    p.any("table", name, ` lookup ${name}`);
    const pl = a.suppressPrefixlen;
    if (pl !== undefined && pl !== 0xffffffff) p.any("suppress_prefixlen", pl, ` suppress_prefixlength ${pl}`);
    const g = a.suppressIfgroup;
    if (g !== undefined && g !== 0xffffffff)
      p.any("suppress_ifgroup", groupName(g, o.numeric), ` suppress_ifgroup ${groupName(g, o.numeric)}`);
  }
  if (a.flow !== undefined) {
    const from = a.flow >>> 16;
    const to = a.flow & 0xffff;
    if (from) p.any("flow_from", String(from), ` realms ${from}/`);
    else p.fp(" realms ");
    p.any("flow_to", String(to), String(to));
  }
  printAction(p, r, o.numeric);
  if (a.protocol !== undefined && ((a.protocol && a.protocol !== C.RTPROT_KERNEL) || o.details > 0)) {
    const name = o.numeric ? String(a.protocol) : PROTOCOLS.name(a.protocol);
    p.any("protocol", name, ` proto ${name}`);
  }
  p.fp("\n");
}

/** Every rule's text, or the `-j` list. */
export const ruleOutput = (list: readonly RuleMessage[], o: RulePrintOptions) => ipList(list, o, printRule);
