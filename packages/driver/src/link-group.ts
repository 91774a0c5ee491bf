// The two link requests behind deferred deletes, which @underlay/netlink has no verb for: setting
// a link aside (down, a new name, a new MAC, a group: one RTM_NEWLINK, applied together), and
// deleting every link of a group with one RTM_DELLINK (ifi_index 0, IFLA_GROUP), which the kernel
// unregisters as one batch sharing one RCU grace period (rtnl_group_dellink).
import { ack, constants as C, type LinkAttrs, linkDel, linkMessage, type Op } from "@underlay/netlink";

function* linkRequest(type: number, index: number, attrs: LinkAttrs, operation: string, change = 0): Op<void> {
  const payload = linkMessage.encode({ header: { family: C.AF_UNSPEC, type: 0, index, flags: 0, change }, attrs });
  yield* ack({ type, flags: 0, payload, operation });
}

export interface Aside {
  ifname: string;
  /** A MAC of its own, for kinds whose MAC is theirs (macvlan). */
  address?: string;
  group: number;
}

/** `ip link set INDEX down name N [address A] group G`. */
export function linkSetAside(index: number, a: Aside): Op<void> {
  const attrs: LinkAttrs = { ifname: a.ifname, group: a.group, ...(a.address ? { address: a.address } : {}) };
  return linkRequest(C.RTM_NEWLINK, index, attrs, `link set ${index} down name ${a.ifname} group ${a.group}`, C.IFF_UP);
}

/** `ip link delete group G`: ENODEV when no link is in it, EOPNOTSUPP when one cannot be deleted so. */
export function linkDelGroup(group: number): Op<void> {
  return linkRequest(C.RTM_DELLINK, 0, { group }, `link delete group ${group}`);
}

/** What the reaper's thread is asked to delete: a whole group, or one link by ifindex. */
export type ReapRequest = { group: number } | { index: number };

export function reapOp(r: ReapRequest): Op<void> {
  return "group" in r ? linkDelGroup(r.group) : linkDel(r.index);
}
