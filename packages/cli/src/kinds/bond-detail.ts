// bond and bond_slave details as iproute2 6.1's ip/iplink_bond.c and iplink_bond_slave.c print
// them, read straight from the attributes (IFLA_BOND_*, IFLA_BOND_SLAVE_*) in ip's order.
import { BOND_LACP_RATES, BOND_MODES, BOND_XMIT_HASH_POLICIES, constants as C, formatIp, parseAttrs } from "@underlay/netlink";
import type { IpPrint } from "../render/ip-print.js";
import { type Attrs, attrsOf, printRow, printRows, type Row } from "./attr-rows.js";
import type { NameOf } from "./kind.js";

// ip's name tables (index = value); a value past the end prints as UNKNOWN.
const ARP_VALIDATE = ["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"];
const ARP_ALL_TARGETS = ["any", "all"];
const PRIMARY_RESELECT = ["always", "better", "failure"];
const FAIL_OVER_MAC = ["none", "active", "follow"];
const LACP_ACTIVE = ["off", "on"];
const AD_SELECT = ["stable", "bandwidth", "count"];

type Step =
  | Row
  /** [attribute, key, word, names, width]: an index printed by name */
  | [number, string, string, readonly string[], 8 | 32];

const read = (v: Buffer, width: 8 | 32) => (width === 8 ? v.readUInt8(0) : v.readUInt32LE(0));

function printSteps(p: IpPrint, a: Attrs, steps: Step[]): void {
  for (const step of steps) {
    const v = a.get(step[0]);
    if (!v) continue;
    if (step.length === 4) printRow(p, step, v);
    else {
      const [, key, word, names, width] = step;
      const name = names[read(v, width)] ?? "UNKNOWN";
      p.any(key, name, `${word} ${name} `);
    }
  }
}

/** A link named by ifindex (active_slave, primary); 0 is none. */
function printLinkName(p: IpPrint, a: Attrs, type: number, key: string, nameOf: NameOf): void {
  const index = a.get(type)?.readUInt32LE(0);
  if (index) p.any(key, nameOf(index), `${key} ${nameOf(index)} `);
}

/** arp_ip_target / ns_ip6_target: `word A,B ` in text, an array in JSON. */
function printTargets(p: IpPrint, raw: Buffer | undefined, key: string): void {
  const targets = raw ? parseAttrs(raw).map((t) => formatIp(t.value)) : [];
  if (!targets.length) return;
  p.openArray(key, `${key} `);
  for (const [i, t] of targets.entries()) p.any(null, t, i < targets.length - 1 ? `${t},` : t);
  p.close(" ");
}

const HEAD: Step[] = [[C.IFLA_BOND_MODE, "mode", "mode", BOND_MODES, 8]];
const TIMERS: Step[] = [
  [C.IFLA_BOND_MIIMON, "miimon", undefined, "u32"],
  [C.IFLA_BOND_UPDELAY, "updelay", undefined, "u32"],
  [C.IFLA_BOND_DOWNDELAY, "downdelay", undefined, "u32"],
  [C.IFLA_BOND_PEER_NOTIF_DELAY, "peer_notify_delay", undefined, "u32"],
  [C.IFLA_BOND_USE_CARRIER, "use_carrier", undefined, "u8"],
  [C.IFLA_BOND_ARP_INTERVAL, "arp_interval", undefined, "u32"],
  [C.IFLA_BOND_MISSED_MAX, "arp_missed_max", undefined, "u8"],
];
const AFTER_PRIMARY: Step[] = [
  [C.IFLA_BOND_PRIMARY_RESELECT, "primary_reselect", "primary_reselect", PRIMARY_RESELECT, 8],
  [C.IFLA_BOND_FAIL_OVER_MAC, "fail_over_mac", "fail_over_mac", FAIL_OVER_MAC, 8],
  [C.IFLA_BOND_XMIT_HASH_POLICY, "xmit_hash_policy", "xmit_hash_policy", BOND_XMIT_HASH_POLICIES, 8],
  [C.IFLA_BOND_RESEND_IGMP, "resend_igmp", undefined, "u32"],
  [C.IFLA_BOND_NUM_PEER_NOTIF, "num_peer_notif", "num_grat_arp", "u8"],
  [C.IFLA_BOND_ALL_SLAVES_ACTIVE, "all_slaves_active", undefined, "u8"],
  [C.IFLA_BOND_MIN_LINKS, "min_links", undefined, "u32"],
  [C.IFLA_BOND_LP_INTERVAL, "lp_interval", undefined, "u32"],
  [C.IFLA_BOND_PACKETS_PER_SLAVE, "packets_per_slave", undefined, "u32"],
  [C.IFLA_BOND_AD_LACP_ACTIVE, "ad_lacp_active", "lacp_active", LACP_ACTIVE, 8],
  [C.IFLA_BOND_AD_LACP_RATE, "ad_lacp_rate", "lacp_rate", BOND_LACP_RATES, 8],
  [C.IFLA_BOND_AD_SELECT, "ad_select", "ad_select", AD_SELECT, 8],
];
const AD_INFO: Row[] = [
  [C.IFLA_BOND_AD_INFO_AGGREGATOR, "aggregator", "ad_aggregator", "u16"],
  [C.IFLA_BOND_AD_INFO_NUM_PORTS, "num_ports", "ad_num_ports", "u16"],
  [C.IFLA_BOND_AD_INFO_ACTOR_KEY, "actor_key", "ad_actor_key", "u16"],
  [C.IFLA_BOND_AD_INFO_PARTNER_KEY, "partner_key", "ad_partner_key", "u16"],
  [C.IFLA_BOND_AD_INFO_PARTNER_MAC, "partner_mac", "ad_partner_mac", "mac"],
];
const TAIL: Row[] = [
  [C.IFLA_BOND_AD_ACTOR_SYS_PRIO, "ad_actor_sys_prio", undefined, "u16"],
  [C.IFLA_BOND_AD_USER_PORT_KEY, "ad_user_port_key", undefined, "u16"],
  [C.IFLA_BOND_AD_ACTOR_SYSTEM, "ad_actor_system", undefined, "mac"],
  [C.IFLA_BOND_TLB_DYNAMIC_LB, "tlb_dynamic_lb", undefined, "u8"],
];

