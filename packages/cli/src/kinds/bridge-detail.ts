// bridge and bridge_slave details as ip/iplink_bridge.c and iplink_bridge_slave.c print them: one
// table per kind, in ip's order, read straight from the attributes (IFLA_BR_*, IFLA_BRPORT_*) so
// that every one the kernel sends is shown without a schema field for each.
import { constants as C } from "@underlay/netlink";
import type { IpPrint } from "../render/ip-print.js";
import { attrsOf, printRow, printRows, type Row } from "./attr-rows.js";

// The IFLA_BR_* ip prints, in its order.
const BR_HEAD: Row[] = [
  [C.IFLA_BR_FORWARD_DELAY, "forward_delay", undefined, "u32"],
  [C.IFLA_BR_HELLO_TIME, "hello_time", undefined, "u32"],
  [C.IFLA_BR_MAX_AGE, "max_age", undefined, "u32"],
  [C.IFLA_BR_AGEING_TIME, "ageing_time", undefined, "u32"],
  [C.IFLA_BR_STP_STATE, "stp_state", undefined, "u32"],
  [C.IFLA_BR_PRIORITY, "priority", undefined, "u16"],
  [C.IFLA_BR_VLAN_FILTERING, "vlan_filtering", undefined, "u8"],
  [C.IFLA_BR_VLAN_PROTOCOL, "vlan_protocol", undefined, "proto"],
  [C.IFLA_BR_BRIDGE_ID, "bridge_id", undefined, "id"],
];
const BR_MIDDLE: Row[] = [
  [C.IFLA_BR_ROOT_PORT, "root_port", undefined, "u16"],
  [C.IFLA_BR_ROOT_PATH_COST, "root_path_cost", undefined, "u32"],
  [C.IFLA_BR_TOPOLOGY_CHANGE, "topology_change", undefined, "u8"],
  [C.IFLA_BR_TOPOLOGY_CHANGE_DETECTED, "topology_change_detected", undefined, "u8"],
  [C.IFLA_BR_HELLO_TIMER, "hello_timer", undefined, "timer"],
  [C.IFLA_BR_TCN_TIMER, "tcn_timer", undefined, "timer"],
  [C.IFLA_BR_TOPOLOGY_CHANGE_TIMER, "topology_change_timer", undefined, "timer"],
  [C.IFLA_BR_GC_TIMER, "gc_timer", undefined, "timer"],
  [C.IFLA_BR_VLAN_DEFAULT_PVID, "vlan_default_pvid", undefined, "u16"],
  [C.IFLA_BR_VLAN_STATS_ENABLED, "vlan_stats_enabled", undefined, "u8"],
  [C.IFLA_BR_VLAN_STATS_PER_PORT, "vlan_stats_per_port", undefined, "u8"],
  [C.IFLA_BR_GROUP_FWD_MASK, "group_fwd_mask", undefined, "hex16"],
  [C.IFLA_BR_GROUP_ADDR, "group_addr", "group_address", "mac"],
  [C.IFLA_BR_MCAST_SNOOPING, "mcast_snooping", undefined, "u8"],
];
const BR_TAIL: Row[] = [
  [C.IFLA_BR_MCAST_ROUTER, "mcast_router", undefined, "u8"],
  [C.IFLA_BR_MCAST_QUERY_USE_IFADDR, "mcast_query_use_ifaddr", undefined, "u8"],
  [C.IFLA_BR_MCAST_QUERIER, "mcast_querier", undefined, "u8"],
  [C.IFLA_BR_MCAST_HASH_ELASTICITY, "mcast_hash_elasticity", undefined, "u32"],
  [C.IFLA_BR_MCAST_HASH_MAX, "mcast_hash_max", undefined, "u32"],
  [C.IFLA_BR_MCAST_LAST_MEMBER_CNT, "mcast_last_member_cnt", "mcast_last_member_count", "u32"],
  [C.IFLA_BR_MCAST_STARTUP_QUERY_CNT, "mcast_startup_query_cnt", "mcast_startup_query_count", "u32"],
  [C.IFLA_BR_MCAST_LAST_MEMBER_INTVL, "mcast_last_member_intvl", "mcast_last_member_interval", "u64"],
  [C.IFLA_BR_MCAST_MEMBERSHIP_INTVL, "mcast_membership_intvl", "mcast_membership_interval", "u64"],
  [C.IFLA_BR_MCAST_QUERIER_INTVL, "mcast_querier_intvl", "mcast_querier_interval", "u64"],
  [C.IFLA_BR_MCAST_QUERY_INTVL, "mcast_query_intvl", "mcast_query_interval", "u64"],
  [C.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, "mcast_query_response_intvl", "mcast_query_response_interval", "u64"],
  [C.IFLA_BR_MCAST_STARTUP_QUERY_INTVL, "mcast_startup_query_intvl", "mcast_startup_query_interval", "u64"],
  [C.IFLA_BR_MCAST_STATS_ENABLED, "mcast_stats_enabled", undefined, "u8"],
  [C.IFLA_BR_MCAST_IGMP_VERSION, "mcast_igmp_version", undefined, "u8"],
  [C.IFLA_BR_MCAST_MLD_VERSION, "mcast_mld_version", undefined, "u8"],
  [C.IFLA_BR_NF_CALL_IPTABLES, "nf_call_iptables", undefined, "u8"],
  [C.IFLA_BR_NF_CALL_IP6TABLES, "nf_call_ip6tables", undefined, "u8"],
  [C.IFLA_BR_NF_CALL_ARPTABLES, "nf_call_arptables", undefined, "u8"],
];
// BR_BOOLOPT_NO_LL_LEARN and BR_BOOLOPT_MCAST_VLAN_SNOOPING (if_bridge.h), as bits of br_boolopt_multi.
const BOOLOPTS: [string, number][] = [
  ["no_linklocal_learn", 1 << 0],
  ["mcast_vlan_snooping", 1 << 1],
];

