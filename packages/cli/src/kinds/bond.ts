// bond (ip/iplink_bond.c): `type bond [mode M] [miimon MS] [updelay MS] [downdelay MS]
// [xmit_hash_policy P] [min_links N] [lacp_rate slow|fast]`; the detail is in bond-detail.ts.
import { BOND_LACP_RATES, BOND_MODES, BOND_XMIT_HASH_POLICIES, type BondOptions } from "@underlay/netlink";
import { int, into, type Words } from "../words.js";
import { bondPrinter, bondSlavePrinter } from "./bond-detail.js";
import type { CliKind } from "./kind.js";
import { readKindWords } from "./kind-words.js";

// bond_parse_opt()'s keywords in its order of matching.
const ORDER = [
  ..."mode active_slave clear_active_slave miimon updelay downdelay peer_notify_delay use_carrier arp_interval".split(" "),
  ..."arp_ip_target ns_ip6_target arp_validate arp_all_targets arp_missed_max primary primary_reselect".split(" "),
  ..."fail_over_mac xmit_hash_policy resend_igmp num_grat_arp num_unsol_na all_slaves_active min_links".split(" "),
  ..."lp_interval packets_per_slave lacp_rate lacp_active ad_select ad_user_port_key ad_actor_sys_prio".split(" "),
  ..."ad_actor_system tlb_dynamic_lb".split(" "),
];

/** get_index(): a name from the table, or its index as a number. */
const named =
  <T extends string>(table: readonly T[]) =>
  (w: Words, k: string): T => {
    const v = w.value(k);
    const byIndex = /^\d+$/.test(v) ? table[Number(v)] : undefined;
    return byIndex ?? (table.includes(v as T) ? (v as T) : w.unknown(v, [...table]));
  };
const u32 = int(0, 0xffffffff);

export const bond: CliKind = {
  name: "bond",
  usage: `[mode ${BOND_MODES.join("|")}] [miimon MS] [updelay MS] [downdelay MS]
           [xmit_hash_policy ${BOND_XMIT_HASH_POLICIES.join("|")}] [min_links N] [lacp_rate slow|fast]`,
  parse: (w) => {
    const o: BondOptions = { kind: "bond" };
    const handlers = {
      mode: into(o, "mode", named(BOND_MODES)),
      miimon: into(o, "miimon", u32),
      updelay: into(o, "updelay", u32),
      downdelay: into(o, "downdelay", u32),
      xmit_hash_policy: into(o, "xmitHashPolicy", named(BOND_XMIT_HASH_POLICIES)),
      min_links: into(o, "minLinks", u32),
      lacp_rate: into(o, "lacpRate", named(BOND_LACP_RATES)),
    };
    readKindWords(w, "bond", handlers, ORDER);
    return o;
  },
  print: bondPrinter,
  slavePrint: bondSlavePrinter,
};
