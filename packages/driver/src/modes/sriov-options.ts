// mode=sriov's own options: the Mellanox plugin's (vlan, privileged) and sriov-cni's (qos,
// vlan_proto, spoofchk, trust, link_state, rates), the VF netdev's mtu, and numvfs.
import { VF_LINK_STATES, VF_VLAN_PROTOCOLS } from "@underlay/netlink";
import { bool, integer, keysOf, type ModeOptionSpec, OptionError, oneOf } from "../option-values.js";

export interface SriovOptions {
  vlan: number;
  qos: number;
  vlanProto: keyof typeof VF_VLAN_PROTOCOLS;
  privileged: boolean;
  spoofchk?: boolean;
  trust?: boolean;
  linkState?: keyof typeof VF_LINK_STATES;
  minTxRate?: number;
  maxTxRate?: number;
  /** The VF netdev's MTU: the `mtu` key, which wins over Docker's MTU option. */
  mtu?: number;
  numvfs?: number;
}

/** The optional keys: each sets one field when given. */
const OPTIONAL: Record<string, (v: string) => Partial<SriovOptions>> = {
  spoofchk: (v) => ({ spoofchk: bool("spoofchk", v) }),
  trust: (v) => ({ trust: bool("trust", v) }),
  link_state: (v) => ({ linkState: oneOf("link_state", keysOf(VF_LINK_STATES), v) }),
  min_tx_rate: (v) => ({ minTxRate: integer("min_tx_rate", v, 0, 0xffffffff) }),
  max_tx_rate: (v) => ({ maxTxRate: integer("max_tx_rate", v, 0, 0xffffffff) }),
  mtu: (v) => ({ mtu: integer("mtu", v, 68, 65535) }),
  numvfs: (v) => ({ numvfs: integer("numvfs", v, 1, 65535) }),
};

export const sriovOptions: ModeOptionSpec<SriovOptions> = {
  keys: ["vlan", "qos", "vlan_proto", "privileged", ...Object.keys(OPTIONAL)],
  parse(o, common) {
    if (!common.parent) throw new OptionError("mode sriov needs netdevice (or parent): the PF");
    const out: SriovOptions = {
      vlan: o.vlan === undefined ? 0 : integer("vlan", o.vlan, 0, 4094),
      qos: o.qos === undefined ? 0 : integer("qos", o.qos, 0, 7),
      vlanProto: oneOf("vlan_proto", keysOf(VF_VLAN_PROTOCOLS), o.vlan_proto ?? "802.1Q"),
      privileged: o.privileged === undefined ? false : bool("privileged", o.privileged),
    };
    for (const [k, read] of Object.entries(OPTIONAL)) if (o[k] !== undefined) Object.assign(out, read(o[k]));
    if ((out.qos || o.vlan_proto !== undefined) && !out.vlan) throw new OptionError("qos and vlan_proto need a non-zero vlan");
    return out;
  },
};
