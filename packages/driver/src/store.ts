// The driver's state: networks and endpoints, persisted crash-safely, because dockerd never
// resends CreateNetwork after the driver restarts.
import { join } from "node:path";
import { readJson, writeJsonAtomic } from "@underlay/sriov";
import type { NetworkOptions } from "./options.js";

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
  /** A link this network created (a parent.VID or a dummy parent), deleted with the network. */
  createdParent?: string;
}

export interface EndpointRecord {
  id: string;
  networkId: string;
  address?: string;
  addressV6?: string;
  mac?: string;
  /** The link handed to Docker at Join, in the host netns until Docker moves it. */
  srcName?: string;
  /** What a mode must put back when the endpoint goes (passthrough: the netdev's MAC and MTU). */
  saved?: { mac?: string; mtu?: number };
  /** sriov: the VF pool allocation holding this endpoint's VF. */
  allocation?: string;
}

interface State {
  version: 1;
  networks: Record<string, NetworkRecord>;
  endpoints: Record<string, EndpointRecord>;
}

export const DRIVER_STATE_FILE = "driver-state.json";

export class DriverStore {
  private readonly path: string;
  private state: State;

  constructor(stateDir: string) {
    this.path = join(stateDir, DRIVER_STATE_FILE);
    this.state = readJson<State>(this.path, { version: 1, networks: {}, endpoints: {} });
  }

  networks(): NetworkRecord[] {
    return Object.values(this.state.networks);
  }
  network(id: string): NetworkRecord | undefined {
    return this.state.networks[id];
  }
  endpoint(id: string): EndpointRecord | undefined {
    return this.state.endpoints[id];
  }
  endpointsOf(networkId: string): EndpointRecord[] {
    return Object.values(this.state.endpoints).filter((e) => e.networkId === networkId);
  }

  putNetwork(n: NetworkRecord): void {
    this.commit({ ...this.state, networks: { ...this.state.networks, [n.id]: n } });
  }
  dropNetwork(id: string): void {
    const { [id]: _, ...networks } = this.state.networks;
    this.commit({ ...this.state, networks });
  }
  putEndpoint(e: EndpointRecord): void {
    this.commit({ ...this.state, endpoints: { ...this.state.endpoints, [e.id]: e } });
  }
  dropEndpoint(id: string): void {
    const { [id]: _, ...endpoints } = this.state.endpoints;
    this.commit({ ...this.state, endpoints });
  }

  /** Writes first, then adopts: a failed write leaves memory and disk agreeing. */
  private commit(next: State): void {
    writeJsonAtomic(this.path, next);
    this.state = next;
  }
}
