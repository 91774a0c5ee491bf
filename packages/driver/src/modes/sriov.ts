// mode=sriov: each endpoint gets a VF of the PF from @underlay/sriov's pool, configured with the
// network's VLAN and security settings, and restored when the endpoint goes. SR-IOV is enabled
// on demand and disabled again only if we enabled it and the last network on the PF is gone.
import { type Allocation, SriovEnabler, Sysfs, type VfConfig, VfPool } from "@underlay/sriov";
import type { NetworkRecord } from "../store.js";
import { gatewayFields } from "./gateway.js";
import { randomMac } from "./macvlan.js";
import type { Mode, ModeContext } from "./mode.js";

export interface SriovModeOptions {
  stateDir: string;
  /** Injectable for tests; default /sys. */
  sysfs?: Sysfs;
  /** Whether an endpoint still exists: a VF held by one that does not is freed on resume. */
  endpointExists: (id: string) => boolean;
}

/** privileged=1: trust on, spoofchk off; otherwise spoofchk on, trust off; each overridable. */
export function vfConfigFor(net: NetworkRecord, mac?: string): VfConfig {
  const o = net.options;
  const c: VfConfig = { spoofchk: o.spoofchk ?? !o.privileged, trust: o.trust ?? o.privileged };
  if (o.vlan) Object.assign(c, { vlan: o.vlan, qos: o.qos, vlanProto: o.vlanProto });
  if (mac) c.mac = mac;
  if (o.linkState) c.linkState = o.linkState;
  if (o.minTxRate !== undefined) c.minTxRate = o.minTxRate;
  if (o.maxTxRate !== undefined) c.maxTxRate = o.maxTxRate;
  if (o.mtu !== undefined) c.mtu = o.mtu;
  return c;
}

export function sriovMode(ctx: ModeContext, so: SriovModeOptions): Mode {
  const { h } = ctx;
  const sysfs = so.sysfs ?? new Sysfs();
  const enabler = new SriovEnabler(so.stateDir, sysfs);
  const pools = new Map<string, VfPool>();
  const pool = (pf: string) => {
    let p = pools.get(pf);
    if (!p) {
      p = new VfPool({ pf, stateDir: so.stateDir, sysfs, handle: h, ownerAlive: so.endpointExists });
      pools.set(pf, p);
    }
    return p;
  };
  const pfOf = (net: NetworkRecord) => net.options.parent;
  const allocationOf = (net: NetworkRecord, id: string | undefined): Allocation | undefined =>
    id === undefined
      ? undefined
      : pool(pfOf(net))
          .list()
          .find((a) => a.id === id);

  return {
    async createNetwork(net, others) {
      const pf = pfOf(net);
      const same = others.filter((o) => o.options.mode === "sriov" && pfOf(o) === pf);
      const clash = net.options.vlan ? same.find((o) => o.options.vlan === net.options.vlan) : undefined;
      if (clash)
        throw new Error(
          `vlan ${net.options.vlan} on ${pf} is already used by network ${clash.id}: two networks on one PF need different VLANs`,
        );
      const dev = sysfs.readPf(pf);
      if (dev.numVfs === 0 || (net.options.numvfs !== undefined && net.options.numvfs !== dev.numVfs)) {
        const allocated = pool(pf).list().length;
        await enabler.enable(pf, net.options.numvfs === undefined ? {} : { count: net.options.numvfs }, allocated);
      }
      return {};
    },
    async deleteNetwork(net, others) {
      const pf = pfOf(net);
      if (others.some((o) => o.options.mode === "sriov" && pfOf(o) === pf)) return;
      enabler.disable(pf, pool(pf).list().length);
    },
    /** After a restart: VFs held by endpoints that are gone, or half-configured, are restored and freed. */
    resume: async (net) => void (await pool(pfOf(net)).reconcile()),
    async createEndpoint(net, ep) {
      // --mac-address picks the VF with that MAC; otherwise the VF's admin MAC becomes a new one.
      const mac = ep.mac ? undefined : randomMac();
      const a = await pool(pfOf(net)).allocate({
        owner: ep.id,
        ...(ep.mac ? { mac: ep.mac } : {}),
        config: vfConfigFor(net, mac),
      });
      ep.allocation = a.id;
      return mac ? { mac } : {};
    },
    async join(net, ep) {
      const a = allocationOf(net, ep.allocation);
      const vf = a && sysfs.readPf(pfOf(net)).vfs.find((v) => v.pciAddress === a.vfPci);
      if (!vf?.netdev) throw new Error(`the VF of endpoint ${ep.id} on ${pfOf(net)} has no netdev in the host netns`);
      return {
        InterfaceName: { SrcName: vf.netdev, DstPrefix: net.options.prefix },
        ...gatewayFields(net, Boolean(ep.addressV6)),
      };
    },
    leave: async () => {},
    async deleteEndpoint(net, ep) {
      if (allocationOf(net, ep.allocation)) await pool(pfOf(net)).release(ep.allocation as string);
    },
  };
}
