// mode=ipvlan's own options: Docker's builtin ipvlan_mode and ipvlan_flag.
import { IPVLAN_FLAGS, IPVLAN_MODES } from "@underlay/netlink";
import { keysOf, type ModeOptionSpec, oneOf } from "../option-values.js";

export interface IpvlanOptions {
  ipvlanMode: keyof typeof IPVLAN_MODES;
  ipvlanFlag: keyof typeof IPVLAN_FLAGS;
}

export const ipvlanOptions: ModeOptionSpec<IpvlanOptions> = {
  keys: ["ipvlan_mode", "ipvlan_flag"],
  parse: (o) => ({
    ipvlanMode: oneOf("ipvlan_mode", keysOf(IPVLAN_MODES), o.ipvlan_mode ?? "l2"),
    ipvlanFlag: oneOf("ipvlan_flag", keysOf(IPVLAN_FLAGS), o.ipvlan_flag ?? "bridge"),
  }),
};
