// The thin layer between Docker's calls and the modes: it validates, keeps the records, makes
// calls idempotent, and serializes the calls that touch one network, or one endpoint. Endpoints
// of one network proceed in parallel (Docker deletes them all before the network).
import { Handle } from "@underlay/netlink";
import { KeyedMutex, type Sysfs } from "@underlay/sriov";
import { endpointLinkName } from "./modes/child.js";
import { ipvlanMode } from "./modes/ipvlan.js";
import { macvlanMode } from "./modes/macvlan.js";
import type { Mode, ModeContext } from "./modes/mode.js";
import { deleteIfPresent } from "./modes/parent.js";
import { passthroughMode } from "./modes/passthrough.js";
import { sriovMode } from "./modes/sriov.js";
import { type DriverMode, parseNetworkOptions } from "./options.js";
import type * as api from "./protocol/api.js";
import { type DriverStatus, readDriverStatus } from "./status.js";
import { DriverStore, type EndpointRecord, type IpamData, type NetworkRecord } from "./store.js";

export interface DriverOptions {
  stateDir: string;
  /** The mode when a network names none (the "sriov" and "passthrough" alias sockets set theirs). */
  defaultMode?: DriverMode;
  /** Netlink handle in the host netns (default: the current netns). */
  handle?: Handle;
  /** sysfs, for sriov mode; injectable for tests (default /sys). */
  sysfs?: Sysfs;
}

const ipam = (d: api.CreateNetworkRequest["IPv4Data"]): IpamData[] =>
  (d ?? []).map((x) => (x.Gateway ? { pool: x.Pool, gateway: x.Gateway } : { pool: x.Pool }));

const nonEmpty = (s: string | undefined) => (s ? s : undefined);

export class UnderlayDriver implements api.RemoteDriver {
  private readonly store: DriverStore;
  private readonly locks = new KeyedMutex();
  private readonly modes: Record<DriverMode, Mode>;
  private readonly ctx: ModeContext;

  constructor(private readonly o: DriverOptions) {
    this.store = new DriverStore(o.stateDir);
    this.ctx = { h: o.handle ?? new Handle() };
    this.modes = {
      macvlan: macvlanMode(this.ctx),
      ipvlan: ipvlanMode(this.ctx),
      passthrough: passthroughMode(this.ctx),
      sriov: sriovMode(this.ctx, {
        stateDir: o.stateDir,
        endpointExists: (id) => this.store.endpoint(id) !== undefined,
        ...(o.sysfs ? { sysfs: o.sysfs } : {}),
      }),
    };
  }

  status(): DriverStatus {
    return readDriverStatus(this.o.stateDir);
  }

  capabilities(): api.Capabilities {
    return { Scope: "local", ConnectivityScope: "global" };
  }

  createNetwork(r: api.CreateNetworkRequest): Promise<void> {
    return this.locks.run(r.NetworkID, async () => {
      if (this.store.network(r.NetworkID)) return; // dockerd may repeat it; the first one counts
      const generic = (r.Options?.["com.docker.network.generic"] ?? {}) as Record<string, unknown>;
      const options = parseNetworkOptions(generic, this.o.defaultMode);
      const net: NetworkRecord = {
        id: r.NetworkID,
        options,
        // No parent means a dummy parent, which reaches nothing: treat it as internal (no gateway).
        internal:
          r.Options?.["com.docker.network.internal"] === true ||
          (!options.parent && (options.mode === "macvlan" || options.mode === "ipvlan")),
        ipv4: ipam(r.IPv4Data),
        ipv6: ipam(r.IPv6Data),
      };
      const made = await this.modeOf(net).createNetwork(net, this.store.networks());
      this.store.putNetwork({ ...net, ...made });
    });
  }

  deleteNetwork(r: api.NetworkRequest): Promise<void> {
    return this.locks.run(r.NetworkID, async () => {
      const net = this.store.network(r.NetworkID);
      if (!net) return;
      for (const ep of this.store.endpointsOf(net.id)) await this.dropEndpoint(net, ep);
      const others = this.store.networks().filter((n) => n.id !== net.id);
      await this.modeOf(net).deleteNetwork(net, others);
      this.store.dropNetwork(net.id);
    });
  }

