// Netns ids: the number this netns knows another one by (IFLA_LINK_NETNSID names a peer's netns
// by it), as `ip netns list-id` and ip's link-netns NAME find them.
import * as C from "../rtnl/constants.js";
import { nsidMessage } from "../rtnl/nsid.js";
import type { NetnsRef } from "../transport/netns.js";
import { getOne, type Op } from "./op.js";

/** The nsid this netns has for `ns`, or -1 when it has none (NETNSA_NSID_NOT_ASSIGNED). */
export function* netnsidOf(ns: NetnsRef): Op<number> {
  return yield* getOne(
    {
      type: C.RTM_GETNSID,
      flags: 0,
      operation: "netns id",
      netns: [ns],
      payload: ([target]) =>
        nsidMessage.encode({
          header: { family: C.AF_UNSPEC },
          attrs: target && "fd" in target ? { fd: target.fd } : { pid: target?.pid ?? 0 },
        }),
    },
    (m) => (m.header.type === C.RTM_NEWNSID ? (nsidMessage.decode(m.payload).attrs.nsid ?? -1) : -1),
  );
}
