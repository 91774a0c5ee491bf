// RTM_*RULE messages (`ip rule`): struct fib_rule_hdr + FRA_* attributes
// (include/uapi/linux/fib_rules.h). Pure: no I/O.
import { binary, type Codec, ipaddr, struct, strz, u8, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { type Decoded, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

export const fib_rule_hdr = struct([
  ["family", "u8"],
  ["dstLen", "u8"],
  ["srcLen", "u8"],
  ["tos", "u8"],
  /** The table when it fits in 8 bits, else RT_TABLE_COMPAT; FRA_TABLE has it in full. */
  ["table", "u8"],
  ["_res1", "pad1"],
  ["_res2", "pad1"],
  /** FR_ACT_*. */
  ["action", "u8"],
  /** FIB_RULE_*. */
  ["flags", "u32"],
] as const);
export type FibRuleHdr = ReturnType<typeof fib_rule_hdr.decode>;

/** struct fib_rule_uid_range (u32) and struct fib_rule_port_range (u16): start and end. */
const range = <K extends "u16" | "u32">(k: K) =>
  struct([
    ["start", k],
    ["end", k],
  ] as const);
export const fib_rule_uid_range = range("u32");
export const fib_rule_port_range = range("u16");

export const RULE = schema("FRA", {
  dst: one(C.FRA_DST, "FRA_DST", ipaddr),
  src: one(C.FRA_SRC, "FRA_SRC", ipaddr),
  iifname: one(C.FRA_IIFNAME, "FRA_IIFNAME", strz),
  goto: one(C.FRA_GOTO, "FRA_GOTO", u32),
  priority: one(C.FRA_PRIORITY, "FRA_PRIORITY", u32),
  fwmark: one(C.FRA_FWMARK, "FRA_FWMARK", u32),
  flow: one(C.FRA_FLOW, "FRA_FLOW", u32),
  /** __be64, kept as bytes. */
  tunId: one(C.FRA_TUN_ID, "FRA_TUN_ID", binary),
  suppressIfgroup: one(C.FRA_SUPPRESS_IFGROUP, "FRA_SUPPRESS_IFGROUP", u32),
  suppressPrefixlen: one(C.FRA_SUPPRESS_PREFIXLEN, "FRA_SUPPRESS_PREFIXLEN", u32),
  table: one(C.FRA_TABLE, "FRA_TABLE", u32),
  fwmask: one(C.FRA_FWMASK, "FRA_FWMASK", u32),
  oifname: one(C.FRA_OIFNAME, "FRA_OIFNAME", strz),
  l3mdev: one(C.FRA_L3MDEV, "FRA_L3MDEV", u8),
  uidRange: one(C.FRA_UID_RANGE, "FRA_UID_RANGE", fib_rule_uid_range),
  protocol: one(C.FRA_PROTOCOL, "FRA_PROTOCOL", u8),
  ipProto: one(C.FRA_IP_PROTO, "FRA_IP_PROTO", u8),
  sportRange: one(C.FRA_SPORT_RANGE, "FRA_SPORT_RANGE", fib_rule_port_range),
  dportRange: one(C.FRA_DPORT_RANGE, "FRA_DPORT_RANGE", fib_rule_port_range),
});

export type RuleAttrs = Decoded<typeof RULE.fields>;
export type RuleMessage = FamilyMessage<FibRuleHdr, typeof RULE.fields>;
export const ruleMessage: Codec<RuleMessage> = familyMessage(fib_rule_hdr, RULE);

/** The multicast groups of rule events, one per family. */
export const RTNLGRP_IPV4_RULE = 8;
export const RTNLGRP_IPV6_RULE = 19;
