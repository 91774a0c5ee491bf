// The contract every driver mode (sriov, passthrough, macvlan, ipvlan) fulfils. The protocol
// layer (network-driver.ts) maps Docker's calls onto these and keeps the records.
import type { Handle } from "@underlay/netlink";
import type { JoinResponse } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";

export interface ModeContext {
  /** Netlink handle in the netns Docker expects SrcName in (the host's). */
  h: Handle;
}

export interface Mode {
  /** Prepares the network (e.g. creates a parent.VID); returns a link it created, if any. */
  createNetwork(net: NetworkRecord, others: NetworkRecord[]): Promise<{ createdParent?: string }>;
  /** Undoes createNetwork; `others` are the networks that remain. */
  deleteNetwork(net: NetworkRecord, others: NetworkRecord[]): Promise<void>;
  /** Returns a MAC only when Docker supplied none. `siblings` are the network's other endpoints. */
  createEndpoint(net: NetworkRecord, ep: EndpointRecord, siblings: EndpointRecord[]): Promise<{ mac?: string }>;
  /** Creates or hands over the link Docker moves into the container. May fill ep.saved. */
  join(net: NetworkRecord, ep: EndpointRecord): Promise<JoinResponse>;
  leave(net: NetworkRecord, ep: EndpointRecord): Promise<void>;
  /** After a restart: re-creates what the network needs that is gone (a dummy or VLAN parent). */
  resume(net: NetworkRecord): Promise<void>;
  /** Removes what the endpoint left in the host netns. Must be idempotent. */
  deleteEndpoint(net: NetworkRecord, ep: EndpointRecord): Promise<void>;
}
