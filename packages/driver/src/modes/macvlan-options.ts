// mode=macvlan's own option: Docker's builtin macvlan_mode.
import { type ModeOptionSpec, oneOf } from "../option-values.js";

export const MACVLAN_NETWORK_MODES = ["bridge", "vepa", "private", "passthru"] as const;

export interface MacvlanOptions {
  macvlanMode: (typeof MACVLAN_NETWORK_MODES)[number];
}

export const macvlanOptions: ModeOptionSpec<MacvlanOptions> = {
  keys: ["macvlan_mode"],
  parse: (o) => ({ macvlanMode: oneOf("macvlan_mode", MACVLAN_NETWORK_MODES, o.macvlan_mode ?? "bridge") }),
};
