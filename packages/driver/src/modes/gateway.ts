// What Join tells Docker about gateways: for IPv4 and IPv6 separately, the gateway of the subnet
// that holds the endpoint's address (a network may have several, as with the builtin drivers);
// none on internal networks, and DisableGatewayService whenever there is none, so no
// docker_gwbridge NIC appears.
import { BlockList, isIPv6 } from "node:net";
import type { JoinResponse } from "../protocol/api.js";
import type { EndpointRecord, IpamData, NetworkRecord } from "../store.js";

const bare = (cidr: string | undefined) => cidr?.split("/")[0];

/** True when `address` (with or without /len) lies in `pool`. */
export function inSubnet(pool: string, address: string): boolean {
  const [net, len] = pool.split("/");
  const ip = bare(address);
  if (!net || !ip) return false;
  const family = isIPv6(net) ? "ipv6" : "ipv4";
  if (isIPv6(ip) !== (family === "ipv6")) return false;
  const list = new BlockList();
  list.addSubnet(net, Number(len ?? (family === "ipv6" ? 128 : 32)), family);
  return list.check(ip, family);
}

/** The gateway of the subnet that holds `address`. */
function gatewayFor(subnets: IpamData[], address: string | undefined): string | undefined {
  if (!address) return undefined;
  return bare(subnets.find((s) => s.gateway && inSubnet(s.pool, address))?.gateway);
}

export function gatewayFields(net: NetworkRecord, ep: EndpointRecord): Omit<JoinResponse, "InterfaceName"> {
  if (net.internal) return { DisableGatewayService: true };
  const out: Omit<JoinResponse, "InterfaceName"> = {};
  const gw4 = gatewayFor(net.ipv4, ep.address);
  const gw6 = gatewayFor(net.ipv6, ep.addressV6);
  if (gw4) out.Gateway = gw4;
  if (gw6) out.GatewayIPv6 = gw6;
  if (!gw4 && !gw6) out.DisableGatewayService = true;
  return out;
}