  createEndpoint(r: api.CreateEndpointRequest): Promise<api.CreateEndpointResponse> {
    return this.locks.run(`ep:${r.EndpointID}`, async () => {
      const net = this.requireNetwork(r.NetworkID);
      if (this.store.endpoint(r.EndpointID)) return {};
      const ep: EndpointRecord = { id: r.EndpointID, networkId: net.id };
      const given = {
        address: nonEmpty(r.Interface?.Address),
        addressV6: nonEmpty(r.Interface?.AddressIPv6),
        mac: nonEmpty(r.Interface?.MacAddress),
      };
      for (const [k, v] of Object.entries(given)) if (v) (ep as unknown as Record<string, string>)[k] = v;
      const made = await this.modeOf(net).createEndpoint(net, ep, this.store.endpointsOf(net.id));
      if (made.mac) ep.mac = made.mac;
      this.store.putEndpoint(ep);
      // Never echo what Docker supplied: only a MAC it left empty goes back.
      return made.mac ? { Interface: { MacAddress: made.mac } } : {};
    });
  }

  async endpointOperInfo(): Promise<Record<string, unknown>> {
    return {};
  }

  join(r: api.JoinRequest): Promise<api.JoinResponse> {
    return this.locks.run(`ep:${r.EndpointID}`, async () => {
      const net = this.requireNetwork(r.NetworkID);
      const ep = this.requireEndpoint(r.EndpointID);
      const joining = { ...ep };
      const res = await this.modeOf(net).join(net, joining);
      this.store.putEndpoint({ ...joining, srcName: res.InterfaceName.SrcName });
      return res;
    });
  }

  leave(r: api.EndpointRequest): Promise<void> {
    return this.locks.run(`ep:${r.EndpointID}`, async () => {
      const net = this.requireNetwork(r.NetworkID);
      await this.modeOf(net).leave(net, this.requireEndpoint(r.EndpointID));
    });
  }

  deleteEndpoint(r: api.EndpointRequest): Promise<void> {
    return this.locks.run(`ep:${r.EndpointID}`, async () => {
      const net = this.store.network(r.NetworkID);
      const ep = this.store.endpoint(r.EndpointID);
      if (net && ep) await this.dropEndpoint(net, ep);
    });
  }

  /**
   * After a restart: re-create missing parents, and clean up what a crash or a missed call left
   * in the host netns: endpoint links Docker already handed back (it left while we were down),
   * and links of ours that no record knows. Returns what it did, for the log.
   */
  async reconcile(): Promise<string[]> {
    const done: string[] = [];
    for (const net of this.store.networks()) {
      await this.modeOf(net)
        .resume(net)
        .catch((e) => done.push(`network ${net.id}: cannot restore its parent: ${(e as Error).message}`));
    }
    const h = this.ctx.h;
    const present = new Set((await h.promises.linkList()).map((l) => l.attrs.ifname));
    const known = new Set<string>();
    for (const net of this.store.networks()) {
      for (const ep of this.store.endpointsOf(net.id)) {
        const name = endpointLinkName(ep);
        known.add(name);
        if (!ep.srcName || !present.has(name)) continue;
        await this.dropEndpoint(net, ep);
        done.push(
          `endpoint ${ep.id}: its link ${name} was back in the host netns (Docker left while the driver was down): deleted`,
        );
      }
    }
    for (const name of present) {
      if (name && /^ul[0-9a-f]{12}$/.test(name) && !known.has(name)) {
        await deleteIfPresent(h, name);
        done.push(`link ${name}: an endpoint link no record knows (a crash during Join): deleted`);
      }
    }
    return done;
  }

  private async dropEndpoint(net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    await this.modeOf(net).deleteEndpoint(net, ep);
    this.store.dropEndpoint(ep.id);
  }

  private modeOf(net: NetworkRecord): Mode {
    return this.modes[net.options.mode];
  }

  private requireNetwork(id: string): NetworkRecord {
    const n = this.store.network(id);
    if (!n) throw new Error(`network ${id} is not known to this driver (was ${this.o.stateDir} lost or replaced?)`);
    return n;
  }

  private requireEndpoint(id: string): EndpointRecord {
    const e = this.store.endpoint(id);
    if (!e) throw new Error(`endpoint ${id} is not known to this driver`);
    return e;
  }
}
