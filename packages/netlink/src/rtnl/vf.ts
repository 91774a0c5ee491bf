// SR-IOV VF attributes: IFLA_VFINFO_LIST > IFLA_VF_INFO > IFLA_VF_* structs (if_link.h).
// Every u32/u64 is host order; only vlan_proto is big-endian. The kernel emits these nests
// without NLA_F_NESTED and iproute2 sends them without it, so we do too.
import { struct, u64 } from "../wire/codecs.js";
import { many, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

export const ifla_vf_mac = struct([
  ["vf", "u32"],
  ["mac", "bytes32"],
] as const);
export const ifla_vf_broadcast = struct([["broadcast", "bytes32"]] as const);
export const ifla_vf_vlan = struct([
  ["vf", "u32"],
  ["vlan", "u32"],
  ["qos", "u32"],
] as const);
export const ifla_vf_vlan_info = struct([
  ["vf", "u32"],
  ["vlan", "u32"],
  ["qos", "u32"],
  ["vlanProto", "be16"],
  ["_tail", "pad2"],
] as const);
export const ifla_vf_tx_rate = struct([
  ["vf", "u32"],
  ["rate", "u32"],
] as const);
export const ifla_vf_rate = struct([
  ["vf", "u32"],
  ["minTxRate", "u32"],
  ["maxTxRate", "u32"],
] as const);
/** ifla_vf_spoofchk, ifla_vf_trust and ifla_vf_rss_query_en share this layout. */
export const ifla_vf_setting = struct([
  ["vf", "u32"],
  ["setting", "u32"],
] as const);
export const ifla_vf_link_state = struct([
  ["vf", "u32"],
  ["linkState", "u32"],
] as const);
/** u64 is 8-aligned on x86_64/arm64, hence 4 bytes of padding after vf. */
export const ifla_vf_guid = struct([
  ["vf", "u32"],
  ["_pad", "pad4"],
  ["guid", "u64"],
] as const);

export const VF_VLAN_LIST = schema("IFLA_VF_VLAN_LIST", {
  info: many(C.IFLA_VF_VLAN_INFO, "IFLA_VF_VLAN_INFO", ifla_vf_vlan_info),
});

export const VF_STATS = schema("IFLA_VF_STATS", {
  rxPackets: one(C.IFLA_VF_STATS_RX_PACKETS, "IFLA_VF_STATS_RX_PACKETS", u64),
  txPackets: one(C.IFLA_VF_STATS_TX_PACKETS, "IFLA_VF_STATS_TX_PACKETS", u64),
  rxBytes: one(C.IFLA_VF_STATS_RX_BYTES, "IFLA_VF_STATS_RX_BYTES", u64),
  txBytes: one(C.IFLA_VF_STATS_TX_BYTES, "IFLA_VF_STATS_TX_BYTES", u64),
  broadcast: one(C.IFLA_VF_STATS_BROADCAST, "IFLA_VF_STATS_BROADCAST", u64),
  multicast: one(C.IFLA_VF_STATS_MULTICAST, "IFLA_VF_STATS_MULTICAST", u64),
  rxDropped: one(C.IFLA_VF_STATS_RX_DROPPED, "IFLA_VF_STATS_RX_DROPPED", u64),
  txDropped: one(C.IFLA_VF_STATS_TX_DROPPED, "IFLA_VF_STATS_TX_DROPPED", u64),
});

// Field order is do_setvfinfo()'s: the order the kernel applies settings in, and the order we emit.
export const VF_INFO = schema("IFLA_VF_INFO", {
  mac: one(C.IFLA_VF_MAC, "IFLA_VF_MAC", ifla_vf_mac),
  vlan: one(C.IFLA_VF_VLAN, "IFLA_VF_VLAN", ifla_vf_vlan),
  vlanList: one(C.IFLA_VF_VLAN_LIST, "IFLA_VF_VLAN_LIST", VF_VLAN_LIST),
  txRate: one(C.IFLA_VF_TX_RATE, "IFLA_VF_TX_RATE", ifla_vf_tx_rate),
  rate: one(C.IFLA_VF_RATE, "IFLA_VF_RATE", ifla_vf_rate),
  spoofchk: one(C.IFLA_VF_SPOOFCHK, "IFLA_VF_SPOOFCHK", ifla_vf_setting),
  linkState: one(C.IFLA_VF_LINK_STATE, "IFLA_VF_LINK_STATE", ifla_vf_link_state),
  rssQueryEn: one(C.IFLA_VF_RSS_QUERY_EN, "IFLA_VF_RSS_QUERY_EN", ifla_vf_setting),
  trust: one(C.IFLA_VF_TRUST, "IFLA_VF_TRUST", ifla_vf_setting),
  ibNodeGuid: one(C.IFLA_VF_IB_NODE_GUID, "IFLA_VF_IB_NODE_GUID", ifla_vf_guid),
  ibPortGuid: one(C.IFLA_VF_IB_PORT_GUID, "IFLA_VF_IB_PORT_GUID", ifla_vf_guid),
  broadcast: one(C.IFLA_VF_BROADCAST, "IFLA_VF_BROADCAST", ifla_vf_broadcast),
  stats: one(C.IFLA_VF_STATS, "IFLA_VF_STATS", VF_STATS),
});

export const VFINFO_LIST = schema("IFLA_VFINFO_LIST", {
  info: many(C.IFLA_VF_INFO, "IFLA_VF_INFO", VF_INFO),
});

export type VfInfoAttrs = ReturnType<typeof VF_INFO.decode>;
