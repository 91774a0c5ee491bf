// What Join tells Docker about gateways: the IPAM gateway for external networks, and
// DisableGatewayService whenever there is none, so no docker_gwbridge NIC appears.
import type { JoinResponse } from "../protocol/api.js";
import type { NetworkRecord } from "../store.js";

const bare = (cidr: string | undefined) => cidr?.split("/")[0];

export function gatewayFields(net: NetworkRecord, hasV6: boolean): Omit<JoinResponse, "InterfaceName"> {
  if (net.internal) return { DisableGatewayService: true };
  const out: Omit<JoinResponse, "InterfaceName"> = {};
  const gw4 = bare(net.ipv4.find((d) => d.gateway)?.gateway);
  const gw6 = hasV6 ? bare(net.ipv6.find((d) => d.gateway)?.gateway) : undefined;
  if (gw4) out.Gateway = gw4;
  if (gw6) out.GatewayIPv6 = gw6;
  if (!gw4 && !gw6) out.DisableGatewayService = true;
  return out;
}
