// The thin layer between Docker's calls and the modes: it validates, keeps one driver name's
// records, makes calls idempotent, and holds the locks: network create/delete one at a time per
// process, endpoint calls sharing their network (DeleteNetwork waits for them), one call per
// endpoint at a time. Endpoints Docker forgot are found and released (sweep).
import { basename, join } from "node:path";
import type { Handle } from "@underlay/netlink";
import type { Sysfs } from "@underlay/sriov";
import type { DriverMode } from "./driver-modes.js";
import { EndpointAnnouncer } from "./endpoint-announcer.js";
import { judgeEndpoint, type LivenessClock } from "./endpoint-liveness.js";
import { refuseAddressInUse } from "./endpoint-probe.js";
import { HostResources } from "./host-resources.js";
import { HostView } from "./host-view.js";
import { type Logger, silentLogger } from "./logger.js";
import type { Mode } from "./modes/mode.js";
import { releaseCreatedLink } from "./modes/parent.js";
import { checkSwarmOptions } from "./network-scope.js";
import { parseNetworkOptions } from "./options.js";
import type * as api from "./protocol/api.js";
import { type DriverStatus, readDriverStatus } from "./status.js";
import { DriverStore, type EndpointRecord, type IpamData, type NetworkRecord } from "./store.js";

export interface DriverOptions {
  /** The state root; this name's records go to a folder of its name under it. */
  stateDir: string;
  /** The driver name (docker network create -d NAME); default underlay. */
  name?: string;
  /** The mode when a network names none (the "sriov" and "passthrough" alias sockets set theirs). */
  defaultMode?: DriverMode;
  /** What every name of the process shares; by default a set of this driver's own. */
  host?: HostResources;
  /** Netlink handle in the host netns, for a host of the driver's own (default: the current netns). */
  handle?: Handle;
  /** sysfs, for a host of the driver's own; injectable for tests (default /sys). */
  sysfs?: Sysfs;
  /** How long a joined device may stay in the host netns on its way into the container (default 60 s). */
  joinGraceMs?: number;
  /** Where probes and announcements are logged (default: nowhere). */
  log?: Logger;
  /**
   * Where this process sees the host's sandbox folder, when not at its own path: a managed plugin
   * mounts dockerd's (whatever its exec root) at one place; Join's SandboxKey is looked up there by name.
   */
  netnsDir?: string;
}

const ipam = (d: api.CreateNetworkRequest["IPv4Data"]): IpamData[] =>
  (d ?? []).map((x) => (x.Gateway ? { pool: x.Pool, gateway: x.Gateway } : { pool: x.Pool }));

const nonEmpty = (s: string | undefined) => (s ? s : undefined);
const TOPOLOGY = "networks";

export class UnderlayDriver implements api.RemoteDriver {
  readonly name: string;
  readonly host: HostResources;
  /** This name's records (public so tests can count its writes). */
  readonly store: DriverStore;
  /** A Join answered before this cannot be in progress. */
  private readonly startedAt = Date.now();
  private readonly log: Logger;
  private readonly announcer: EndpointAnnouncer;

  constructor(private readonly o: DriverOptions) {
    this.name = o.name ?? "underlay";
    this.host =
      o.host ??
      new HostResources({
        stateDir: o.stateDir,
        ...(o.handle ? { handle: o.handle } : {}),
        ...(o.sysfs ? { sysfs: o.sysfs } : {}),
      });
    this.log = o.log ?? silentLogger();
    this.announcer = new EndpointAnnouncer({ log: this.log, graceMs: this.joinGraceMs });
    this.store = new DriverStore(join(o.stateDir, this.name));
    this.host.attach(this.store);
    this.adoptLegacyParents();
  }

  /** Before 0.2 a network recorded the link it created itself: such links join the host-wide record. */
  private adoptLegacyParents(): void {
    for (const { createdParent, ...net } of this.store.networks().filter((n) => n.createdParent)) {
      const kind = /\.\d+$/.test(createdParent as string) ? "vlan" : "isolated";
      this.host.createdLinks.intend({ name: createdParent as string, kind });
      this.store.putNetworkNow(net);
    }
  }

  status(): DriverStatus {
    return readDriverStatus(this.o.stateDir, this.name);
  }

  capabilities(): api.Capabilities {
    return { Scope: "local", ConnectivityScope: "global" };
  }

  createNetwork(r: api.CreateNetworkRequest): Promise<void> {
    return this.exclusively(r.NetworkID, async () => {
      if (this.store.network(r.NetworkID)) return; // dockerd may repeat it; the first one counts
      const generic = (r.Options?.["com.docker.network.generic"] ?? {}) as Record<string, unknown>;
      checkSwarmOptions(r.NetworkID, generic);
      const options = parseNetworkOptions(generic, this.o.defaultMode);
      const parentless = !options.parent && (options.mode === "macvlan" || options.mode === "ipvlan");
      const net: NetworkRecord = {
        id: r.NetworkID,
        options,
        // An isolated parent reaches nothing: such a network is internal (moby 26.1+).
        internal: r.Options?.["com.docker.network.internal"] === true || parentless,
        ipv4: ipam(r.IPv4Data),
        ipv6: ipam(r.IPv6Data),
      };
      await this.modeOf(net).createNetwork(net, this.host.networks());
      await this.store.putNetwork(net);
    });
  }

