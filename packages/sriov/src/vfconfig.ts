// VF configuration: apply settings in a fixed order and verify each by reading it back, roll back
// on failure, and put back what may have changed, compared with the snapshot (so restoring twice,
// or after a crash part-way, is harmless).
import { type Handle, isUp } from "@underlay/netlink";
import { SriovError } from "./errors.js";
import {
  APPLY_ORDER,
  isNetdevStep,
  type NetdevState,
  original,
  readNetdev,
  readVf,
  type Step,
  setVerified,
  shows,
  target,
  type VfConfig,
  type VfSnapshot,
  type VfTarget,
} from "./vfsteps.js";

/** Called around each step that changes something, so a caller can keep a write-ahead record. */
export interface ApplyJournal {
  /** Before the step touches the VF (after this, it may have happened). */
  before(step: Step): void;
  /** After the step was applied and read back. */
  after(step: Step): void;
}

/**
 * Applies `config` in APPLY_ORDER, skipping what the VF already shows. Returns the steps it
 * changed. On a failure, undoes them (and the failed one) and throws an error naming the PF,
 * the VF and the step.
 */
export async function applyVfConfig(
  h: Handle,
  pf: string,
  index: number,
  config: VfConfig,
  snap: VfSnapshot,
  netdev?: string,
  journal?: ApplyJournal,
): Promise<Step[]> {
  const t: VfTarget = { h, pf, index, netdev };
  const applied: Step[] = [];
  for (const step of APPLY_ORDER) {
    try {
      const ch = target(step, config, snap.admin, netdev !== undefined);
      if (!ch) continue;
      if ("admin" in ch && !snap.admin) throw new Error(`${pf} reported no VF info to snapshot`);
      if (shows(snap.admin, snap.netdev, ch)) continue;
      journal?.before(step);
      applied.push(step);
      await setVerified(t, step, ch);
      journal?.after(step);
    } catch (e) {
      const problems = await restoreVf(h, pf, index, snap, applied, netdev);
      const why = e instanceof Error ? e.message : String(e);
      const undo = problems.length ? ` (and the rollback failed: ${problems.join("; ")})` : "; the VF was rolled back";
      throw new SriovError("CONFIG_FAILED", pf, `VF ${index} of ${pf}: cannot set ${step}: ${why}${undo}`, index, { cause: e });
    }
  }
  return applied;
}

type Attempt = (what: string, fn: () => Promise<unknown>) => Promise<void>;

/**
 * Puts back the snapshot's values for `steps`, newest first, where the VF shows something else
 * now; then the netdev's MTU (when in `steps`), MAC and name (a container may have changed both)
 * when the netdev, named `netdev` now, is in the handle's netns, and then the admin MAC again.
 * Tries everything; returns what could not be restored.
 */
export async function restoreVf(
  h: Handle,
  pf: string,
  index: number,
  snap: VfSnapshot,
  steps: readonly Step[],
  netdev?: string,
): Promise<string[]> {
  const problems: string[] = [];
  const attempt: Attempt = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const t: VfTarget = { h, pf, index, netdev };
  const undo = APPLY_ORDER.filter((s) => steps.includes(s) && !isNetdevStep(s)).reverse();
  if (undo.length && snap.admin) await attempt("VF", () => restoreAdmin(t, snap, undo, attempt));
  if (!netdev || !snap.netdev) return problems;
  // The netdev's own MAC last: some PFs refuse a VF's MAC change while an admin MAC is set.
  const netdevSteps: Step[] = steps.includes("mtu") ? ["mtu", "netdevMac"] : ["netdevMac"];
  for (const step of netdevSteps) await attempt(step === "mtu" ? "mtu" : "netdev mac", () => putBack(t, snap, step));
  await attempt("netdev name", () => restoreName(h, netdev, snap.netdev as NetdevState));
  // A VF's own MAC change can show up as its admin MAC (igb): compare that once more.
  if (snap.admin) await attempt("VF", () => restoreAdmin(t, snap, ["mac"], attempt));
  return problems;
}

/** Each admin step in `undo` whose value differs from the snapshot's, set back and read back. */
async function restoreAdmin(t: VfTarget, snap: VfSnapshot, undo: Step[], attempt: Attempt): Promise<void> {
  const now = await readVf(t.h, t.pf, t.index);
  for (const step of undo) {
    const ch = original(step, snap);
    if (ch && !shows(now, undefined, ch)) await attempt(step, () => setVerified(t, step, ch));
  }
}

async function putBack(t: VfTarget, snap: VfSnapshot, step: Step): Promise<void> {
  const ch = original(step, snap);
  if (ch && !shows(undefined, await readNetdev(t.h, t.netdev as string), ch)) await setVerified(t, step, ch);
}

/** The kernel renames only links that are down. */
async function restoreName(h: Handle, netdev: string, was: NetdevState): Promise<void> {
  if (netdev === was.name) return;
  const up = isUp(await h.promises.linkGet(netdev));
  if (up) await h.promises.linkSetDown(netdev);
  await h.promises.linkSetName(netdev, was.name);
  if (up) await h.promises.linkSetUp(was.name);
}
