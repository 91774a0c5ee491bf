// mode=sriov: each endpoint gets a VF of the PF from the process's one pool per PF, configured with
// the network's VLAN and security settings (a network without a VLAN sets VLAN 0 and the default
// trust, spoofchk, link state and rates explicitly, so no VF carries a previous tenant's), and
// restored when the endpoint goes. SR-IOV is enabled on demand and disabled again only if we
// enabled it and the last network on the PF, of any driver name, is gone.
import type { Allocation, VfConfig } from "@underlay/sriov";
import type { HostResources } from "../host-resources.js";
import { randomMac } from "../random-mac.js";
import type { NetworkRecord } from "../store.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";
import { baseOf, parentOf } from "./parent.js";
import type { SriovOptions } from "./sriov-options.js";

const sriovOf = (net: NetworkRecord) => net.options as unknown as SriovOptions;

/** privileged=1: trust on, spoofchk off; otherwise spoofchk on, trust off; each overridable. */
export function vfConfigFor(net: NetworkRecord, mac?: string): VfConfig {
  const o = sriovOf(net);
  const c: VfConfig = {
    vlan: o.vlan,
    qos: o.vlan ? o.qos : 0,
    vlanProto: o.vlan ? o.vlanProto : "802.1Q",
    spoofchk: o.spoofchk ?? !o.privileged,
    trust: o.trust ?? o.privileged,
    linkState: o.linkState ?? "auto",
    minTxRate: o.minTxRate ?? 0,
    maxTxRate: o.maxTxRate ?? 0,
  };
  if (mac) c.mac = mac;
  if (o.mtu !== undefined) c.mtu = o.mtu;
  return c;
}

/** The sriov network handing out VFs of the PF that `netdev` is a VF of, if any. */
export function vfPoolNetwork(host: HostResources, netdev: string): NetworkRecord | undefined {
  const pf = host.sysfs.pfOf(netdev);
  return pf === undefined ? undefined : host.networks().find((o) => o.options.mode === "sriov" && o.options.parent === pf);
}

export function sriovMode(ctx: ModeContext): Mode {
  const { host } = ctx;
  const pfOf = (net: NetworkRecord) => net.options.parent;
  const onPf = (nets: NetworkRecord[], pf: string) => nets.filter((o) => o.options.mode === "sriov" && pfOf(o) === pf);
  const allocationOf = (net: NetworkRecord, id: string | undefined): Allocation | undefined =>
    id === undefined
      ? undefined
      : host
          .pool(pfOf(net))
          .list()
          .find((a) => a.id === id);
  // The allocation's VF alone (a PF may have 64); the same PCI address, or it is another VF now.
  const vfOf = (net: NetworkRecord, a: Allocation | undefined) => {
    const vf = a && host.sysfs.readVfOf(pfOf(net), a.vf);
    return vf?.pciAddress === a?.vfPci ? vf : undefined;
  };

  return {
    devicesReturn: true,
    async createNetwork(net, others) {
      const pf = pfOf(net);
      const handed = others.find((o) => o.options.mode === "passthrough" && o.options.parent === pf);
      if (handed) throw new Error(`PF ${pf} is handed to containers whole by passthrough network ${handed.id}`);
      const onVf = others.find((o) => o.options.mode !== "sriov" && host.sysfs.pfOf(baseOf(parentOf(o))) === pf);
      if (onVf)
        throw new Error(
          `${onVf.options.mode} network ${onVf.id} uses ${parentOf(onVf)}, a VF of ${pf}: the pool cannot hand it out`,
        );
      const vlan = sriovOf(net).vlan;
      const clash = vlan ? onPf(others, pf).find((o) => sriovOf(o).vlan === vlan) : undefined;
      if (clash)
        throw new Error(
          `vlan ${vlan} on ${pf} is already used by network ${clash.id}: two networks on one PF need different VLANs`,
        );
      const dev = host.sysfs.readPf(pf);
      const numvfs = sriovOf(net).numvfs;
      if (dev.numVfs === 0 || (numvfs !== undefined && numvfs !== dev.numVfs)) {
        await host
          .pool(pf)
          .whileIdle((allocated) => host.enabler.enable(pf, numvfs === undefined ? {} : { count: numvfs }, allocated));
      }
    },
    async deleteNetwork(net, others) {
      const pf = pfOf(net);
      if (onPf(others, pf).length) return;
      await host.pool(pf).whileIdle((allocated) => host.enabler.disable(pf, allocated));
    },
    /** After a restart: VFs held by endpoints that are gone, or half-configured, are restored and freed. */
    async reconcile(net) {
      const report = await host.pool(pfOf(net)).reconcile();
      return report.freed.map((f) => `VF ${f.vf} of ${pfOf(net)} (endpoint ${f.owner}): ${f.reason}: restored and freed`);
    },
    async createEndpoint(net, ep) {
      // --mac-address picks the VF with that MAC; otherwise the VF's admin MAC becomes a new one.
      const mac = ep.mac ? undefined : randomMac();
      const a = await host.pool(pfOf(net)).allocate({
        owner: ep.id,
        ...(ep.mac ? { mac: ep.mac } : {}),
        config: vfConfigFor(net, mac ?? ep.mac),
      });
      ep.allocation = a.id;
      return mac ? { mac } : {};
    },
    async join(net, ep) {
      const vf = vfOf(net, allocationOf(net, ep.allocation));
      if (!vf?.netdev) throw new Error(`the VF of endpoint ${ep.id} on ${pfOf(net)} has no netdev in the host netns`);
      return { InterfaceName: { SrcName: vf.netdev, DstPrefix: net.options.prefix }, ...gatewayFields(net, ep) };
    },
    leave: async () => {},
    async deleteEndpoint(net, ep) {
      if (allocationOf(net, ep.allocation)) await host.pool(pfOf(net)).release(ep.allocation as string);
    },
    async locate(net, ep) {
      const a = allocationOf(net, ep.allocation);
      if (!a) return undefined;
      return vfOf(net, a)?.netdev ? "host" : "away";
    },
  };
}