export function bondPrinter(p: IpPrint, data: unknown, nameOf: NameOf): void {
  const a = attrsOf("bond", data);
  printSteps(p, a, HEAD);
  printLinkName(p, a, C.IFLA_BOND_ACTIVE_SLAVE, "active_slave", nameOf);
  printSteps(p, a, TIMERS);
  printTargets(p, a.get(C.IFLA_BOND_ARP_IP_TARGET), "arp_ip_target");
  printTargets(p, a.get(C.IFLA_BOND_NS_IP6_TARGET), "ns_ip6_target");
  const validate = a.get(C.IFLA_BOND_ARP_VALIDATE);
  if (validate) {
    const v = validate.readUInt32LE(0);
    // ip writes JSON null for none (0).
    if (v === 0) p.js("arp_validate", null);
    if (v !== 0 || !p.json) p.any("arp_validate", ARP_VALIDATE[v] ?? "UNKNOWN", `arp_validate ${ARP_VALIDATE[v] ?? "UNKNOWN"} `);
  }
  printSteps(p, a, [[C.IFLA_BOND_ARP_ALL_TARGETS, "arp_all_targets", "arp_all_targets", ARP_ALL_TARGETS, 32]]);
  printLinkName(p, a, C.IFLA_BOND_PRIMARY, "primary", nameOf);
  printSteps(p, a, AFTER_PRIMARY);
  const adInfo = a.get(C.IFLA_BOND_AD_INFO);
  if (adInfo) {
    p.open("ad_info");
    printRows(p, attrsOf("bond", adInfo), AD_INFO);
    p.close();
  }
  printRows(p, a, TAIL);
}

const SLAVE_STATES = ["ACTIVE", "BACKUP"];
const MII_STATUS = ["UP", "GOING_DOWN", "DOWN", "GOING_BACK"];

export function bondSlavePrinter(p: IpPrint, data: unknown): void {
  const a = attrsOf("bond_slave", data);
  for (const [type, key, names] of [
    [C.IFLA_BOND_SLAVE_STATE, "state", SLAVE_STATES],
    [C.IFLA_BOND_SLAVE_MII_STATUS, "mii_status", MII_STATUS],
  ] as const) {
    const v = a.get(type)?.readUInt8(0);
    if (v === undefined) continue;
    const name = names[v];
    if (name) p.any(key, name, `${key} ${name} `);
    else p.any(`${key}_index`, v, `${key} ${v} `);
  }
  printRows(p, a, [
    [C.IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, "link_failure_count", undefined, "u32"],
    [C.IFLA_BOND_SLAVE_PERM_HWADDR, "perm_hwaddr", undefined, "mac"],
    [C.IFLA_BOND_SLAVE_QUEUE_ID, "queue_id", undefined, "u16"],
    [C.IFLA_BOND_SLAVE_PRIO, "prio", undefined, "s32"],
    [C.IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, "ad_aggregator_id", undefined, "u16"],
  ]);
}
