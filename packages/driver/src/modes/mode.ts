// The contract every driver mode (sriov, passthrough, macvlan, ipvlan) fulfils. The protocol
// layer (network-driver.ts) maps Docker's calls onto these, keeps the records and holds the locks.
import type { Handle } from "@underlay/netlink";
import type { HostResources } from "../host-resources.js";
import type { LinkView } from "../host-view.js";
import type { JoinResponse } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";

export interface ModeContext {
  /** Netlink handle in the netns Docker expects SrcName in (the host's). */
  h: Handle;
  /** What every name of the process shares: pools, created links, locks, every network. */
  host: HostResources;
}

/** Where an endpoint's device is: back in the host netns, or away (in a container, or gone). */
export type Whereabouts = "host" | "away";

export interface Mode {
  /** The network has room for one endpoint at a time (passthrough): CreateEndpoint calls queue. */
  readonly oneEndpoint?: boolean;
  /** Its devices are physical: when a container's netns goes, they come back to the host's. */
  readonly devicesReturn?: boolean;
  /** Refuses a network that cannot coexist with `others` (every name's), and prepares the host. */
  createNetwork(net: NetworkRecord, others: NetworkRecord[]): Promise<void>;
  /** Undoes createNetwork; `others` are the networks that remain. */
  deleteNetwork(net: NetworkRecord, others: NetworkRecord[]): Promise<void>;
  /** Returns a MAC only when Docker supplied none. `siblings` are the network's other endpoints. */
  createEndpoint(net: NetworkRecord, ep: EndpointRecord, siblings: EndpointRecord[]): Promise<{ mac?: string }>;
  /**
   * Creates or hands over the link Docker moves into the container. Fills the record (link,
   * ifindex, saved) and calls `persist` before each change, so a crash leaves a record of it.
   */
  join(net: NetworkRecord, ep: EndpointRecord, persist: (ep: EndpointRecord) => void): Promise<JoinResponse>;
  leave(net: NetworkRecord, ep: EndpointRecord): Promise<void>;
  /** Puts back what the endpoint took, wherever its device now is. Must be idempotent. */
  deleteEndpoint(net: NetworkRecord, ep: EndpointRecord): Promise<void>;
  /**
   * After a restart: re-creates what the network needs that is gone; returns what it did. `links`:
   * the host's links as one dump saw them; what it shows present needs no request of its own.
   */
  reconcile(net: NetworkRecord, links?: LinkView): Promise<string[]>;
  /**
   * Where a joined endpoint's device is now, found by identity (not by name); undefined: nothing to
   * find. With `links`, looked up there (a sweep's one dump) instead of asking the kernel.
   */
  locate(net: NetworkRecord, ep: EndpointRecord, links?: LinkView): Promise<Whereabouts | undefined>;
}