  deleteNetwork(r: api.NetworkRequest): Promise<void> {
    return this.exclusively(r.NetworkID, async () => {
      const net = this.store.network(r.NetworkID);
      if (!net) return;
      for (const ep of this.store.endpointsOf(net.id)) await this.dropEndpoint(net, ep);
      // Its links set aside must be gone first: the parent may be deleted next, or carry another kind.
      await this.host.reaper.flush();
      const others = this.host.networks().filter((n) => n.id !== net.id);
      await this.modeOf(net).deleteNetwork(net, others);
      await this.store.dropNetwork(net.id);
    });
  }

  createEndpoint(r: api.CreateEndpointRequest): Promise<api.CreateEndpointResponse> {
    return this.onEndpoint(r.NetworkID, r.EndpointID, async (net) => {
      if (this.store.endpoint(r.EndpointID)) return {};
      const ep: EndpointRecord = { id: r.EndpointID, networkId: net.id, createdAt: Date.now() };
      const address = nonEmpty(r.Interface?.Address);
      const addressV6 = nonEmpty(r.Interface?.AddressIPv6);
      const mac = nonEmpty(r.Interface?.MacAddress);
      Object.assign(ep, address && { address }, addressV6 && { addressV6 }, mac && { mac });
      // Before the mode takes anything: a refusal leaves no link, VF or record behind.
      await refuseAddressInUse({ netns: this.host.h.netns, log: this.log }, net, ep);
      const mode = this.modeOf(net);
      // A mode whose network has room for one endpoint checks and records it as one step.
      const oneAtATime = <T>(fn: () => Promise<T>) => (mode.oneEndpoint ? this.host.oneEndpointLocks.run(net.id, fn) : fn());
      return oneAtATime(async () => {
        let draft = ep;
        const made = await this.withRetryAfterSweep(net, () => {
          draft = { ...ep };
          return mode.createEndpoint(net, draft, this.store.endpointsOf(net.id));
        });
        if (made.mac) draft.mac = made.mac;
        await this.store.putEndpoint(draft); // on disk before Docker hears of it (it will not ask again)
        // Never echo what Docker supplied: only a MAC it left empty goes back.
        return made.mac ? { Interface: { MacAddress: made.mac } } : {};
      });
    });
  }

  async endpointOperInfo(): Promise<Record<string, unknown>> {
    return {};
  }

  join(r: api.JoinRequest): Promise<api.JoinResponse> {
    return this.onEndpoint(r.NetworkID, r.EndpointID, async (net) => {
      const ep = {
        ...this.requireEndpoint(r.EndpointID),
        sandboxKey: this.o.netnsDir ? join(this.o.netnsDir, basename(r.SandboxKey)) : r.SandboxKey,
        bootId: this.host.bootId,
        joined: false,
        moved: false,
      };
      // The mode persists the record before its first change (a synchronous write-ahead: the mode
      // goes on at once); the rest is written, with the turn's other changes, once Join is done.
      const persist = (e: EndpointRecord) => this.store.putEndpointNow(e);
      const res = await this.modeOf(net).join(net, ep, persist);
      const joined = { ...ep, srcName: res.InterfaceName.SrcName, joined: true, joinedAt: Date.now() };
      await this.store.putEndpoint(joined);
      this.announcer.start(joined); // in the background: Docker moves the link only after this answer
      return res;
    });
  }

  leave(r: api.EndpointRequest): Promise<void> {
    return this.onEndpoint(r.NetworkID, r.EndpointID, async (net) => {
      this.announcer.cancel(r.EndpointID);
      await this.modeOf(net).leave(net, this.requireEndpoint(r.EndpointID));
    });
  }

  deleteEndpoint(r: api.EndpointRequest): Promise<void> {
    return this.host.networkLocks.shared(r.NetworkID, () =>
      this.host.endpointLocks.run(r.EndpointID, async () => {
        const net = this.store.network(r.NetworkID);
        const ep = this.store.endpoint(r.EndpointID);
        if (net && ep) await this.dropEndpoint(net, ep);
      }),
    );
  }

  /**
   * After a restart: re-create what networks need, release endpoints Docker forgot, and delete
   * links we created that no network uses any more. Returns what it did, for the log.
   */
  async reconcile(): Promise<string[]> {
    // Deletes a crash left half-done first: a link waiting to go could block a network's parent.
    const done = await this.host.reaper.recover();
    // One look at the host for every network and endpoint, rather than a request for each.
    const view = await HostView.take(this.host.h);
    for (const net of this.store.networks()) {
      await this.modeOf(net)
        .reconcile(net, view?.links)
        .then(
          (notes) => done.push(...notes),
          (e) => done.push(`network ${net.id}: cannot restore it: ${(e as Error).message}`),
        );
    }
    done.push(...(await this.sweep(view)));
    done.push(...(await this.releaseUnusedLinks()));
    return done;
  }

