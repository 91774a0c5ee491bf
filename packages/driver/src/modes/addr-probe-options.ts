// addr_probe and addr_probe_ms, which every mode's option table takes (withAddrProbe): whether
// CreateEndpoint first asks the parent's segment if the address is taken (each swarm node's IPAM
// is local, so two nodes can hand out one address), and how long it waits for an answer. Unset,
// addr_probe follows the network's scope (on for swarm, off for local: see endpoint-probe.ts).
import { DEFAULT_PROBE_TIMEOUT_MS } from "@underlay/netlink";
import { bool, integer, type ModeOptionSpec, OptionError } from "../option-values.js";

export interface AddrProbeOptions {
  addrProbe?: boolean;
  addrProbeMs?: number;
}

export const ADDR_PROBE_MS = { min: 10, max: 5000, default: DEFAULT_PROBE_TIMEOUT_MS };

const addrProbeOptions: ModeOptionSpec<AddrProbeOptions> = {
  keys: ["addr_probe", "addr_probe_ms"],
  parse(o, common) {
    const out: AddrProbeOptions = {};
    if (o.addr_probe !== undefined) out.addrProbe = bool("addr_probe", o.addr_probe);
    if (o.addr_probe_ms !== undefined)
      out.addrProbeMs = integer("addr_probe_ms", o.addr_probe_ms, ADDR_PROBE_MS.min, ADDR_PROBE_MS.max);
    if (out.addrProbe && !common.parent)
      throw new OptionError("addr_probe needs a parent: a network without one reaches nobody who could answer");
    return out;
  },
};

/** A mode's option table with addr_probe and addr_probe_ms added. */
export function withAddrProbe<T>(spec: ModeOptionSpec<T>): ModeOptionSpec<T & AddrProbeOptions> {
  return {
    keys: [...spec.keys, ...addrProbeOptions.keys],
    parse: (o, common) => ({ ...spec.parse(o, common), ...addrProbeOptions.parse(o, common) }),
  };
}
