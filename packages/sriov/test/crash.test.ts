// Crash safety of the VF lifecycle on a SIMULATED SR-IOV host (sysfs tree + real veth VF
// netdevs): a child process killed at each fault point the netdev steps reach, then reconcile();
// and the write-ahead record itself. Admin (PF) steps need a real PF: see crash-*.guest.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Handle } from "@underlay/netlink";
import { type Allocation, Sysfs, VfPool } from "@underlay/sriov";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { useChildProcesses } from "./support/child.js";
import { type CrashRig, crashTests, poolOf, readBack, runIn } from "./support/crash.js";
import { useSimulatedHost } from "./support/simulated-host.js";

const host = useSimulatedHost({ total: 8, numVfs: 8 });
let rig: CrashRig;
const VF = 3;
const h = () => host().s.h;
const stateFile = () => join(rig.stateDir, `vf-pool-${host().sim.pfPci}.json`);
const records = (): Allocation[] => JSON.parse(readFileSync(stateFile(), "utf8")).allocations;
const request = (index = VF) => ({ owner: "c", index, config: { netdevMac: `02:00:00:00:c0:0${index}`, mtu: 1400 } });

useChildProcesses(() => IS_ROOT);
beforeEach((ctx) => ctx.skip(!IS_ROOT, NOT_ROOT_REASON));
const base = () => ({ pf: host().sim.pf, sysfsRoot: host().sim.root, netns: host().s.name, h: h() });

describe("simulated: a crash at every fault point of the netdev steps", () => {
  crashTests("simulated: a crash at", base, [0, 1, 2], request, ["netdevMac", "mtu"]);
});

describe("simulated: the write-ahead record", () => {
  beforeEach(() => {
    rig = { ...base(), index: VF, stateDir: mkdtempSync(join(tmpdir(), "ulstate-")) };
  });
  afterEach(() => rmSync(rig.stateDir, { recursive: true, force: true }));

  it("each change is on disk as pending before the kernel sees it, and as applied after", async () => {
    const seen: [string, Allocation | undefined][] = [];
    const promises = { ...h().promises };
    promises.linkSet = (ref, o) => {
      seen.push([
        Object.keys(o)
          .filter((k) => o[k as keyof typeof o] !== undefined)
          .join(),
        records()[0],
      ]);
      return h().promises.linkSet(ref, o);
    };
    const spy = Object.assign(Object.create(h()), { promises }) as Handle;
    const a = await new VfPool({
      pf: host().sim.pf,
      stateDir: rig.stateDir,
      sysfs: new Sysfs(host().sim.root),
      handle: spy,
    }).allocate(request());
    expect(seen.map(([what, r]) => [what, r?.state, r?.pending, r?.applied])).toEqual([
      ["address", "configuring", "netdevMac", []],
      ["mtu", "configuring", "mtu", ["netdevMac"]],
    ]);
    expect(seen[0]?.[1]?.snapshot?.netdev).toMatchObject({ name: `simvf${VF}`, mtu: 1500 });
    expect(records()).toEqual([{ ...a, state: "ready" }]);
    expect(a).not.toHaveProperty("pending");
    await poolOf(rig).release(a.id);
  });

  it("a VF chosen by MAC keeps that MAC on its netdev; an explicit netdevMac is set, and put back on release", async () => {
    h().linkSetAddress(`simvf${VF}`, "02:00:00:5e:00:03");
    const byMac = await poolOf(rig).allocate({ owner: "a", mac: "02:00:00:5E:00:03" });
    expect(byMac).toMatchObject({ vf: VF, config: { netdevMac: "02:00:00:5e:00:03" }, applied: [] });
    await poolOf(rig).release(byMac.id);
    const set = await poolOf(rig).allocate({ owner: "b", index: VF, config: { netdevMac: "02:00:00:5e:00:33" } });
    expect(set.applied).toEqual(["netdevMac"]);
    expect(h().linkGet(`simvf${VF}`).attrs.address).toBe("02:00:00:5e:00:33");
    expect((await poolOf(rig).release(set.id)).problems).toEqual([]);
    expect(h().linkGet(`simvf${VF}`).attrs.address).toBe("02:00:00:5e:00:03");
  });

  it("restore compares with the snapshot: a step the config names is put back even if the record missed it", async () => {
    const before = await readBack(rig);
    const child = await runIn(rig, { request: request() }, "vf:allocate:configured");
    expect(child.signal).toBe("SIGKILL");
    // As if a record had lost track of its steps: only the config still says what may have changed.
    writeFileSync(
      stateFile(),
      JSON.stringify({
        ...JSON.parse(readFileSync(stateFile(), "utf8")),
        allocations: records().map((r) => ({ ...r, applied: [] })),
      }),
    );
    expect((await poolOf(rig).reconcile()).freed).toMatchObject([{ problems: [] }]);
    expect(await readBack(rig)).toEqual(before);
  });

  it("a release cut short is finished by reconcile() though the owner is alive, and again harmlessly", async () => {
    const before = await readBack(rig);
    const a = await poolOf(rig).allocate(request());
    expect((await runIn(rig, { release: a.id }, "vf:release:marked")).signal).toBe("SIGKILL");
    expect(records()).toMatchObject([{ id: a.id, state: "releasing", applied: ["netdevMac", "mtu"] }]);
    expect((await poolOf(rig).reconcile()).freed).toEqual([
      { id: a.id, owner: "c", vf: VF, reason: "a crash interrupted its release", problems: [] },
    ]);
    expect(await readBack(rig)).toEqual(before);
    expect(await poolOf(rig).reconcile()).toEqual({ kept: [], freed: [] });
  });

  it("a ready allocation whose owner is alive is kept through a restart", async () => {
    const child = await runIn(rig, { request: request() });
    expect(child.status, child.stderr).toBe(0);
    const a = JSON.parse(child.stdout) as Allocation;
    expect(await poolOf(rig).reconcile()).toEqual({ kept: [a.id], freed: [] });
    expect(h().linkGet(`simvf${VF}`).attrs.mtu).toBe(1400);
    await poolOf(rig).release(a.id);
  });
});
