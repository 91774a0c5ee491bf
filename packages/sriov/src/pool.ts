// The VF pool of one PF: hands out free VFs (any, by MAC, or by index), persists every allocation
// before touching the VF, configures it, and restores it on release. Calls on one PF run one at
// a time, across every pool object in the process, so no VF is ever handed out twice.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Handle, type Vf } from "@underlay/netlink";
import { netdevMacs } from "./discovery.js";
import { SriovError } from "./errors.js";
import { KeyedMutex } from "./mutex.js";
import { readJson, writeJsonAtomic } from "./store.js";
import { type PfDevice, Sysfs, type VfDevice } from "./sysfs.js";
import { applyVfConfig, restoreVf, type Step, snapshotVf, type VfConfig, type VfSnapshot } from "./vfconfig.js";

export interface AllocationRequest {
  /** Who holds the VF (an endpoint or container id); reconcile() asks whether it is still alive. */
  owner: string;
  /** The VF whose netdev MAC, or else whose admin MAC, is this (Docker's --mac-address). */
  mac?: string;
  /** Exactly this VF. */
  index?: number;
  config?: VfConfig;
}

export interface Allocation {
  id: string;
  owner: string;
  pf: string;
  pfPci: string;
  vf: number;
  vfPci: string;
  /** The VF netdev's host name when it was allocated. */
  netdev?: string;
  config: VfConfig;
  snapshot?: VfSnapshot;
  applied: Step[];
  /** "configuring" survives only a crash during allocate(); reconcile() undoes it. */
  state: "configuring" | "ready";
  createdAt: string;
}

interface PoolState {
  version: 1;
  pfPci: string;
  allocations: Allocation[];
}

export interface PoolOptions {
  pf: string;
  /** Where allocations are persisted, e.g. /var/lib/underlay. */
  stateDir: string;
  sysfs?: Sysfs;
  /** Netlink handle in the netns where the VF netdevs live (default: the current one). */
  handle?: Handle;
  /** Is this owner still around? Used by reconcile(). Default: always. */
  ownerAlive?: (owner: string) => boolean | Promise<boolean>;
}

export interface ReleaseResult {
  /** Settings that could not be put back (the VF is freed anyway). */
  problems: string[];
}

export interface ReconcileReport {
  kept: string[];
  freed: { id: string; owner: string; vf: number; reason: string; problems: string[] }[];
}

const perPf = new KeyedMutex();
const POOL_FILE = /^vf-pool-(.+)\.json$/;
const poolFile = (pfPci: string) => `vf-pool-${pfPci}.json`;

/** Every allocation recorded in a state folder, of every PF, without touching sysfs or netlink (for status). */
export function readPoolAllocations(stateDir: string): Allocation[] {
  if (!existsSync(stateDir)) return [];
  return readdirSync(stateDir)
    .filter((f) => POOL_FILE.test(f))
    .sort()
    .flatMap((f) => readJson<PoolState>(join(stateDir, f), { version: 1, pfPci: "", allocations: [] }).allocations);
}
const ADMIN_STEPS: (keyof VfConfig)[] = [
  "mac",
  "vlan",
  "qos",
  "vlanProto",
  "minTxRate",
  "maxTxRate",
  "spoofchk",
  "trust",
  "linkState",
];

export class VfPool {
  readonly pf: string;
  private readonly sysfs: Sysfs;
  private readonly h: Handle;
  private readonly statePath: string;
  private readonly pfPci: string;

  constructor(private readonly o: PoolOptions) {
    this.pf = o.pf;
    this.sysfs = o.sysfs ?? new Sysfs();
    this.h = o.handle ?? new Handle();
    this.pfPci = this.sysfs.readPf(o.pf).pciAddress;
    this.statePath = join(o.stateDir, poolFile(this.pfPci));
  }

  /** Allocations held now, oldest first. */
  list(): Allocation[] {
    return this.load().allocations;
  }

  /** Allocates a VF and applies `config` to it. Fails with an error saying why no VF fits. */
  allocate(req: AllocationRequest): Promise<Allocation> {
    return perPf.run(this.pfPci, async () => {
      const pf = this.sysfs.readPf(this.pf);
      const state = this.load();
      const vf = await this.choose(pf, state, req);
      const a: Allocation = {
        id: randomUUID(),
        owner: req.owner,
        pf: this.pf,
        pfPci: this.pfPci,
        vf: vf.index,
        vfPci: vf.pciAddress,
        config: req.config ?? {},
        applied: [],
        state: "configuring",
        createdAt: new Date().toISOString(),
      };
      if (vf.netdev) a.netdev = vf.netdev;
      // Persist first: a crash from here on leaves a record that reconcile() can undo.
      this.save({ ...state, allocations: [...state.allocations, a] });
      try {
        await this.configure(a);
      } catch (e) {
        this.save(state);
        throw e;
      }
      a.state = "ready";
      this.save({ ...state, allocations: [...state.allocations, a] });
      return a;
    });
  }

  /** Restores what the allocation changed and frees the VF. */
  release(id: string): Promise<ReleaseResult> {
    return perPf.run(this.pfPci, async () => {
      const state = this.load();
      const a = state.allocations.find((x) => x.id === id);
      if (!a) throw new SriovError("UNKNOWN_ALLOCATION", this.pf, `${this.pf} has no allocation ${id}`);
      const problems = await this.restore(a);
      this.save({ ...state, allocations: state.allocations.filter((x) => x.id !== id) });
      return { problems };
    });
  }