export function bridgePrinter(p: IpPrint, data: unknown): void {
  const a = attrsOf("bridge", data);
  printRows(p, a, BR_HEAD);
  // ip prints the bridge's own id again as designated_root (it reads C.IFLA_BR_BRIDGE_ID there).
  const id = a.get(C.IFLA_BR_BRIDGE_ID);
  if (a.has(C.IFLA_BR_ROOT_ID) && id) printRow(p, [C.IFLA_BR_ROOT_ID, "root_id", "designated_root", "id"], id);
  printRows(p, a, BR_MIDDLE);
  const bool = a.get(C.IFLA_BR_MULTI_BOOLOPT);
  if (bool && bool.length >= 8) {
    const [value, mask] = [bool.readUInt32LE(0), bool.readUInt32LE(4)];
    for (const [key, bit] of BOOLOPTS) if (mask & bit) p.any(key, value & bit ? 1 : 0, `${key} ${value & bit ? 1 : 0} `);
  }
  printRows(p, a, BR_TAIL);
}

// The IFLA_BRPORT_* ip prints, in its order.
const PORT_ROWS: Row[] = [
  [C.IFLA_BRPORT_PRIORITY, "priority", undefined, "u16"],
  [C.IFLA_BRPORT_COST, "cost", undefined, "u32"],
  [C.IFLA_BRPORT_MODE, "hairpin", undefined, "onoff"],
  [C.IFLA_BRPORT_GUARD, "guard", undefined, "onoff"],
  [C.IFLA_BRPORT_PROTECT, "root_block", undefined, "onoff"],
  [C.IFLA_BRPORT_FAST_LEAVE, "fastleave", undefined, "onoff"],
  [C.IFLA_BRPORT_LEARNING, "learning", undefined, "onoff"],
  [C.IFLA_BRPORT_UNICAST_FLOOD, "flood", undefined, "onoff"],
  [C.IFLA_BRPORT_ID, "id", "port_id", "hex16"],
  [C.IFLA_BRPORT_NO, "no", "port_no", "hex16"],
  [C.IFLA_BRPORT_DESIGNATED_PORT, "designated_port", undefined, "u16"],
  [C.IFLA_BRPORT_DESIGNATED_COST, "designated_cost", undefined, "u16"],
  [C.IFLA_BRPORT_BRIDGE_ID, "bridge_id", "designated_bridge", "id"],
  [C.IFLA_BRPORT_ROOT_ID, "root_id", "designated_root", "id"],
  [C.IFLA_BRPORT_HOLD_TIMER, "hold_timer", undefined, "timer"],
  [C.IFLA_BRPORT_MESSAGE_AGE_TIMER, "message_age_timer", undefined, "timer"],
  [C.IFLA_BRPORT_FORWARD_DELAY_TIMER, "forward_delay_timer", undefined, "timer"],
  [C.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, "topology_change_ack", undefined, "u8"],
  [C.IFLA_BRPORT_CONFIG_PENDING, "config_pending", undefined, "u8"],
  [C.IFLA_BRPORT_PROXYARP, "proxy_arp", undefined, "onoff"],
  [C.IFLA_BRPORT_PROXYARP_WIFI, "proxy_arp_wifi", undefined, "onoff"],
  [C.IFLA_BRPORT_MULTICAST_ROUTER, "multicast_router", "mcast_router", "u8"],
];
const PORT_FLOODS: Row[] = [
  [C.IFLA_BRPORT_MCAST_FLOOD, "mcast_flood", undefined, "onoff"],
  [C.IFLA_BRPORT_BCAST_FLOOD, "bcast_flood", undefined, "onoff"],
  [C.IFLA_BRPORT_MCAST_TO_UCAST, "mcast_to_unicast", undefined, "onoff"],
  [C.IFLA_BRPORT_NEIGH_SUPPRESS, "neigh_suppress", undefined, "onoff"],
];
const PORT_TAIL: Row[] = [
  [C.IFLA_BRPORT_VLAN_TUNNEL, "vlan_tunnel", undefined, "onoff"],
  [C.IFLA_BRPORT_ISOLATED, "isolated", undefined, "onoff"],
  [C.IFLA_BRPORT_LOCKED, "locked", undefined, "onoff"],
];
const PORT_STATES = ["disabled", "listening", "learning", "forwarding", "blocking"];
// _bitmask2str()'s names for group_fwd_mask bits.
const FWD_MASK_NAMES: Record<number, string> = { 0: "stp", 2: "lacp", 14: "lldp" };

