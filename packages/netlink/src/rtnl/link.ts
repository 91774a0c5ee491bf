// RTM_*LINK messages: struct ifinfomsg + IFLA_* attributes (include/uapi/linux/if_link.h).
import { binary, type Codec, hwaddr, s32, struct, strz, u8, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { type Decoded, many, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";
import { AF_SPEC, linkStats64 } from "./link-stats.js";
import { linkInfo } from "./linkinfo.js";
import { VFINFO_LIST } from "./vf.js";

export const ifinfomsg = struct([
  ["family", "u8"],
  ["_pad", "pad1"],
  ["type", "u16"],
  ["index", "s32"],
  ["flags", "u32"],
  ["change", "u32"],
] as const);
export type IfInfoMsg = ReturnType<typeof ifinfomsg.decode>;

const PROP_LIST = schema("IFLA_PROP_LIST", {
  altIfname: many(C.IFLA_ALT_IFNAME, "IFLA_ALT_IFNAME", strz),
});

export const LINK = schema("IFLA", {
  address: one(C.IFLA_ADDRESS, "IFLA_ADDRESS", hwaddr),
  broadcast: one(C.IFLA_BROADCAST, "IFLA_BROADCAST", hwaddr),
  ifname: one(C.IFLA_IFNAME, "IFLA_IFNAME", strz),
  mtu: one(C.IFLA_MTU, "IFLA_MTU", u32),
  link: one(C.IFLA_LINK, "IFLA_LINK", u32),
  qdisc: one(C.IFLA_QDISC, "IFLA_QDISC", strz),
  master: one(C.IFLA_MASTER, "IFLA_MASTER", u32),
  txqlen: one(C.IFLA_TXQLEN, "IFLA_TXQLEN", u32),
  operstate: one(C.IFLA_OPERSTATE, "IFLA_OPERSTATE", u8),
  linkmode: one(C.IFLA_LINKMODE, "IFLA_LINKMODE", u8),
  linkinfo: one(C.IFLA_LINKINFO, "IFLA_LINKINFO", linkInfo),
  netNsPid: one(C.IFLA_NET_NS_PID, "IFLA_NET_NS_PID", u32),
  ifalias: one(C.IFLA_IFALIAS, "IFLA_IFALIAS", strz),
  numVf: one(C.IFLA_NUM_VF, "IFLA_NUM_VF", u32),
  vfinfoList: one(C.IFLA_VFINFO_LIST, "IFLA_VFINFO_LIST", VFINFO_LIST),
  group: one(C.IFLA_GROUP, "IFLA_GROUP", u32),
  netNsFd: one(C.IFLA_NET_NS_FD, "IFLA_NET_NS_FD", u32),
  extMask: one(C.IFLA_EXT_MASK, "IFLA_EXT_MASK", u32),
  promiscuity: one(C.IFLA_PROMISCUITY, "IFLA_PROMISCUITY", u32),
  numTxQueues: one(C.IFLA_NUM_TX_QUEUES, "IFLA_NUM_TX_QUEUES", u32),
  numRxQueues: one(C.IFLA_NUM_RX_QUEUES, "IFLA_NUM_RX_QUEUES", u32),
  carrier: one(C.IFLA_CARRIER, "IFLA_CARRIER", u8),
  physPortId: one(C.IFLA_PHYS_PORT_ID, "IFLA_PHYS_PORT_ID", binary),
  carrierChanges: one(C.IFLA_CARRIER_CHANGES, "IFLA_CARRIER_CHANGES", u32),
  physSwitchId: one(C.IFLA_PHYS_SWITCH_ID, "IFLA_PHYS_SWITCH_ID", binary),
  linkNetnsid: one(C.IFLA_LINK_NETNSID, "IFLA_LINK_NETNSID", s32),
  physPortName: one(C.IFLA_PHYS_PORT_NAME, "IFLA_PHYS_PORT_NAME", strz),
  protoDown: one(C.IFLA_PROTO_DOWN, "IFLA_PROTO_DOWN", u8),
  gsoMaxSegs: one(C.IFLA_GSO_MAX_SEGS, "IFLA_GSO_MAX_SEGS", u32),
  gsoMaxSize: one(C.IFLA_GSO_MAX_SIZE, "IFLA_GSO_MAX_SIZE", u32),
  newNetnsid: one(C.IFLA_NEW_NETNSID, "IFLA_NEW_NETNSID", s32),
  targetNetnsid: one(C.IFLA_TARGET_NETNSID, "IFLA_TARGET_NETNSID", s32),
  carrierUpCount: one(C.IFLA_CARRIER_UP_COUNT, "IFLA_CARRIER_UP_COUNT", u32),
  carrierDownCount: one(C.IFLA_CARRIER_DOWN_COUNT, "IFLA_CARRIER_DOWN_COUNT", u32),
  newIfindex: one(C.IFLA_NEW_IFINDEX, "IFLA_NEW_IFINDEX", s32),
  minMtu: one(C.IFLA_MIN_MTU, "IFLA_MIN_MTU", u32),
  maxMtu: one(C.IFLA_MAX_MTU, "IFLA_MAX_MTU", u32),
  propList: one(C.IFLA_PROP_LIST, "IFLA_PROP_LIST", PROP_LIST),
  altIfname: one(C.IFLA_ALT_IFNAME, "IFLA_ALT_IFNAME", strz),
  permAddress: one(C.IFLA_PERM_ADDRESS, "IFLA_PERM_ADDRESS", hwaddr),
  parentDevName: one(C.IFLA_PARENT_DEV_NAME, "IFLA_PARENT_DEV_NAME", strz),
  parentDevBusName: one(C.IFLA_PARENT_DEV_BUS_NAME, "IFLA_PARENT_DEV_BUS_NAME", strz),
  groMaxSize: one(C.IFLA_GRO_MAX_SIZE, "IFLA_GRO_MAX_SIZE", u32),
  tsoMaxSize: one(C.IFLA_TSO_MAX_SIZE, "IFLA_TSO_MAX_SIZE", u32),
  tsoMaxSegs: one(C.IFLA_TSO_MAX_SEGS, "IFLA_TSO_MAX_SEGS", u32),
  allmulti: one(C.IFLA_ALLMULTI, "IFLA_ALLMULTI", u32),
  stats64: one(C.IFLA_STATS64, "IFLA_STATS64", linkStats64),
  afSpec: one(C.IFLA_AF_SPEC, "IFLA_AF_SPEC", AF_SPEC),
  event: one(C.IFLA_EVENT, "IFLA_EVENT", u32),
});

export type LinkAttrs = Decoded<typeof LINK.fields>;
export type LinkMessage = FamilyMessage<IfInfoMsg, typeof LINK.fields>;
export const linkMessage: Codec<LinkMessage> = familyMessage(ifinfomsg, LINK);

export const IF_OPER_STATES = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"] as const;