  /** Links we made that no network of any name uses (a crash between the link and its network). */
  private releaseUnusedLinks(): Promise<string[]> {
    if (this.host.incomplete.length) return Promise.resolve([]); // a name we cannot read may use them
    return this.host.topology.run(TOPOLOGY, async () => {
      const done: string[] = [];
      const users = this.host.networks();
      for (const link of this.host.createdLinks.list()) {
        await releaseCreatedLink({ h: this.host.h, links: this.host.createdLinks }, link.name, users).then(
          (gone) => gone && done.push(`link ${link.name}: made by this driver for a network that is gone: deleted`),
          (e) => done.push(`link ${link.name}: cannot delete it: ${(e as Error).message}`),
        );
      }
      return done;
    });
  }

  /**
   * Finds endpoints Docker forgot, restores what they held and forgets them. Every endpoint is
   * first judged by one look at the host (`view`, taken now when not given): one dump of the links
   * and one readdir per sandbox folder, where asking for each endpoint's device and netns file cost
   * a start on 10,000 endpoints most of a second. Only a network with an endpoint the view finds
   * something to do about is locked; without a view (the dump failed), every endpoint is judged.
   */
  async sweep(view?: HostView): Promise<string[]> {
    const done: string[] = [];
    const seen = view ?? (await HostView.take(this.host.h));
    for (const net of this.store.networks()) {
      const ids = seen ? await this.suspects(net, seen) : this.store.endpointsOf(net.id).map((e) => e.id);
      if (ids.length) done.push(...(await this.host.networkLocks.shared(net.id, () => this.sweepNetwork(net, ids))));
    }
    if (done.length) await this.host.reaper.flush(); // what it released is gone when it returns
    return done;
  }

  /**
   * The network's endpoints that `view` says must be acted on. Judged without any lock: a record is
   * read whole, and a verdict of nothing to do changes nothing; the others are judged again under
   * their locks as they are now (the view may predate a record: a Join since).
   */
  private async suspects(net: NetworkRecord, view: HostView): Promise<string[]> {
    const ids: string[] = [];
    for (const ep of this.store.endpointsOf(net.id)) {
      // One the view cannot judge is judged the ordinary way.
      const quiet = await judgeEndpoint(this.modeOf(net), net, ep, this.clock(), view).then(
        (r) => !r.dead && !r.update,
        () => false,
      );
      if (!quiet) ids.push(ep.id);
    }
    return ids;
  }

  private clock(): LivenessClock {
    return { since: this.startedAt, joinGraceMs: this.joinGraceMs, now: Date.now() };
  }

  /** Judges the endpoints `ids` (default: all of the network's) one by one under their locks. */
  private async sweepNetwork(net: NetworkRecord, ids = this.store.endpointsOf(net.id).map((e) => e.id)): Promise<string[]> {
    const done: string[] = [];
    for (const id of ids) {
      await this.host.endpointLocks.run(id, async () => {
        const ep = this.store.endpoint(id);
        if (!ep || ep.networkId !== net.id) return;
        try {
          const verdict = await judgeEndpoint(this.modeOf(net), net, ep, this.clock());
          if (verdict.update) await this.store.putEndpoint(verdict.update);
          if (!verdict.dead) return;
          await this.dropEndpoint(net, ep);
          done.push(`endpoint ${id} of network ${net.id}: ${verdict.dead}: released`);
        } catch (e) {
          // One endpoint that cannot be put back must not stop the others, nor the daemon.
          done.push(`endpoint ${id} of network ${net.id}: cannot release it yet: ${(e as Error).message}`);
        }
      });
    }
    return done;
  }

  /** A mode refused (the netdevice is busy, no VF is free): release forgotten endpoints, try once more. */
  private async withRetryAfterSweep<T>(net: NetworkRecord, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const held = this.store.endpointsOf(net.id).length;
      await this.sweepNetwork(net);
      if (this.store.endpointsOf(net.id).length === held) throw e;
      return fn();
    }
  }

  private get joinGraceMs(): number {
    return this.o.joinGraceMs ?? 60_000;
  }

  private async dropEndpoint(net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    this.announcer.cancel(ep.id);
    await this.modeOf(net).deleteEndpoint(net, ep);
    await this.store.dropEndpoint(ep.id);
  }

  private exclusively<T>(networkId: string, fn: () => Promise<T>): Promise<T> {
    return this.host.topology.run(TOPOLOGY, () => this.host.networkLocks.exclusive(networkId, fn));
  }

  private onEndpoint<T>(networkId: string, endpointId: string, fn: (net: NetworkRecord) => Promise<T>): Promise<T> {
    return this.host.networkLocks.shared(networkId, () =>
      this.host.endpointLocks.run(endpointId, () => fn(this.requireNetwork(networkId))),
    );
  }

  private modeOf(net: NetworkRecord): Mode {
    return this.host.modes[net.options.mode];
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
