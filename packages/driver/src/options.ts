// `docker network create -o key=value` options: Docker's own macvlan/ipvlan names, the Mellanox
// sriov/passthrough plugin's names (netdevice, mode, vlan, privileged), and ours. Every value is
// validated and the error names the allowed values; an unknown key names the known ones.
import {
  IPVLAN_FLAGS,
  IPVLAN_MODES,
  type MACVLAN_MODES,
  VF_LINK_STATES,
  VF_VLAN_PROTOCOLS,
  validateIfName,
} from "@underlay/netlink";

export const DRIVER_MODES = ["sriov", "passthrough", "macvlan", "ipvlan"] as const;
export type DriverMode = (typeof DRIVER_MODES)[number];

export const MTU_OPTION = "com.docker.network.driver.mtu";

/** Options each mode accepts, besides the common ones. */
const MODE_KEYS: Record<DriverMode, readonly string[]> = {
  macvlan: ["macvlan_mode"],
  ipvlan: ["ipvlan_mode", "ipvlan_flag"],
  sriov: [
    "vlan",
    "qos",
    "vlan_proto",
    "privileged",
    "spoofchk",
    "trust",
    "link_state",
    "min_tx_rate",
    "max_tx_rate",
    "mtu",
    "numvfs",
  ],
  passthrough: ["force"],
};
const COMMON_KEYS = ["mode", "parent", "netdevice", "prefix", MTU_OPTION] as const;

export interface NetworkOptions {
  mode: DriverMode;
  /** The parent link (macvlan/ipvlan), the PF (sriov) or the whole netdev (passthrough); "" = none. */
  parent: string;
  /** Interface name prefix inside the container (default eth). */
  prefix: string;
  mtu?: number;
  macvlanMode: keyof typeof MACVLAN_MODES;
  ipvlanMode: keyof typeof IPVLAN_MODES;
  ipvlanFlag: keyof typeof IPVLAN_FLAGS;
  vlan: number;
  qos: number;
  vlanProto: keyof typeof VF_VLAN_PROTOCOLS;
  privileged: boolean;
  spoofchk?: boolean;
  trust?: boolean;
  linkState?: keyof typeof VF_LINK_STATES;
  minTxRate?: number;
  maxTxRate?: number;
  numvfs?: number;
  force: boolean;
}

export class OptionError extends Error {
  override readonly name = "OptionError";
}

function oneOf<T extends string>(key: string, allowed: readonly T[], value: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(`invalid ${key} ${JSON.stringify(value)}: allowed values are ${allowed.join(", ")}`);
}

function integer(key: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new OptionError(`invalid ${key} ${JSON.stringify(value)}: allowed values are ${min}-${max}`);
  }
  return Number(value);
}

const BOOLEANS: Record<string, boolean> = {
  "1": true,
  "0": false,
  true: true,
  false: false,
  on: true,
  off: false,
  yes: true,
  no: false,
};
function bool(key: string, value: string): boolean {
  const v = BOOLEANS[value.toLowerCase()];
  if (v === undefined)
    throw new OptionError(`invalid ${key} ${JSON.stringify(value)}: allowed values are 1, 0, true, false, on, off`);
  return v;
}

/** Parses and validates the generic options of CreateNetwork. */
export function parseNetworkOptions(generic: Record<string, unknown>, defaultMode: DriverMode = "macvlan"): NetworkOptions {
  const o: Record<string, string> = {};
  for (const [k, v] of Object.entries(generic)) o[k] = String(v);
  const mode = oneOf("mode", DRIVER_MODES, o.mode ?? defaultMode);
  const known = [...COMMON_KEYS, ...MODE_KEYS[mode]];
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new OptionError(
      `unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} for mode ${mode}: known options are ${known.join(", ")}`,
    );
  }
  if (o.parent !== undefined && o.netdevice !== undefined && o.parent !== o.netdevice) {
    throw new OptionError(
      `parent ${JSON.stringify(o.parent)} and netdevice ${JSON.stringify(o.netdevice)} disagree: give one of them`,
    );
  }
  const parent = o.parent ?? o.netdevice ?? "";
  if (parent) {
    try {
      validateIfName(parent, "parent");
    } catch (e) {
      throw new OptionError((e as Error).message);
    }
  }
  const prefix = o.prefix ?? "eth";
  if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,9}$/.test(prefix)) {
    throw new OptionError(`invalid prefix ${JSON.stringify(prefix)}: 1-10 letters, digits, "_" or "-", starting with a letter`);
  }
  const out: NetworkOptions = {
    mode,
    parent,
    prefix,
    macvlanMode: oneOf("macvlan_mode", ["bridge", "vepa", "private", "passthru"] as const, o.macvlan_mode ?? "bridge"),
    ipvlanMode: oneOf("ipvlan_mode", Object.keys(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[], o.ipvlan_mode ?? "l2"),
    ipvlanFlag: oneOf("ipvlan_flag", Object.keys(IPVLAN_FLAGS) as (keyof typeof IPVLAN_FLAGS)[], o.ipvlan_flag ?? "bridge"),
    vlan: o.vlan === undefined ? 0 : integer("vlan", o.vlan, 0, 4094),
    qos: o.qos === undefined ? 0 : integer("qos", o.qos, 0, 7),
    vlanProto: oneOf(
      "vlan_proto",
      Object.keys(VF_VLAN_PROTOCOLS) as (keyof typeof VF_VLAN_PROTOCOLS)[],
      o.vlan_proto ?? "802.1Q",
    ),
    privileged: o.privileged === undefined ? false : bool("privileged", o.privileged),
    force: o.force === undefined ? false : bool("force", o.force),
  };
  const mtu = o.mtu ?? o[MTU_OPTION];
  if (mtu !== undefined) out.mtu = integer(o.mtu !== undefined ? "mtu" : MTU_OPTION, mtu, 68, 65535);
  if (o.spoofchk !== undefined) out.spoofchk = bool("spoofchk", o.spoofchk);
  if (o.trust !== undefined) out.trust = bool("trust", o.trust);
  if (o.link_state !== undefined)
    out.linkState = oneOf("link_state", Object.keys(VF_LINK_STATES) as (keyof typeof VF_LINK_STATES)[], o.link_state);
  if (o.min_tx_rate !== undefined) out.minTxRate = integer("min_tx_rate", o.min_tx_rate, 0, 0xffffffff);
  if (o.max_tx_rate !== undefined) out.maxTxRate = integer("max_tx_rate", o.max_tx_rate, 0, 0xffffffff);
  if (o.numvfs !== undefined) out.numvfs = integer("numvfs", o.numvfs, 1, 65535);
  if ((out.qos || o.vlan_proto !== undefined) && !out.vlan) throw new OptionError("qos and vlan_proto need a non-zero vlan");
  if ((mode === "sriov" || mode === "passthrough") && !parent)
    throw new OptionError(`mode ${mode} needs netdevice (or parent): the ${mode === "sriov" ? "PF" : "netdev to hand over"}`);
  return out;
}
