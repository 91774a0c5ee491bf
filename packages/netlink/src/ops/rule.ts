// Policy routing rules, the equivalent of `ip rule show`.
import * as C from "../rtnl/constants.js";
import { type RuleMessage, ruleMessage } from "../rtnl/rule.js";
import type { NlMessage } from "../wire/header.js";
import { dump, type Op } from "./op.js";
import { addressFamily } from "./prefix.js";

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
