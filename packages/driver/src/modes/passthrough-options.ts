// mode=passthrough's own option: force, to hand over a NIC that carries the host's uplink.
import { bool, type ModeOptionSpec, OptionError } from "../option-values.js";

export interface PassthroughOptions {
  force: boolean;
}

export const passthroughOptions: ModeOptionSpec<PassthroughOptions> = {
  keys: ["force"],
  parse(o, common) {
    if (!common.parent) throw new OptionError("mode passthrough needs netdevice (or parent): the netdev to hand over");
    return { force: o.force === undefined ? false : bool("force", o.force) };
  },
};
