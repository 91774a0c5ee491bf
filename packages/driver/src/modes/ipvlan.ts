// mode=ipvlan: an ipvlan child of the parent per endpoint. Slaves share the parent's MAC, so no
// MAC is ever set. In l3/l3s the container gets a connected default route and no gateway, as
// Docker's builtin driver does; upstream routers must route the subnet to the host.
import type { JoinResponse, StaticRoute } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import { createChild, endpointLinkName } from "./child.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";
import { deleteIfPresent, ensureParent, parentOf, releaseParent } from "./parent.js";

function checkSharing(net: NetworkRecord, others: NetworkRecord[]): void {
  const parent = parentOf(net);
  for (const o of others.filter((x) => parentOf(x) === parent)) {
    if (o.options.mode === "macvlan") {
      throw new Error(
        `parent ${parent} already carries macvlan network ${o.id}: a link cannot have macvlan and ipvlan children at once`,
      );
    }
    if (o.options.mode === "ipvlan" && o.options.ipvlanMode !== net.options.ipvlanMode) {
      throw new Error(
        `ipvlan network ${o.id} already uses parent ${parent} in mode ${o.options.ipvlanMode}; every ipvlan network on one parent needs the same ipvlan_mode`,
      );
    }
  }
}

function routes(net: NetworkRecord, ep: EndpointRecord): Omit<JoinResponse, "InterfaceName"> {
  if (net.options.ipvlanMode === "l2" || net.internal) return gatewayFields(net, Boolean(ep.addressV6));
  const StaticRoutes: StaticRoute[] = [{ Destination: "0.0.0.0/0", RouteType: 1 }];
  if (ep.addressV6) StaticRoutes.push({ Destination: "::/0", RouteType: 1 });
  return { StaticRoutes, DisableGatewayService: true };
}

export function ipvlanMode(ctx: ModeContext): Mode {
  const { h } = ctx;
  return {
    async createNetwork(net, others) {
      checkSharing(net, others);
      return ensureParent(h, net);
    },
    deleteNetwork: (net, others) => releaseParent(h, net, others),
    resume: async (net) => void (await ensureParent(h, net)),
    async createEndpoint(_net, ep) {
      if (ep.mac) throw new Error("ipvlan interfaces do not support custom mac address assignment");
      return {};
    },
    async join(net, ep) {
      const name = await createChild(h, net, ep, { kind: "ipvlan", mode: net.options.ipvlanMode, flag: net.options.ipvlanFlag });
      return { InterfaceName: { SrcName: name, DstPrefix: net.options.prefix }, ...routes(net, ep) };
    },
    leave: async () => {},
    deleteEndpoint: (_net, ep) => deleteIfPresent(h, endpointLinkName(ep)),
  };
}
