// The write-ahead record of a PF's allocations. Whatever may have changed on a VF is on disk
// before it happens: the VF's snapshot before the first change, each step as "pending" before it
// is applied and in `applied` after, and "releasing" before a release restores anything. So after
// a crash at any point, the record covers every change, and reconcile() can put them all back.
//
//   (none) ──allocate──▶ configuring ──all steps applied──▶ ready ──release──▶ releasing ──▶ (none)
//                            │ a step fails: rolled back, record dropped          ▲
//                            └────────── a crash: reconcile() restores ───────────┘
import { z } from "zod";
import { faultPoint } from "./fault.js";
import type { ApplyJournal } from "./vfconfig.js";
import { APPLY_ORDER, configSteps, type Step, type VfConfig, type VfSnapshot } from "./vfsteps.js";

export type AllocationState = "configuring" | "ready" | "releasing";

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
  /** The VF as found, on disk before anything was changed. */
  snapshot?: VfSnapshot;
  /** Steps applied and read back. */
  applied: Step[];
  /** The step being applied: it may or may not have reached the VF. */
  pending?: Step;
  /**
   * "configuring" and "releasing" survive only a crash during allocate() or release();
   * reconcile() restores the VF and drops the allocation.
   */
  state: AllocationState;
  createdAt: string;
}

export interface PoolState {
  version: 1;
  pfPci: string;
  allocations: Allocation[];
}

/** What a pool file must hold to be trusted: a file that does not is refused, naming it. */
export const POOL_STATE_SCHEMA = z.object({
  version: z.literal(1),
  pfPci: z.string(),
  allocations: z.array(
    z.looseObject({
      id: z.string().min(1),
      owner: z.string().min(1),
      pf: z.string(),
      pfPci: z.string(),
      vf: z.number().int().nonnegative(),
      vfPci: z.string(),
      config: z.looseObject({}),
      snapshot: z.looseObject({}).optional(),
      applied: z.array(z.enum(APPLY_ORDER)),
      pending: z.enum(APPLY_ORDER).optional(),
      state: z.enum(["configuring", "ready", "releasing"]),
    }),
  ),
}) as unknown as z.ZodType<PoolState>;

/**
 * Every crash point of the VF lifecycle, in the order allocate() and release() pass them (see
 * fault.ts): vf:allocate:recorded, vf:apply:STEP:before and vf:apply:STEP:after for each STEP of
 * APPLY_ORDER, vf:allocate:configured, vf:release:marked, vf:release:restored.
 */
export const VF_FAULT_POINTS: readonly string[] = [
  "vf:allocate:recorded",
  ...APPLY_ORDER.flatMap((s) => [`vf:apply:${s}:before`, `vf:apply:${s}:after`]),
  "vf:allocate:configured",
  "vf:release:marked",
  "vf:release:restored",
];

/** Every step that may have changed the VF: applied, pending, or named by the config. */
export function touchedSteps(a: Allocation): Step[] {
  const named = new Set<Step>([...a.applied, ...(a.pending ? [a.pending] : []), ...configSteps(a.config)]);
  return APPLY_ORDER.filter((s) => named.has(s));
}

/** Reads and writes the pool's state file (atomically); a crash leaves the old file or the new. */
export interface StateIo {
  load(): PoolState;
  save(state: PoolState): void;
}

/** Allocation records, each change written through at once. */
export class AllocationLog {
  constructor(private readonly io: StateIo) {}

  all(): Allocation[] {
    return this.io.load().allocations;
  }

  /** Adds or replaces the record with a's id. */
  put(a: Allocation): void {
    const state = this.io.load();
    const rest = state.allocations.filter((x) => x.id !== a.id);
    const at = state.allocations.findIndex((x) => x.id === a.id);
    rest.splice(at < 0 ? rest.length : at, 0, structuredClone(a));
    this.io.save({ ...state, allocations: rest });
  }

  drop(id: string): void {
    const state = this.io.load();
    this.io.save({ ...state, allocations: state.allocations.filter((x) => x.id !== id) });
  }

  /** Records each step as pending before it is applied, and as applied after. */
  journal(a: Allocation): ApplyJournal {
    return {
      before: (step) => {
        a.pending = step;
        this.put(a);
        faultPoint(`vf:apply:${step}:before`);
      },
      after: (step) => {
        faultPoint(`vf:apply:${step}:after`);
        a.applied.push(step);
        delete a.pending;
        this.put(a);
      },
    };
  }

  /** Marks `a` "releasing" (on disk first), runs `restore`, then drops the record. */
  async release<T>(a: Allocation, restore: () => Promise<T>): Promise<T> {
    if (a.state !== "releasing") this.put({ ...a, state: "releasing" });
    faultPoint("vf:release:marked");
    const out = await restore();
    faultPoint("vf:release:restored");
    this.drop(a.id);
    return out;
  }
}
