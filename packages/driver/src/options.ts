// `docker network create -o key=value` options: the keys every mode has, and the dispatch to the
// mode's own (each modes/<mode>.ts declares its keys and reads them). Docker's macvlan/ipvlan names
// and the Mellanox plugin's (netdevice, mode, vlan, privileged) are accepted. Every value is
// validated and the error names the allowed values; an unknown key names the known ones.
import { validateIfName } from "@underlay/netlink";
import { DRIVER_MODES, type DriverMode } from "./driver-modes.js";
import { type AddrProbeOptions, withAddrProbe } from "./modes/addr-probe-options.js";
import { type IpvlanOptions, ipvlanOptions } from "./modes/ipvlan-options.js";
import { type MacvlanOptions, macvlanOptions } from "./modes/macvlan-options.js";
import { type PassthroughOptions, passthroughOptions } from "./modes/passthrough-options.js";
import { type SriovOptions, sriovOptions } from "./modes/sriov-options.js";
import { type CommonOptions, integer, type ModeOptionSpec, OptionError, oneOf, type RawOptions } from "./option-values.js";

export { DRIVER_MODES, type DriverMode } from "./driver-modes.js";
export { type CommonOptions, OptionError } from "./option-values.js";

export const MTU_OPTION = "com.docker.network.driver.mtu";

/** A network's options: the common ones and only its own mode's. */
export type NetworkOptions = AddrProbeOptions &
  (
    | (CommonOptions & { mode: "macvlan" } & MacvlanOptions)
    | (CommonOptions & { mode: "ipvlan" } & IpvlanOptions)
    | (CommonOptions & { mode: "sriov" } & SriovOptions)
    | (CommonOptions & { mode: "passthrough" } & PassthroughOptions)
  );

const SPECS: { [M in DriverMode]: ModeOptionSpec<object> } = {
  macvlan: withAddrProbe(macvlanOptions),
  ipvlan: withAddrProbe(ipvlanOptions),
  sriov: withAddrProbe(sriovOptions),
  passthrough: withAddrProbe(passthroughOptions),
};
const COMMON_KEYS = ["mode", "parent", "netdevice", "prefix", MTU_OPTION] as const;

function commonOptions(o: RawOptions, mode: DriverMode): CommonOptions {
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
  const out: CommonOptions = { mode, parent, prefix };
  if (o[MTU_OPTION] !== undefined) out.mtu = integer(MTU_OPTION, o[MTU_OPTION], 68, 65535);
  return out;
}

/** Parses and validates the generic options of CreateNetwork. */
export function parseNetworkOptions(generic: Record<string, unknown>, defaultMode: DriverMode = "macvlan"): NetworkOptions {
  const o: RawOptions = {};
  for (const [k, v] of Object.entries(generic)) o[k] = String(v);
  const mode = oneOf("mode", DRIVER_MODES, o.mode ?? defaultMode);
  const spec = SPECS[mode];
  const known = [...COMMON_KEYS, ...spec.keys];
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new OptionError(
      `unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} for mode ${mode}: known options are ${known.join(", ")}`,
    );
  }
  const common = commonOptions(o, mode);
  return { ...common, ...spec.parse(o, common) } as NetworkOptions;
}
