// mode=passthrough: the whole netdev goes into the container, one endpoint per network at a time.
// Docker moves it back under its own name on Leave; DeleteEndpoint then restores its MAC and MTU.
// The host's default-route interface is refused unless force=1: handing it over cuts the host off.
import type { Handle } from "@underlay/netlink";
import type { NetworkRecord } from "../store.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";

async function carriesDefaultRoute(h: Handle, dev: string): Promise<boolean> {
  const index = await h.promises.linkIndex(dev);
  const routes = await h.promises.routeList(); // one dump, IPv4 and IPv6
  return routes.some((r) => r.attrs.dst === undefined && r.attrs.oif === index);
}

export function passthroughMode(ctx: ModeContext): Mode {
  const { h } = ctx;
  const dev = (net: NetworkRecord) => net.options.parent;
  return {
    async createNetwork(net, others) {
      const user = others.find((o) => o.options.mode === "passthrough" && dev(o) === dev(net));
      if (user) throw new Error(`netdevice ${dev(net)} is already handed over by passthrough network ${user.id}`);
      await h.promises.linkGet(dev(net)).catch(() => {
        throw new Error(`netdevice ${dev(net)} was not found on the host`);
      });
      if (!net.options.force && (await carriesDefaultRoute(h, dev(net)))) {
        throw new Error(
          `netdevice ${dev(net)} carries the host's default route: handing it to a container would cut the host off (add -o force=1 if you mean it)`,
        );
      }
      return {};
    },
    deleteNetwork: async () => {},
    resume: async () => {},
    async createEndpoint(net, _ep, siblings) {
      const busy = siblings[0];
      if (busy)
        throw new Error(
          `passthrough network ${net.id} already has endpoint ${busy.id}: its netdevice ${dev(net)} is in use by another container`,
        );
      return {};
    },
    async join(net, ep) {
      const link = await h.promises.linkGet(dev(net));
      ep.saved = {
        ...(link.attrs.address ? { mac: link.attrs.address } : {}),
        ...(link.attrs.mtu ? { mtu: link.attrs.mtu } : {}),
      };
      if (net.options.mtu !== undefined) await h.promises.linkSetMtu(dev(net), net.options.mtu);
      return {
        InterfaceName: { SrcName: dev(net), DstPrefix: net.options.prefix },
        ...gatewayFields(net, Boolean(ep.addressV6)),
      };
    },
    leave: async () => {},
    async deleteEndpoint(net, ep) {
      if (!ep.saved) return;
      const link = await h.promises.linkGet(dev(net)).catch(() => undefined);
      if (!link) return; // still in a container, or gone with it: nothing to restore here
      const { mac, mtu } = ep.saved;
      if (mac && link.attrs.address !== mac) await h.promises.linkSet(dev(net), { up: false, address: mac });
      if (mtu && link.attrs.mtu !== mtu) await h.promises.linkSetMtu(dev(net), mtu);
    },
  };
}
