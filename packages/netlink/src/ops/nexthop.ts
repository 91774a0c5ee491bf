// Nexthop objects (kernel 5.3+), the equivalent of `ip nexthop show`.
import * as C from "../rtnl/constants.js";
import { type NexthopMessage, nexthopMessage } from "../rtnl/nexthop.js";
import type { NlMessage } from "../wire/header.js";
import { dump, type Op } from "./op.js";
import { addressFamily } from "./prefix.js";

export interface NexthopListOptions {
  family?: 4 | 6;
}

const decodeNexthop = (m: NlMessage): NexthopMessage | undefined =>
  m.header.type === C.RTM_NEWNEXTHOP ? nexthopMessage.decode(m.payload) : undefined;

/**
 * `ip nexthop show` (`-6` with family 6): nexthops and nexthop groups. A kernel without nexthop
 * objects refuses the dump (NetlinkError, EOPNOTSUPP).
 */
export function* nexthopList(o: NexthopListOptions = {}): Op<NexthopMessage[]> {
  const header = { family: addressFamily(o.family), scope: 0, protocol: 0, flags: 0 };
  const payload = nexthopMessage.encode({ header, attrs: {} });
  return yield* dump({ type: C.RTM_GETNEXTHOP, flags: 0, payload, operation: "nexthop show" }, decodeNexthop);
}
