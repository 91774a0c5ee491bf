// The VF pool of one PF: hands out free VFs (any, by MAC, or by index), configures them and
// restores them on release, with a write-ahead record (allocation.ts) so that reconcile() can
// undo whatever a crash at any point left behind. Calls on one PF run one at a time, across
// every pool object in the process, so no VF is ever handed out twice.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Handle, type Vf } from "@underlay/netlink";
import { KeyedMutex, readJson, StateFileError, writeJsonAtomic } from "@underlay/state";
import { type Allocation, AllocationLog, POOL_STATE_SCHEMA, type PoolState, touchedSteps } from "./allocation.js";
import { netdevMacs } from "./discovery.js";
import { SriovError } from "./errors.js";
import { faultPoint } from "./fault.js";
import { type PfDevice, Sysfs, type VfDevice } from "./sysfs.js";
import { applyVfConfig, restoreVf } from "./vfconfig.js";
import { snapshotVf, type VfConfig } from "./vfsteps.js";

export interface AllocationRequest {
  /** Who holds the VF (an endpoint or container id); reconcile() asks whether it is still alive. */
  owner: string;
  /** The VF whose netdev MAC, or else whose admin MAC, is this (Docker's --mac-address). */
  mac?: string;
  /** Exactly this VF. */
  index?: number;
  config?: VfConfig;
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
    .flatMap(
      (f) => readJson<PoolState>(join(stateDir, f), { version: 1, pfPci: "", allocations: [] }, POOL_STATE_SCHEMA).allocations,
    );
}
/** Config keys that need the VF's admin record on the PF (the rest act on its netdev). */
const ADMIN_KEYS: (keyof VfConfig)[] = [
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

/** The config as applied: a VF chosen by MAC gets that MAC on its netdev too, unless said otherwise. */
function effectiveConfig(req: AllocationRequest): VfConfig {
  const c: VfConfig = { ...req.config };
  if (req.mac !== undefined && c.mac === undefined && c.netdevMac === undefined) c.netdevMac = req.mac.toLowerCase();
  return c;
}

export class VfPool {
  readonly pf: string;
  private readonly sysfs: Sysfs;
  private readonly h: Handle;
  private readonly statePath: string;
  private readonly pfPci: string;
  private readonly log: AllocationLog;

  constructor(private readonly o: PoolOptions) {
    this.pf = o.pf;
    this.sysfs = o.sysfs ?? new Sysfs();
    this.h = o.handle ?? new Handle();
    this.pfPci = this.sysfs.readPf(o.pf).pciAddress;
    this.statePath = join(o.stateDir, poolFile(this.pfPci));
    this.log = new AllocationLog({ load: () => this.load(), save: (s) => this.save(s) });
  }

  /** Allocations held now, oldest first. */
  list(): Allocation[] {
    return this.log.all();
  }

  /**
   * Runs `fn` with no allocate, release or reconcile of this PF under way, given how many VFs are
   * held: for changing sriov_numvfs, which destroys and re-creates every VF.
   */
  whileIdle<T>(fn: (allocated: number) => T | Promise<T>): Promise<T> {
    return perPf.run(this.pfPci, () => fn(this.log.all().length));
  }

  /**
   * Allocates a VF and applies `config` to it. Fails with an error saying why no VF fits. The
   * VF's snapshot is on disk before the first change, and each step before it is applied.
   */
  allocate(req: AllocationRequest): Promise<Allocation> {
    return perPf.run(this.pfPci, async () => {
      const vf = await this.choose(this.sysfs.readPf(this.pf), this.load(), req);
      const config = effectiveConfig(req);
      const needsAdmin = ADMIN_KEYS.some((k) => config[k] !== undefined);
      const snapshot = await snapshotVf(this.h, this.pf, vf.index, vf.netdev, needsAdmin);
      const a: Allocation = {
        id: randomUUID(),
        owner: req.owner,
        pf: this.pf,
        pfPci: this.pfPci,
        vf: vf.index,
        vfPci: vf.pciAddress,
        ...(vf.netdev ? { netdev: vf.netdev } : {}),
        config,
        snapshot,
        applied: [],
        state: "configuring",
        createdAt: new Date().toISOString(),
      };
      this.log.put(a);
      faultPoint("vf:allocate:recorded");
      try {
        await applyVfConfig(this.h, this.pf, a.vf, config, snapshot, a.netdev, this.log.journal(a));
      } catch (e) {
        this.log.drop(a.id); // applyVfConfig rolled the VF back
        throw e;
      }
      faultPoint("vf:allocate:configured");
      a.state = "ready";
      this.log.put(a);
      return a;
    });
  }

  /** Restores what the allocation changed and frees the VF; "releasing" is on disk first. */
  release(id: string): Promise<ReleaseResult> {
    return perPf.run(this.pfPci, async () => {
      const a = this.log.all().find((x) => x.id === id);
      if (!a) throw new SriovError("UNKNOWN_ALLOCATION", this.pf, `${this.pf} has no allocation ${id}`);
      return { problems: await this.log.release(a, () => this.restore(a)) };
    });
  }

  /**
   * Matches the records with reality after a restart: an allocation left half-made or
   * half-released by a crash, or whose owner is gone, or whose VF no longer exists, is restored
   * (where the VF still exists) and freed.
   */
  reconcile(): Promise<ReconcileReport> {
    return perPf.run(this.pfPci, async () => {
      const vfs = new Set(this.sysfs.readPf(this.pf).vfs.map((v) => v.pciAddress));
      const report: ReconcileReport = { kept: [], freed: [] };
      for (const a of this.log.all()) {
        const reason = await this.freeReason(a, vfs.has(a.vfPci));
        if (!reason) {
          report.kept.push(a.id);
          continue;
        }
        const problems = await this.log.release(a, async () => (vfs.has(a.vfPci) ? this.restore(a) : []));
        report.freed.push({ id: a.id, owner: a.owner, vf: a.vf, reason, problems });
      }
      return report;
    });
  }

  /** Why reconcile() frees `a`, or undefined to keep it. */
  private async freeReason(a: Allocation, vfExists: boolean): Promise<string | undefined> {
    if (!vfExists) return "its VF no longer exists";
    if (a.state === "configuring") return "it was left half-made by a crash";
    if (a.state === "releasing") return "a crash interrupted its release";
    const alive = await (this.o.ownerAlive ?? (() => true))(a.owner);
    return alive ? undefined : `its owner ${a.owner} is gone`;
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

  /** Puts back every setting that may have changed, compared with the snapshot (so it can run twice). */
  private async restore(a: Allocation): Promise<string[]> {
    if (!a.snapshot) return [];
    const now = this.sysfs.readVfOf(this.pf, a.vf);
    const netdev = now?.pciAddress === a.vfPci ? now.netdev : undefined;
    return restoreVf(this.h, this.pf, a.vf, a.snapshot, touchedSteps(a), netdev);
  }

  private load(): PoolState {
    try {
      return readJson<PoolState>(this.statePath, { version: 1, pfPci: this.pfPci, allocations: [] }, POOL_STATE_SCHEMA);
    } catch (e) {
      // StateFileError names the file and what to do; anything else (EACCES…) gets the same advice.
      const why =
        e instanceof StateFileError
          ? e.message
          : `cannot read ${this.statePath}: ${(e as Error).message}; move it aside to start afresh`;
      throw new SriovError("STATE_CORRUPT", this.pf, why, undefined, { cause: e });
    }
  }

  private save(state: PoolState): void {
    writeJsonAtomic(this.statePath, state);
  }
}
