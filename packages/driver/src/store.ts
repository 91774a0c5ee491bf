// One driver name's records: networks and endpoints, persisted crash-safely (dockerd never resends
// CreateNetwork after the driver restarts) and validated when read. Kept in Maps, so an id such as
// "__proto__" is an ordinary key. A change is seen by readers at once; its promise resolves when
// it is durable, every change of one event-loop turn sharing one write off the main thread
// (GroupCommit): a call answers Docker only after that. A durable change implies every change
// made before it is durable too (each write holds the whole state, writes land in order).
import { join } from "node:path";
import { GroupCommit, readJson } from "@underlay/state";
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
  private readonly networksById = new Map<string, NetworkRecord>();
  private readonly endpointsById = new Map<string, EndpointRecord>();
  /** Each network's endpoint ids, in the order of endpointsById: a sweep asks for every network's. */
  private readonly idsByNetwork = new Map<string, Set<string>>();
  private readonly file: GroupCommit<State>;

  /** Reads the state; a file that is not what we write throws StateFileError naming it. */
  constructor(stateDir: string) {
    this.path = join(stateDir, DRIVER_STATE_FILE);
    const empty: State = { version: 2, networks: [], endpoints: [] };
    const initial = readJson<State>(this.path, empty, stateSchema as unknown as z.ZodType<State>);
    this.adopt(initial);
    this.file = new GroupCommit<State>({
      path: this.path,
      initial,
      snapshot: () => ({ version: 2, networks: this.networks(), endpoints: [...this.endpointsById.values()] }),
      restore: (landed) => this.adopt(landed),
    });
  }

  /** Writes that reached the file since this store was opened. */
  get writes(): number {
    return this.file.writes;
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

  /** Each change resolves once it is on disk (with every change made before it). */
  putNetwork(n: NetworkRecord): Promise<void> {
    this.networksById.set(n.id, n);
    return this.file.commit();
  }
  dropNetwork(id: string): Promise<void> {
    this.networksById.delete(id);
    return this.file.commit();
  }
  putEndpoint(e: EndpointRecord): Promise<void> {
    this.setEndpoint(e);
    return this.file.commit();
  }
  dropEndpoint(id: string): Promise<void> {
    this.deleteEndpoint(id);
    return this.file.commit();
  }

  /** As putNetwork, on disk when it returns: for a synchronous caller (the constructor's migrations). */
  putNetworkNow(n: NetworkRecord): void {
    this.networksById.set(n.id, n);
    this.file.writeNow();
  }
  /** As putEndpoint, on disk when it returns: a write-ahead record a mode needs before its next step. */
  putEndpointNow(e: EndpointRecord): void {
    this.setEndpoint(e);
    this.file.writeNow();
  }

  private setEndpoint(e: EndpointRecord): void {
    const before = this.endpointsById.get(e.id);
    if (before && before.networkId !== e.networkId) this.unindexEndpoint(before);
    this.endpointsById.set(e.id, { ...e }); // the caller goes on filling its own; its place in order stays
    this.indexEndpoint(e);
  }
  private deleteEndpoint(id: string): void {
    const before = this.endpointsById.get(id);
    if (!before) return;
    this.endpointsById.delete(id);
    this.unindexEndpoint(before);
  }
  private unindexEndpoint(e: EndpointRecord): void {
    const ids = this.idsByNetwork.get(e.networkId);
    ids?.delete(e.id);
    if (ids?.size === 0) this.idsByNetwork.delete(e.networkId);
  }
  private indexEndpoint(e: EndpointRecord): void {
    const ids = this.idsByNetwork.get(e.networkId) ?? new Set<string>();
    this.idsByNetwork.set(e.networkId, ids.add(e.id));
  }

  /** Memory becomes `s`: at start, and after a failed write (back to what the file holds). */
  private adopt(s: State): void {
    this.networksById.clear();
    this.endpointsById.clear();
    this.idsByNetwork.clear();
    for (const n of s.networks) this.networksById.set(n.id, n);
    for (const e of s.endpoints) {
      this.endpointsById.set(e.id, e);
      this.indexEndpoint(e);
    }
  }
}
