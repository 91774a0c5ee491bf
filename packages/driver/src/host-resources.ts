// What one `driver serve` process shares between all the names it serves (underlay, sriov,
// passthrough…): one VF pool and one SR-IOV enabler per PF, the links the driver made, every
// network of every name (for the sharing rules and reference counts), and the locks that order
// calls touching the same network, endpoint or device. Two names can never hand out one VF.
import { readFileSync } from "node:fs";
import { Handle } from "@underlay/netlink";
import { SriovEnabler, Sysfs, VfPool } from "@underlay/sriov";
import { KeyedMutex, KeyedRwLock } from "@underlay/state";
import { CreatedLinks } from "./created-links.js";
import type { DriverMode } from "./driver-modes.js";
import { LinkReaper } from "./link-reaper.js";
import { ipvlanMode } from "./modes/ipvlan.js";
import { macvlanMode } from "./modes/macvlan.js";
import type { Mode } from "./modes/mode.js";
import { passthroughMode } from "./modes/passthrough.js";
import { sriovMode } from "./modes/sriov.js";
import type { DriverStore, NetworkRecord } from "./store.js";

export interface HostOptions {
  /** The state root: host-wide records here, each name's own records in a folder of its name. */
  stateDir: string;
  /** Netlink handle in the host netns (default: the current netns). */
  handle?: Handle;
  /** sysfs, for sriov mode; injectable for tests (default /sys). */
  sysfs?: Sysfs;
}

export class HostResources {
  readonly stateDir: string;
  readonly h: Handle;
  readonly sysfs: Sysfs;
  readonly enabler: SriovEnabler;
  readonly createdLinks: CreatedLinks;
  /** Endpoint links set aside at DeleteEndpoint, deleted in the background in batches. */
  readonly reaper: LinkReaper;
  /** CreateNetwork and DeleteNetwork, one at a time, whatever the name and the parent. */
  readonly topology = new KeyedMutex();
  /** Endpoint calls share their network; DeleteNetwork holds it alone. */
  readonly networkLocks = new KeyedRwLock();
  readonly endpointLocks = new KeyedMutex();
  /** CreateEndpoint of a network with room for one endpoint (passthrough), by network id. */
  readonly oneEndpointLocks = new KeyedMutex();
  readonly modes: Record<DriverMode, Mode>;
  /** This boot's id: an ifindex recorded in another boot means nothing. */
  readonly bootId = readBootId();
  /**
   * Why the view of the host is incomplete (a driver name's records could not be read): then no
   * VF is freed for want of an owner, and no created link is deleted for want of a user.
   */
  readonly incomplete: string[] = [];
  private readonly pools = new Map<string, VfPool>();
  private syncHandle: Handle | undefined;
  private readonly stores = new Set<DriverStore>();

  constructor(o: HostOptions) {
    this.stateDir = o.stateDir;
    this.h = o.handle ?? new Handle();
    this.sysfs = o.sysfs ?? new Sysfs();
    this.enabler = new SriovEnabler(o.stateDir, this.sysfs);
    this.createdLinks = new CreatedLinks(o.stateDir);
    this.reaper = new LinkReaper({ h: () => this.hs, stateDir: o.stateDir, bootId: this.bootId });
    const ctx = { h: this.h, host: this };
    this.modes = { macvlan: macvlanMode(ctx), ipvlan: ipvlanMode(ctx), passthrough: passthroughMode(ctx), sriov: sriovMode(ctx) };
  }

  /**
   * A second socket in the same netns, for the request path's synchronous calls (child links at
   * Join and DeleteEndpoint). The kernel answers an rtnetlink request within sendmsg, so a
   * synchronous call costs only the kernel's time, where an asynchronous one also waits for a turn
   * of the event loop: under load, behind every other request's work. Only ever used
   * synchronously, so it never has a request in flight when another is sent. Opened on first use.
   */
  get hs(): Handle {
    this.syncHandle ??= new Handle(this.h.netns ? { netns: this.h.netns } : {});
    return this.syncHandle;
  }

  /** Adds a driver name's records to the host-wide view. */
  attach(store: DriverStore): void {
    this.stores.add(store);
  }

  /** Every network of every name this process serves. */
  networks(): NetworkRecord[] {
    return [...this.stores].flatMap((s) => s.networks());
  }

  /** Whether an endpoint exists under any name; always "yes" while the view is incomplete. */
  endpointExists(id: string): boolean {
    return this.incomplete.length > 0 || [...this.stores].some((s) => s.endpoint(id) !== undefined);
  }

  /** The one VF pool of a PF in this process. */
  pool(pf: string): VfPool {
    let p = this.pools.get(pf);
    if (!p) {
      p = new VfPool({
        pf,
        stateDir: this.stateDir,
        sysfs: this.sysfs,
        handle: this.h,
        ownerAlive: (id) => this.endpointExists(id),
      });
      this.pools.set(pf, p);
    }
    return p;
  }
}

function readBootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "unknown";
  }
}
