// mode=ipvlan: an ipvlan child of the parent per endpoint. Slaves share the parent's MAC, so no
// MAC is ever set. In l3/l3s the container gets a connected default route and no gateway, as
// Docker's builtin driver does; upstream routers must route the subnet to the host.
import type { JoinResponse, StaticRoute } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import { childMode } from "./child.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";
import { parentOf } from "./parent.js";

function checkSharing(net: NetworkRecord, same: NetworkRecord[]): void {
  const o = same.find((x) => x.options.ipvlanMode !== net.options.ipvlanMode);
  if (o) {
    throw new Error(
      `ipvlan network ${o.id} already uses parent ${parentOf(net)} in mode ${o.options.ipvlanMode}; every ipvlan network on one parent needs the same ipvlan_mode`,
    );
  }
}

function routes(net: NetworkRecord, ep: EndpointRecord): Omit<JoinResponse, "InterfaceName"> {
  if (net.options.ipvlanMode === "l2" || net.internal) return gatewayFields(net, Boolean(ep.addressV6));
  const StaticRoutes: StaticRoute[] = [{ Destination: "0.0.0.0/0", RouteType: 1 }];
  if (ep.addressV6) StaticRoutes.push({ Destination: "::/0", RouteType: 1 });
  return { StaticRoutes, DisableGatewayService: true };
}

export function ipvlanMode(ctx: ModeContext): Mode {
  return childMode(ctx, {
    checkSharing,
    async createEndpoint(_net, ep) {
      if (ep.mac) throw new Error("ipvlan interfaces do not support custom mac address assignment");
      return {};
    },
    kind: (net) => ({ kind: "ipvlan", mode: net.options.ipvlanMode, flag: net.options.ipvlanFlag }),
    routing: routes,
  });
}
