// The libnetwork remote driver API: request shapes (validated) and response shapes, with the exact
// field names dockerd uses (drivers/remote/api/api.go). Unknown fields are accepted and ignored.
import { z } from "zod";

// As Docker and swarm generate them (64 hex digits; swarm's are base-36): nothing that could
// reach a path, a link name or a C string (NUL, "/", "..") gets past the protocol.
const ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
const id = z.string().regex(ID_PATTERN, "must be 1 to 64 letters and digits, as Docker and swarm generate IDs");
const ipamData = z.looseObject({
  AddressSpace: z.string().nullish(),
  Pool: z.string(),
  Gateway: z.string().optional(),
  AuxAddresses: z.record(z.string(), z.string()).nullish(),
});
const options = z.record(z.string(), z.unknown()).nullish();

export const CreateNetworkRequest = z.looseObject({
  NetworkID: id,
  Options: options,
  IPv4Data: z.array(ipamData).nullish(),
  IPv6Data: z.array(ipamData).nullish(),
});
export const NetworkRequest = z.looseObject({ NetworkID: id });
export const EndpointRequest = z.looseObject({ NetworkID: id, EndpointID: id });
export const CreateEndpointRequest = z.looseObject({
  NetworkID: id,
  EndpointID: id,
  Interface: z
    .looseObject({ Address: z.string().optional(), AddressIPv6: z.string().optional(), MacAddress: z.string().optional() })
    .nullish(),
  Options: options,
});
export const JoinRequest = z.looseObject({ NetworkID: id, EndpointID: id, SandboxKey: z.string().min(1), Options: options });
export const ExternalConnectivityRequest = z.looseObject({ NetworkID: id, EndpointID: id, Options: options });
export const DiscoveryRequest = z.looseObject({ DiscoveryType: z.number().int(), DiscoveryData: z.unknown() });
export const AllocateNetworkRequest = z.looseObject({
  NetworkID: id,
  Options: z.record(z.string(), z.string()).nullish(),
  IPv4Data: z.array(ipamData).nullish(),
  IPv6Data: z.array(ipamData).nullish(),
});

export type CreateNetworkRequest = z.infer<typeof CreateNetworkRequest>;
export type NetworkRequest = z.infer<typeof NetworkRequest>;
export type EndpointRequest = z.infer<typeof EndpointRequest>;
export type CreateEndpointRequest = z.infer<typeof CreateEndpointRequest>;
export type JoinRequest = z.infer<typeof JoinRequest>;
export type ExternalConnectivityRequest = z.infer<typeof ExternalConnectivityRequest>;
export type DiscoveryRequest = z.infer<typeof DiscoveryRequest>;
export type AllocateNetworkRequest = z.infer<typeof AllocateNetworkRequest>;

export interface Capabilities {
  Scope: "local" | "global";
  ConnectivityScope: "local" | "global";
}
export interface CreateEndpointResponse {
  /** Only fields Docker sent empty may be filled: echoing one fails the container start. */
  Interface?: { Address?: string; AddressIPv6?: string; MacAddress?: string };
}
export interface StaticRoute {
  Destination: string;
  /** 0 = NEXTHOP, 1 = CONNECTED. */
  RouteType: 0 | 1;
  NextHop?: string;
}
export interface JoinResponse {
  InterfaceName: { SrcName: string; DstPrefix: string };
  Gateway?: string;
  GatewayIPv6?: string;
  StaticRoutes?: StaticRoute[];
  DisableGatewayService?: boolean;
}

/** What a network driver implements; the server maps each remote call onto one of these. */
export interface RemoteDriver {
  capabilities(): Capabilities;
  createNetwork(r: CreateNetworkRequest): Promise<void>;
  deleteNetwork(r: NetworkRequest): Promise<void>;
  createEndpoint(r: CreateEndpointRequest): Promise<CreateEndpointResponse>;
  endpointOperInfo(r: EndpointRequest): Promise<Record<string, unknown>>;
  deleteEndpoint(r: EndpointRequest): Promise<void>;
  join(r: JoinRequest): Promise<JoinResponse>;
  leave(r: EndpointRequest): Promise<void>;
  /** Not part of libnetwork's protocol: what the driver holds, for `underlay driver status`. */
  status?(): unknown;
}