  /**
   * Matches the records with reality after a restart: an allocation left half-made by a crash,
   * or whose owner is gone, or whose VF no longer exists, is restored and freed.
   */
  reconcile(): Promise<ReconcileReport> {
    return perPf.run(this.pfPci, async () => {
      const state = this.load();
      const vfs = new Map(this.sysfs.readPf(this.pf).vfs.map((v) => [v.pciAddress, v]));
      const report: ReconcileReport = { kept: [], freed: [] };
      const keep: Allocation[] = [];
      for (const a of state.allocations) {
        const reason = !vfs.has(a.vfPci)
          ? "its VF no longer exists"
          : a.state !== "ready"
            ? "it was left half-made by a crash"
            : (await (this.o.ownerAlive ?? (() => true))(a.owner))
              ? undefined
              : `its owner ${a.owner} is gone`;
        if (!reason) {
          keep.push(a);
          report.kept.push(a.id);
          continue;
        }
        const problems = vfs.has(a.vfPci) ? await this.restore(a) : [];
        report.freed.push({ id: a.id, owner: a.owner, vf: a.vf, reason, problems });
      }
      this.save({ ...state, allocations: keep });
      return report;
    });
  }

  private async choose(pf: PfDevice, state: PoolState, req: AllocationRequest): Promise<VfDevice> {
    const holder = new Map(state.allocations.map((a) => [a.vfPci, a.owner]));
    const busy = (v: VfDevice) => {
      const owner = holder.get(v.pciAddress);
      if (owner) return `allocated to ${owner}`;
      return v.netdev ? undefined : "without a netdev in the host netns (in use in another netns, or not bound to a driver)";
    };
    const usable = (v: VfDevice | undefined, what: string) => {
      if (!v) return undefined;
      const why = busy(v);
      if (why) throw new SriovError("VF_BUSY", this.pf, `${what} of ${this.pf} is VF ${v.index}, which is ${why}`, v.index);
      return v;
    };
    if (req.index !== undefined) {
      const v = pf.vfs.find((x) => x.index === req.index);
      if (!v)
        throw new SriovError(
          "NO_SUCH_VF",
          this.pf,
          `${this.pf} has ${pf.vfs.length} VFs (0-${pf.vfs.length - 1}); there is no VF ${req.index}`,
          req.index,
        );
      return usable(v, `the VF asked for`) as VfDevice;
    }
    if (pf.numVfs === 0) {
      throw new SriovError(
        "SRIOV_DISABLED",
        this.pf,
        `SR-IOV is disabled on ${this.pf} (sriov_numvfs is 0): enable it first (SriovEnabler.enable, the driver's numvfs option, or echo N > /sys/class/net/${this.pf}/device/sriov_numvfs)`,
      );
    }
    if (req.mac !== undefined) return this.byMac(pf, req.mac.toLowerCase(), usable);
    const free = pf.vfs.find((v) => !busy(v));
    if (free) return free;
    const ours = pf.vfs.filter((v) => holder.has(v.pciAddress)).length;
    throw new SriovError(
      "POOL_EXHAUSTED",
      this.pf,
      `no free VF on ${this.pf}: ${pf.vfs.length}/${pf.numVfs} VFs in use (${ours} allocated here, ${pf.vfs.length - ours} elsewhere or unbound); release one, or raise sriov_numvfs (total ${pf.totalVfs})`,
    );
  }

  /** The seed's --mac-address rule: the VF netdev's current MAC first, then the VF's admin MAC. */
  private async byMac(
    pf: PfDevice,
    mac: string,
    usable: (v: VfDevice | undefined, what: string) => VfDevice | undefined,
  ): Promise<VfDevice> {
    const macs = await netdevMacs(this.h);
    const byNetdev = pf.vfs.find((v) => v.netdev && macs.get(v.netdev) === mac);
    if (byNetdev) return usable(byNetdev, `the VF with netdev MAC ${mac}`) as VfDevice;
    let admin: Vf[] = [];
    try {
      admin = await this.h.promises.vfList(this.pf);
    } catch {}
    const hit = admin.find((a) => a.mac === mac);
    const v = hit && pf.vfs.find((x) => x.index === hit.vf);
    if (v) return usable(v, `the VF with admin MAC ${mac}`) as VfDevice;
    throw new SriovError(
      "NO_MATCH",
      this.pf,
      `no VF of ${this.pf} has MAC ${mac} (checked the VF netdevs' MACs, then the VFs' admin MACs)`,
    );
  }

  /** Snapshots the VF (the admin record is required only when admin settings will change), then applies. */
  private async configure(a: Allocation): Promise<void> {
    const needsAdmin = ADMIN_STEPS.some((k) => a.config[k] !== undefined);
    a.snapshot = await snapshotVf(this.h, this.pf, a.vf, a.netdev, needsAdmin);
    a.applied = await applyVfConfig(this.h, this.pf, a.vf, a.config, a.snapshot, a.netdev);
  }

  private async restore(a: Allocation): Promise<string[]> {
    if (!a.snapshot) return [];
    const now = this.sysfs.readPf(this.pf).vfs.find((v) => v.pciAddress === a.vfPci);
    return restoreVf(this.h, this.pf, a.vf, a.snapshot, a.applied, now?.netdev);
  }

  private load(): PoolState {
    try {
      return readJson<PoolState>(this.statePath, { version: 1, pfPci: this.pfPci, allocations: [] });
    } catch (e) {
      throw new SriovError(
        "STATE_CORRUPT",
        this.pf,
        `cannot read ${this.statePath}: ${(e as Error).message}; move it aside to start afresh`,
        undefined,
        { cause: e },
      );
    }
  }

  private save(state: PoolState): void {
    writeJsonAtomic(this.statePath, state);
  }
}
