// mode=passthrough: the whole netdev goes into the container, one endpoint per network at a time.
// Docker moves it back on Leave; DeleteEndpoint then finds it by identity (permanent MAC, else
// ifindex: the kernel renames a returning device whose name clashes) and puts back its name,
// MAC, MTU and up state. A NIC that carries the host's uplink is refused unless force=1, and one
// that any network of this driver uses as parent is refused whatever force says, at CreateNetwork
// and again at Join.
import { type Handle, isUp, type LinkMessage } from "@underlay/netlink";
import type { LinkView } from "../host-view.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";
import { baseOf, missing, parentOf } from "./parent.js";
import type { PassthroughOptions } from "./passthrough-options.js";
import { vfPoolNetwork } from "./sriov.js";
import { uplinkReason } from "./uplink.js";

const dev = (net: NetworkRecord) => net.options.parent;
const force = (net: NetworkRecord) => (net.options as unknown as PassthroughOptions).force;

/**
 * The handed-over device, wherever its name went; undefined when it is not in the host netns. By
 * permanent MAC when it has one; else by ifindex, but only within the boot that recorded it (after
 * a reboot an ifindex names some other link), and else by its own name.
 */
async function findDevice(h: Handle, ep: EndpointRecord, bootId: string, links?: LinkView): Promise<LinkMessage | undefined> {
  const perm = ep.saved?.permAddress;
  if (perm) return (links?.list() ?? (await h.promises.linkList())).find((l) => l.attrs.permAddress === perm);
  const ref = ep.ifindex !== undefined && ep.bootId === bootId ? ep.ifindex : ep.saved?.name;
  if (ref === undefined) return undefined;
  if (links) return links.get(ref);
  return h.promises.linkGet(ref).catch((e) => (missing(e) ? undefined : Promise.reject(e)));
}

/** Puts back name, MAC, MTU and up state. A name taken meanwhile is left; the link is never left down. */
async function restoreDevice(h: Handle, link: LinkMessage, saved: NonNullable<EndpointRecord["saved"]>): Promise<void> {
  const index = link.header.index;
  const nameTaken = async (name: string) => (await h.promises.linkGet(name).catch(() => undefined)) !== undefined;
  const rename = saved.name !== undefined && link.attrs.ifname !== saved.name && !(await nameTaken(saved.name));
  const readdress = saved.mac !== undefined && link.attrs.address !== saved.mac;
  try {
    // The kernel renames (and some drivers re-address) only a link that is down.
    if (rename || readdress) await h.promises.linkSet(index, { up: false });
    if (rename) await h.promises.linkSet(index, { name: saved.name as string });
    if (readdress) await h.promises.linkSet(index, { address: saved.mac as string });
    if (saved.mtu !== undefined && link.attrs.mtu !== saved.mtu) await h.promises.linkSetMtu(index, saved.mtu);
  } finally {
    if (saved.up) await h.promises.linkSetUp(index);
  }
  if (saved.name !== undefined && !rename && link.attrs.ifname !== saved.name)
    throw new Error(`${link.attrs.ifname} is back, but its name ${saved.name} is taken by another link`);
}

export function passthroughMode(ctx: ModeContext): Mode {
  const { h, host } = ctx;

  async function refuseHostLink(net: NetworkRecord): Promise<void> {
    const user = host.networks().find((o) => o.options.mode !== "passthrough" && baseOf(parentOf(o)) === dev(net));
    if (user)
      throw new Error(
        `netdevice ${dev(net)} is the parent of ${user.options.mode} network ${user.id}: it cannot also be handed over whole`,
      );
    const pool = vfPoolNetwork(host, dev(net));
    if (pool)
      throw new Error(`netdevice ${dev(net)} is a VF of ${pool.options.parent}, whose VFs sriov network ${pool.id} hands out`);
    if (force(net)) return;
    const why = await uplinkReason(h, dev(net));
    if (why) throw new Error(`${why}: handing it to a container would cut the host off (add -o force=1 if you mean it)`);
  }

  return {
    oneEndpoint: true,
    devicesReturn: true,
    async createNetwork(net, others) {
      const user = others.find((o) => o.options.mode === "passthrough" && dev(o) === dev(net));
      if (user) throw new Error(`netdevice ${dev(net)} is already handed over by passthrough network ${user.id}`);
      await h.promises.linkGet(dev(net)).catch(() => {
        throw new Error(`netdevice ${dev(net)} was not found on the host`);
      });
      await refuseHostLink(net);
    },
    deleteNetwork: async () => {},
    reconcile: async () => [],
    async createEndpoint(net, _ep, siblings) {
      const busy = siblings[0];
      if (busy)
        throw new Error(
          `passthrough network ${net.id} already has endpoint ${busy.id}: its netdevice ${dev(net)} is in use by another container`,
        );
      return {};
    },
    async join(net, ep, persist) {
      await refuseHostLink(net);
      const link = await h.promises.linkGet(dev(net));
      ep.ifindex = link.header.index;
      ep.saved = { name: dev(net), up: isUp(link) };
      if (link.attrs.address) ep.saved.mac = link.attrs.address;
      if (link.attrs.mtu) ep.saved.mtu = link.attrs.mtu;
      if (link.attrs.permAddress) ep.saved.permAddress = link.attrs.permAddress;
      persist(ep); // what to put back, before anything changes
      if (net.options.mtu !== undefined) await h.promises.linkSetMtu(dev(net), net.options.mtu);
      return { InterfaceName: { SrcName: dev(net), DstPrefix: net.options.prefix }, ...gatewayFields(net, ep) };
    },
    leave: async () => {},
    async deleteEndpoint(_net, ep) {
      if (!ep.saved) return;
      const link = await findDevice(h, ep, host.bootId);
      if (link) await restoreDevice(h, link, ep.saved); // else still in a container, or gone with it
    },
    async locate(_net, ep, links) {
      if (!ep.saved) return undefined;
      return (await findDevice(h, ep, host.bootId, links)) ? "host" : "away";
    },
  };
}
