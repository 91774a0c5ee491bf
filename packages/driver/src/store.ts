// One driver name's records: networks and endpoints, persisted crash-safely (dockerd never resends
// CreateNetwork after the driver restarts) and validated when read. Kept in Maps, so an id such as
// "__proto__" is an ordinary key.
import { join } from "node:path";
import { readJson, writeJsonAtomic } from "@underlay/state";
import type { z } from "zod";
import type { NetworkOptions } from "./options.js";
import { stateSchema } from "./store-schema.js";

export interface IpamData {
  pool: string;
  /** CIDR, as Docker sends it (e.g. 192.0.2.1/24). */
  gateway?: string;
}

export interface NetworkRecord {
  id: string;
  options: NetworkOptions;
  internal: boolean;
  ipv4: IpamData[];
  ipv6: IpamData[];
  /** Before 0.2: a link this network created (now in CreatedLinks; moved there at start). */
  createdParent?: string;
}

/** What an endpoint handed over, as it was before: put back when the endpoint goes. */
export interface SavedDevice {
  name?: string;
  mac?: string;
  mtu?: number;
  up?: boolean;
  /** How to find the device again whatever its name: its permanent MAC, when it has one. */
  permAddress?: string;
}

export interface EndpointRecord {
  id: string;
  networkId: string;
  /** When CreateEndpoint made it (ms since the epoch). */
  createdAt?: number;
  address?: string;
  addressV6?: string;
  mac?: string;
  /** A child link this endpoint creates: written before the link is added, so a crash leaves a record. */
  link?: string;
  /** The container's netns (Join's SandboxKey): when it is gone, so is the container. */
  sandboxKey?: string;
  /** The netns file was seen (Docker makes it when the container starts, just after Join). */
  sandboxSeen?: boolean;
  /** The link handed to Docker at Join, in the host netns until Docker moves it. */
  srcName?: string;
  /** The handed-over device's ifindex at Join: it finds the device again after a rename. */
  ifindex?: number;
  /** The host's boot id at Join: an ifindex means nothing after a reboot. */
  bootId?: string;
  /** Join returned, and when (ms since the epoch). */
  joined?: boolean;
  joinedAt?: number;
  /** The device was seen gone from the host netns after Join: seeing it back means the container left. */
  moved?: boolean;
  /** What a mode must put back when the endpoint goes (passthrough: the netdev's name, MAC, MTU). */
  saved?: SavedDevice;
  /** sriov: the VF pool allocation holding this endpoint's VF. */
  allocation?: string;
}

type State = { version: 2; networks: NetworkRecord[]; endpoints: EndpointRecord[] };

export const DRIVER_STATE_FILE = "driver-state.json";

export class DriverStore {
  readonly path: string;
  private networksById = new Map<string, NetworkRecord>();
  private endpointsById = new Map<string, EndpointRecord>();
  /** Each network's endpoint ids, in the order of endpointsById: a sweep asks for every network's. */
  private readonly idsByNetwork = new Map<string, Set<string>>();

  /** Reads the state; a file that is not what we write throws StateFileError naming it. */
  constructor(stateDir: string) {
    this.path = join(stateDir, DRIVER_STATE_FILE);
    const empty: State = { version: 2, networks: [], endpoints: [] };
    const s = readJson<State>(this.path, empty, stateSchema as unknown as z.ZodType<State>);
    for (const n of s.networks) this.networksById.set(n.id, n);
    for (const e of s.endpoints) {
      this.endpointsById.set(e.id, e);
      this.indexEndpoint(e);
    }
  }

  networks(): NetworkRecord[] {
    return [...this.networksById.values()];
  }
  network(id: string): NetworkRecord | undefined {
    return this.networksById.get(id);
  }
  endpoint(id: string): EndpointRecord | undefined {
    return this.endpointsById.get(id);
  }
  endpointsOf(networkId: string): EndpointRecord[] {
    return [...(this.idsByNetwork.get(networkId) ?? [])].map((id) => this.endpointsById.get(id) as EndpointRecord);
  }

  putNetwork(n: NetworkRecord): void {
    this.commit(withEntry(this.networksById, n.id, n), this.endpointsById);
  }
  dropNetwork(id: string): void {
    this.commit(withEntry(this.networksById, id), this.endpointsById);
  }
  putEndpoint(e: EndpointRecord): void {
    const before = this.endpointsById.get(e.id);
    this.commit(this.networksById, withEntry(this.endpointsById, e.id, { ...e }));
    if (before && before.networkId !== e.networkId) this.unindexEndpoint(before);
    this.indexEndpoint(e);
  }
  dropEndpoint(id: string): void {
    const before = this.endpointsById.get(id);
    this.commit(this.networksById, withEntry(this.endpointsById, id));
    if (before) this.unindexEndpoint(before);
  }

  private indexEndpoint(e: EndpointRecord): void {
    const ids = this.idsByNetwork.get(e.networkId) ?? new Set<string>();
    this.idsByNetwork.set(e.networkId, ids.add(e.id));
  }
  private unindexEndpoint(e: EndpointRecord): void {
    const ids = this.idsByNetwork.get(e.networkId);
    ids?.delete(e.id);
    if (ids?.size === 0) this.idsByNetwork.delete(e.networkId);
  }

  /** Writes first, then adopts: a failed write leaves memory and disk agreeing. */
  private commit(networks: Map<string, NetworkRecord>, endpoints: Map<string, EndpointRecord>): void {
    const s: State = { version: 2, networks: [...networks.values()], endpoints: [...endpoints.values()] };
    writeJsonAtomic(this.path, s);
    this.networksById = networks;
    this.endpointsById = endpoints;
  }
}

/** A copy of `m` with `key` set to `value`, or removed when there is none. */
function withEntry<T>(m: Map<string, T>, key: string, value?: T): Map<string, T> {
  const next = new Map(m);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}