function fwdMaskText(mask: number): string {
  const names: string[] = [];
  for (let i = 0; i < 16; i++) if (mask & (1 << i)) names.push(FWD_MASK_NAMES[i] ?? `0x${(1 << i).toString(16)}`);
  return names.length ? names.join(",") : "0x0";
}

export function bridgeSlavePrinter(p: IpPrint, data: unknown): void {
  const a = attrsOf("bridge_slave", data);
  const state = a.get(C.IFLA_BRPORT_STATE)?.readUInt8(0);
  if (state !== undefined) {
    const name = PORT_STATES[state];
    if (name) p.any("state", name, `state ${name} `);
    else p.any("state_index", state, `state (${state}) `);
  }
  printRows(p, a, PORT_ROWS);
  // Text only: ip printed fastleave for JSON already.
  const fastLeave = a.get(C.IFLA_BRPORT_FAST_LEAVE);
  if (fastLeave) p.fp(`mcast_fast_leave ${fastLeave.readUInt8(0) ? "on" : "off"} `);
  printRows(p, a, PORT_FLOODS);
  const mask = a.get(C.IFLA_BRPORT_GROUP_FWD_MASK);
  if (mask) {
    printRow(p, [C.IFLA_BRPORT_GROUP_FWD_MASK, "group_fwd_mask", undefined, "hex16"], mask);
    const text = fwdMaskText(mask.readUInt16LE(0));
    p.any("group_fwd_mask_str", text, `group_fwd_mask_str ${text} `);
  }
  printRows(p, a, PORT_TAIL);
}
