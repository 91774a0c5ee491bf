// Crash tests for the VF lifecycle: a child process allocates (or releases) with UNDERLAY_FAULT
// set and is SIGKILLed at that fault point; then reconcile() in a fresh pool must put the VF
// back exactly as it was: its admin record on the PF and its netdev (name, MAC, MTU, up).
// The same tests run on a simulated host (netdev steps only), on netdevsim and on igb.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Handle, isUp, type Vf } from "@underlay/netlink";
import { type Allocation, type AllocationRequest, type Step, Sysfs, VF_FAULT_POINTS, VfPool } from "@underlay/sriov";
import { type ExpectStatic, expect, it } from "vitest";
import { type ChildJob, type ChildResult, runChild } from "./child.js";

/** Where a crash test runs: a PF, the VF it allocates, and where the state and sysfs are. */
export interface CrashRig extends ChildJob {
  index: number;
  /** A handle in the netns of the PF and the VF netdevs. */
  h: Handle;
}

export type RigBase = Omit<CrashRig, "index" | "stateDir">;

/** A rig on VF `index` with a state folder of its own (remove it when done). */
const rigFor = (base: RigBase, index: number): CrashRig => ({
  ...base,
  index,
  stateDir: mkdtempSync(join(tmpdir(), "ulstate-")),
});

/** A fresh pool, as a restarted process would have; every owner counts as alive. */
export const poolOf = (rig: CrashRig) =>
  new VfPool({ pf: rig.pf, stateDir: rig.stateDir, sysfs: new Sysfs(rig.sysfsRoot), handle: rig.h, ownerAlive: () => true });

/** Everything restore is about, read from the kernel: the VF's admin record and its netdev. */
export async function readBack(rig: CrashRig) {
  const netdev = new Sysfs(rig.sysfsRoot).readPf(rig.pf).vfs.find((v) => v.index === rig.index)?.netdev;
  const vf = (await rig.h.promises.vfList(rig.pf).catch(() => [] as Vf[])).find((v) => v.vf === rig.index);
  const l = netdev === undefined ? undefined : await rig.h.promises.linkGet(netdev);
  return {
    // With VLAN 0 the protocol means nothing (netdevsim reports 0 until a VLAN was set, then 802.1Q).
    vf: vf && { ...vf, vlanProto: vf.vlan === 0 ? "none" : vf.vlanProto },
    netdev: l && { name: l.attrs.ifname, mac: l.attrs.address, mtu: l.attrs.mtu, up: isUp(l) },
  };
}

/** Runs one pool call in a child process (see child.ts). */
export const runIn = (rig: CrashRig, job: { request: AllocationRequest } | { release: string }, fault?: string) =>
  runChild({ pf: rig.pf, stateDir: rig.stateDir, sysfsRoot: rig.sysfsRoot, netns: rig.netns, ...job }, fault);

/** The fault points a rig can reach: all but the steps it cannot apply. */
export const pointsFor = (steps: readonly Step[]) =>
  VF_FAULT_POINTS.filter((p) => {
    const step = /^vf:apply:(\w+):/.exec(p)?.[1];
    return step === undefined || steps.includes(step as Step);
  });

/** Kills a child at `point` while it allocates (or releases an allocation made here), then reconciles. */
async function crashAt(rig: CrashRig, point: string, request: AllocationRequest) {
  const job = point.startsWith("vf:release:") ? { release: (await poolOf(rig).allocate(request)).id } : { request };
  const child: ChildResult = await runIn(rig, job, point);
  const record: Allocation | undefined = poolOf(rig).list()[0];
  return { child, record, report: await poolOf(rig).reconcile() };
}

/** What the record on disk must say after a crash at `point`: it covers every change that may have happened. */
function expectRecordAt(expect: ExpectStatic, point: string, record: Allocation | undefined): void {
  const step = /^vf:apply:(\w+):/.exec(point)?.[1];
  expect(record).toMatchObject({ state: point.startsWith("vf:release:") ? "releasing" : "configuring" });
  expect(record?.snapshot).toBeDefined();
  if (step) expect(record).toMatchObject({ pending: step, applied: expect.not.arrayContaining([step]) });
  if (point === "vf:allocate:configured") expect(record?.pending).toBeUndefined();
}

/** Hands out the VFs the tests may use, one test at a time each. */
function leases(indices: readonly number[]) {
  const free = [...indices];
  const waiting: ((i: number) => void)[] = [];
  return {
    take: (): Promise<number> => {
      const i = free.pop();
      return i === undefined ? new Promise((r) => waiting.push(r)) : Promise.resolve(i);
    },
    give: (i: number) => {
      const next = waiting.shift();
      if (next) next(i);
      else free.push(i);
    },
  };
}

/**
 * Registers one test per fault point the rig reaches (`steps`), run concurrently on the VFs
 * `indices`: crash there, reconcile, and the VF reads back as it was before, in every field;
 * nothing stays allocated.
 */
export function crashTests(
  title: string,
  base: () => RigBase,
  indices: readonly number[],
  request: (index: number) => AllocationRequest,
  steps: readonly Step[],
) {
  const vfs = leases(indices);
  // A test's time includes its wait for a free VF: the timeout covers the whole queue.
  it.concurrent.for(pointsFor(steps))(`${title} %s`, { timeout: 300_000 }, async (point, { expect }) => {
    const index = await vfs.take();
    const rig = rigFor(base(), index);
    try {
      const before = await readBack(rig);
      const { child, record, report } = await crashAt(rig, point, request(index));
      expect(child.signal, `the child was not killed at ${point}: ${child.stderr}`).toBe("SIGKILL");
      expectRecordAt(expect, point, record);
      const reason = point.startsWith("vf:release:") ? "a crash interrupted its release" : "it was left half-made by a crash";
      expect(report.freed).toMatchObject([{ reason, problems: [] }]);
      expect(await readBack(rig)).toEqual(before);
      expect(poolOf(rig).list()).toEqual([]);
    } finally {
      rmSync(rig.stateDir, { recursive: true, force: true });
      vfs.give(index);
    }
  });
}

/** What a network without a VLAN asks for: no VLAN, and every other setting at its default. */
export const DEFAULTS = {
  vlan: 0,
  qos: 0,
  vlanProto: "802.1Q",
  spoofchk: true,
  trust: false,
  linkState: "auto",
  minTxRate: 0,
  maxTxRate: 0,
} as const;

/** A VF a previous user left with VLAN 100 gets VLAN 0 and the defaults, read back; release puts back what it found. */
export function defaultsTest(title: string, base: () => RigBase, index: number) {
  it(`${title} a VF left with VLAN 100 gets VLAN 0 and the defaults, read back; release puts back what it found`, async () => {
    const rig = rigFor(base(), index);
    const { h, pf } = rig;
    await h.promises.vfSet(pf, index, { vlan: 100, qos: 1 });
    try {
      const before = await readBack(rig);
      const a = await poolOf(rig).allocate({ owner: "t", index, config: { ...DEFAULTS } });
      expect(a.applied).toContain("vlan");
      expect((await readBack(rig)).vf).toMatchObject({ ...DEFAULTS, vlanProto: "none" });
      expect((await poolOf(rig).release(a.id)).problems).toEqual([]);
      expect(await readBack(rig)).toEqual(before);
    } finally {
      await h.promises.vfSet(pf, index, { vlan: 0, qos: 0 });
      rmSync(rig.stateDir, { recursive: true, force: true });
    }
  });
}
