// Bonding (link aggregation, e.g. of SR-IOV VFs): `ip link add NAME type bond [mode M] [miimon MS] …`;
// ports join with `link set PORT master BOND`. Attribute numbers are if_link.h.s
// IFLA_BOND_* (constants-link-kinds.ts); the schema names the ones underlay sets, the
// rest the kernel reports stay raw (and are printed from the bytes).
import { u8, u32 } from "../../wire/codecs.js";
import { ValidationError } from "../../wire/errors.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import { type LinkKind, pick } from "./kind.js";

/** BOND_MODE_*: the index is the value (ip's mode_tbl). */
export const BOND_MODES = [
  "balance-rr",
  "active-backup",
  "balance-xor",
  "broadcast",
  "802.3ad",
  "balance-tlb",
  "balance-alb",
] as const;
export type BondMode = (typeof BOND_MODES)[number];
/** BOND_XMIT_POLICY_*. */
export const BOND_XMIT_HASH_POLICIES = ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"] as const;
export type BondXmitHashPolicy = (typeof BOND_XMIT_HASH_POLICIES)[number];
export const BOND_LACP_RATES = ["slow", "fast"] as const;

const indexTable = (names: readonly string[]) => Object.fromEntries(names.map((n, i) => [n, i]));

export const BOND_DATA = schema("IFLA_BOND", {
  mode: one(C.IFLA_BOND_MODE, "IFLA_BOND_MODE", u8),
  miimon: one(C.IFLA_BOND_MIIMON, "IFLA_BOND_MIIMON", u32),
  updelay: one(C.IFLA_BOND_UPDELAY, "IFLA_BOND_UPDELAY", u32),
  downdelay: one(C.IFLA_BOND_DOWNDELAY, "IFLA_BOND_DOWNDELAY", u32),
  xmitHashPolicy: one(C.IFLA_BOND_XMIT_HASH_POLICY, "IFLA_BOND_XMIT_HASH_POLICY", u8),
  minLinks: one(C.IFLA_BOND_MIN_LINKS, "IFLA_BOND_MIN_LINKS", u32),
  lacpRate: one(C.IFLA_BOND_AD_LACP_RATE, "IFLA_BOND_AD_LACP_RATE", u8),
});

export interface BondOptions {
  kind: "bond";
  /** Default balance-rr (the kernel's). */
  mode?: BondMode;
  /** Link monitoring interval in ms (0: off, the kernel's default). */
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  xmitHashPolicy?: BondXmitHashPolicy;
  /** Ports that must be up for the bond to be up. */
  minLinks?: number;
  /** 802.3ad only. */
  lacpRate?: (typeof BOND_LACP_RATES)[number];
}

function ms(what: string, v: number | undefined): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffffffff))
    throw new ValidationError(`invalid bond ${what} ${v}: allowed values are 0-4294967295`);
  return v;
}

export const bond: LinkKind<BondOptions> = {
  kind: "bond",
  data: BOND_DATA,
  needsParent: false,
  infoData: (o) => {
    const d: Record<string, unknown> = {};
    if (o.mode !== undefined) d.mode = pick("bond mode", indexTable(BOND_MODES), o.mode);
    for (const k of ["miimon", "updelay", "downdelay", "minLinks"] as const) if (o[k] !== undefined) d[k] = ms(k, o[k]);
    if (o.xmitHashPolicy !== undefined)
      d.xmitHashPolicy = pick("bond xmit_hash_policy", indexTable(BOND_XMIT_HASH_POLICIES), o.xmitHashPolicy);
    if (o.lacpRate !== undefined) d.lacpRate = pick("bond lacp_rate", indexTable(BOND_LACP_RATES), o.lacpRate);
    return Object.keys(d).length ? d : undefined;
  },
};
