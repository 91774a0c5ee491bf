// The pure codec, importable without loading koffi: `@underlay/netlink/codec`.

export * from "./packet/arp.js";
export * from "./packet/ethernet.js";
export * from "./packet/ipv6.js";
export * from "./packet/ndp.js";
export { ADDR, type AddrAttrs, type AddrMessage, addrMessage } from "./rtnl/addr.js";
export * as constants from "./rtnl/constants.js";
export { validateIfName } from "./rtnl/ifname.js";
export { BOND_LACP_RATES, BOND_MODES, BOND_XMIT_HASH_POLICIES, type BondMode } from "./rtnl/kinds/bond.js";
export { IPVLAN_FLAGS, IPVLAN_MODES, type IpvlanFlag, type IpvlanMode } from "./rtnl/kinds/ipvlan.js";
export { MACVLAN_MODES, type MacvlanMode } from "./rtnl/kinds/macvlan.js";
export {
  type BondOptions,
  type BridgeOptions,
  type DummyOptions,
  type IpvlanOptions,
  type KindOptions,
  kindDriver,
  knownKinds,
  type MacvlanOptions,
  type VethOptions,
  type VethPeer,
  type VlanOptions,
  type VrfOptions,
  type VxlanOptions,
} from "./rtnl/kinds/registry.js";
export { VLAN_PROTOCOLS, type VlanProtocol } from "./rtnl/kinds/vlan.js";
export { IF_OPER_STATES, type IfInfoMsg, ifinfomsg, LINK, type LinkAttrs, type LinkMessage, linkMessage } from "./rtnl/link.js";
export { AF_SPEC, LINK_STATS64_FIELDS, type LinkStats64, linkStats64 } from "./rtnl/link-stats.js";
export { type LinkInfo, linkInfo } from "./rtnl/linkinfo.js";
export { multipath, RTNH, type RtNexthop, type RtNexthopAttrs } from "./rtnl/multipath.js";
export {
  NEXTHOP,
  type NexthopAttrs,
  type NexthopGrp,
  type NexthopMessage,
  type NhMsg,
  nexthop_grp,
  nexthopMessage,
  nhmsg,
} from "./rtnl/nexthop.js";
export { ROUTE, type RouteAttrs, type RouteMessage, routeMessage } from "./rtnl/route.js";
export { type FibRuleHdr, fib_rule_hdr, RULE, type RuleAttrs, type RuleMessage, ruleMessage } from "./rtnl/rule.js";
export { VF_INFO, VFINFO_LIST, type VfInfoAttrs } from "./rtnl/vf.js";
export { encodeAttr, NLA_F_NESTED, NLA_TYPE_MASK, parseAttrs, type RawAttr } from "./wire/attr.js";
export { DumpInterruptedError, decodeErrorPayload, errnoName, NetlinkError, ValidationError } from "./wire/errors.js";
export * from "./wire/header.js";
export { formatIp, parseIp } from "./wire/ipaddr.js";
export { type Decoded, many, one, type Schema, schema } from "./wire/schema.js";
