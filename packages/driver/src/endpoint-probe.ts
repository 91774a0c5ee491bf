// Before CreateEndpoint accepts an address: each swarm node's IPAM is local, so two nodes can hand
// out one address. With addr_probe on, the endpoint's IPv4 address gets an RFC 5227 ARP probe and
// its IPv6 address a DAD solicitation on the network's parent (both at once), and an answer within
// addr_probe_ms refuses the endpoint, naming the address and the MAC that answered. It runs before
// the mode takes anything (a link, a VF, a record), so a refusal leaves nothing behind. A probe
// that cannot be sent (the parent down, gone) is logged and the endpoint accepted: the probe is a
// guard rail, not a gate. Unset, addr_probe is on for swarm-scoped networks (network-scope.ts)
// and off for local ones, whose
// addresses one IPAM hands out, so their container starts do not pay the wait.
import { type NetnsRef, probeAddress } from "@underlay/netlink";
import type { Logger } from "./logger.js";
import { ADDR_PROBE_MS } from "./modes/addr-probe-options.js";
import { parentOf } from "./modes/parent.js";
import type { SriovOptions } from "./modes/sriov-options.js";
import { isSwarmScoped } from "./network-scope.js";
import type { EndpointRecord, NetworkRecord } from "./store.js";

export function addrProbeEnabled(net: NetworkRecord): boolean {
  return net.options.addrProbe ?? isSwarmScoped(net.id);
}

/** Why the network's addresses cannot be probed from the host, if they cannot. */
function unprobeable(net: NetworkRecord): string | undefined {
  if (!net.options.parent) return "it has no parent";
  const vlan = net.options.mode === "sriov" ? (net.options as unknown as SriovOptions).vlan : 0;
  // The VF tags in hardware; the PF sees VLAN traffic only where the NIC's filter lets it, and
  // the kernel hands a packet socket such frames without their tag: an answer could not be told
  // from one on another VLAN.
  if (vlan) return `its VFs are on VLAN ${vlan}, which the PF ${net.options.parent} cannot probe untagged`;
  return undefined;
}

export interface ProbeContext {
  /** Where the parent lives (the driver handle's netns; undefined: the current one). */
  netns: NetnsRef | undefined;
  log: Logger;
}

/** Throws when another host answers for one of the endpoint's addresses. */
export async function refuseAddressInUse(ctx: ProbeContext, net: NetworkRecord, ep: EndpointRecord): Promise<void> {
  const addresses = [ep.address, ep.addressV6].filter((a): a is string => Boolean(a)).map((a) => a.split("/")[0] as string);
  if (!addresses.length || !addrProbeEnabled(net)) return;
  const log = ctx.log.child({ network: net.id, endpoint: ep.id });
  const why = unprobeable(net);
  if (why) return log.info(`addresses not probed: ${why}`);
  const parent = parentOf(net);
  const timeoutMs = net.options.addrProbeMs ?? ADDR_PROBE_MS.default;
  const where = ctx.netns ? { netns: ctx.netns } : {};
  const firstAnswer = new AbortController(); // one answer is enough: the other probe stops waiting
  const answers = await Promise.all(
    addresses.map((address) =>
      probeAddress({ ...where, ifname: parent, address, timeoutMs, signal: firstAnswer.signal }).then(
        (answer) => {
          if (answer) firstAnswer.abort();
          return { address, answer };
        },
        (e) => {
          log.warn({ address, parent, err: (e as Error).message }, "address not probed: the probe could not be sent");
          return { address, answer: undefined };
        },
      ),
    ),
  );
  const taken = answers.find((a) => a.answer);
  if (taken) throw new Error(`address ${taken.address} is already in use on parent ${parent} (answered by ${taken.answer?.mac})`);
  log.debug({ addresses, parent, timeoutMs }, "no one answered for the addresses");
}
