// mode=ipvlan: an ipvlan child of the parent per endpoint. Slaves share the parent's MAC, so no
// MAC is ever set. One ipvlan network per parent, as Docker's builtin driver rules: networks on
// one parent would share one L2/L3 domain. In l3/l3s the container gets a connected default route
// and no gateway; upstream routers must route the subnet to the host.
import type { JoinResponse, StaticRoute } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import { childMode } from "./child.js";
import { gatewayFields } from "./gateway.js";
import type { IpvlanOptions } from "./ipvlan-options.js";
import type { Mode, ModeContext } from "./mode.js";
import { parentOf } from "./parent.js";

const ipvlanOf = (net: NetworkRecord) => net.options as unknown as IpvlanOptions;

function checkSharing(net: NetworkRecord, same: NetworkRecord[]): void {
  const o = same[0];
  if (o)
    throw new Error(`ipvlan network ${o.id} is already using parent interface ${parentOf(net)}: one ipvlan network per parent`);
}

function routes(net: NetworkRecord, ep: EndpointRecord): Omit<JoinResponse, "InterfaceName"> {
  if (ipvlanOf(net).ipvlanMode === "l2" || net.internal) return gatewayFields(net, ep);
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
    kind: (net) => ({ kind: "ipvlan", mode: ipvlanOf(net).ipvlanMode, flag: ipvlanOf(net).ipvlanFlag }),
    routing: routes,
  });
}
