// @underlay/sriov on a SIMULATED SR-IOV host: a temporary sysfs tree shaped like the real one,
// whose VF netdevs are real veth links in a throwaway netns. VF programming through the PF is
// not possible here (a veth has no VFs); it is tested on netdevsim and igb in the guest rig.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Allocation, describePf, SriovEnabler, SriovError, Sysfs, VfPool } from "@underlay/sriov";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { type SimulatedHost, simulatedHost } from "./support/simulated-host.js";

let s: Scratch;
let sim: SimulatedHost;
let stateDir: string;
const pool = () => new VfPool({ pf: sim.pf, stateDir, sysfs: new Sysfs(sim.root), handle: s.h });

beforeAll(() => {
  if (!IS_ROOT) return;
  s = scratchNetns();
  sim = simulatedHost({ total: 32, numVfs: 32, h: s.h });
});
afterAll(() => {
  sim?.dispose();
  s?.dispose();
});
beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
  for (let i = 0; i < 32; i++) sim.showNetdev(i);
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe("simulated: discovery", () => {
  it("reads the PF and every VF: PCI addresses, netdevs, drivers", () => {
    const pf = new Sysfs(sim.root).readPf(sim.pf);
    expect(pf).toMatchObject({ name: "simpf0", pciAddress: "0000:03:00.0", driver: "simpf", totalVfs: 32, numVfs: 32 });
    expect(pf.vfs).toHaveLength(32);
    expect(pf.vfs[9]).toEqual({ index: 9, pciAddress: sim.vfPci(9), netdev: "simvf9", driver: "simvf" });
  });
  it("copes with unbound, not yet probed and renamed VFs", () => {
    sim.unbind(1);
    sim.hideNetdev(2);
    sim.showNetdev(3, "renamed3");
    const vfs = new Sysfs(sim.root).readPf(sim.pf).vfs;
    expect(vfs[1]).toEqual({ index: 1, pciAddress: sim.vfPci(1) });
    expect(vfs[2]).toEqual({ index: 2, pciAddress: sim.vfPci(2), driver: "simvf" });
    expect(vfs[3]?.netdev).toBe("renamed3");
    sim.applyNumVfs();
  });
  it("describePf joins sysfs with netlink: each VF netdev's current MAC", async () => {
    s.h.linkSetAddress("simvf11", "02:00:00:00:00:11");
    const view = await describePf(sim.pf, new Sysfs(sim.root), s.h);
    expect(view.vfs[11]).toMatchObject({ index: 11, netdev: "simvf11", mac: "02:00:00:00:00:11" });
    expect(view.vfs[11]?.admin).toBeUndefined(); // a veth "PF" reports no VF info
  });
  it("says so when a netdev is not an SR-IOV PF", () => {
    expect(() => new Sysfs(sim.root).readPf("nope0")).toThrow(/nope0 is not a PCI network device here/);
  });
});

describe("simulated: allocation", () => {
  it("hands out a free VF, skipping those in use in another netns", async () => {
    sim.hideNetdev(0);
    const a = await pool().allocate({ owner: "ep1" });
    expect(a).toMatchObject({ vf: 1, vfPci: sim.vfPci(1), netdev: "simvf1", owner: "ep1", state: "ready" });
    await expect(pool().allocate({ owner: "ep2", index: 0 })).rejects.toThrow(
      "the VF asked for of simpf0 is VF 0, which is without a netdev in the host netns (in use in another netns, or not bound to a driver)",
    );
  });
  it("by index, and refuses a VF that is taken or does not exist", async () => {
    const p = pool();
    expect((await p.allocate({ owner: "a", index: 7 })).vf).toBe(7);
    await expect(p.allocate({ owner: "b", index: 7 })).rejects.toThrow(/VF 7, which is allocated to a/);
    await expect(p.allocate({ owner: "b", index: 40 })).rejects.toMatchObject({ code: "NO_SUCH_VF", pf: "simpf0" });
  });
  it("by MAC: the VF whose netdev has that MAC", async () => {
    s.h.linkSetAddress("simvf5", "02:00:00:5e:00:05");
    const a = await pool().allocate({ owner: "a", mac: "02:00:00:5E:00:05" });
    expect(a.vf).toBe(5);
    await expect(pool().allocate({ owner: "b", mac: "02:00:00:5e:00:05" })).rejects.toMatchObject({ code: "VF_BUSY", vf: 5 });
    await expect(pool().allocate({ owner: "b", mac: "02:00:00:5e:00:99" })).rejects.toThrow(
      "no VF of simpf0 has MAC 02:00:00:5e:00:99 (checked the VF netdevs' MACs, then the VFs' admin MACs)",
    );
  });
  it("releases by id, and refuses an unknown id", async () => {
    const p = pool();
    const a = await p.allocate({ owner: "a" });
    await p.release(a.id);
    expect(p.list()).toEqual([]);
    await expect(p.release(a.id)).rejects.toMatchObject({ code: "UNKNOWN_ALLOCATION" });
  });
});

describe("simulated: netdev settings are applied, verified and restored", () => {
  it("sets the VF netdev's MTU, and on release restores its MTU and MAC", async () => {
    const p = pool();
    const before = s.h.linkGet("simvf4").attrs;
    const a = await p.allocate({ owner: "a", index: 4, config: { mtu: 1400 } });
    expect(a.applied).toEqual(["mtu"]);
    expect(s.h.linkGet("simvf4").attrs.mtu).toBe(1400);
    s.h.linkSetAddress("simvf4", "02:00:00:00:99:04"); // what a container might do
    expect((await p.release(a.id)).problems).toEqual([]);
    expect(s.h.linkGet("simvf4").attrs).toMatchObject({ mtu: before.mtu, address: before.address });
  });
  it("on release, a VF netdev that came back under another name gets its name back", async () => {
    const p = pool();
    const a = await p.allocate({ owner: "a", index: 8 });
    s.h.linkSet("simvf8", { name: "eth0", up: true }); // back from a container as eth0, and up
    sim.showNetdev(8, "eth0");
    expect((await p.release(a.id)).problems).toEqual([]);
    expect(s.h.linkGet("simvf8").attrs.ifname).toBe("simvf8");
    expect(() => s.h.linkGet("eth0")).toThrow(expect.objectContaining({ code: "ENODEV" }));
  });

  it("a failing setting rolls back and leaves no allocation behind", async () => {
    const p = pool();
    const err = await p.allocate({ owner: "a", index: 6, config: { mtu: 10 } }).catch((e) => e);
    expect(err).toBeInstanceOf(SriovError);
    expect(err).toMatchObject({ code: "CONFIG_FAILED", pf: "simpf0", vf: 6 });
    expect(err.message).toMatch(/^VF 6 of simpf0: cannot set mtu: .*EINVAL.*; the VF was rolled back$/);
    expect(p.list()).toEqual([]);
    expect(s.h.linkGet("simvf6").attrs.mtu).toBe(1500);
  });
});

describe("simulated: persistence and reconcile", () => {
  it("persists allocations atomically; a new pool object sees them", async () => {
    const a = await pool().allocate({ owner: "a" });
    const file = JSON.parse(readFileSync(join(stateDir, "vf-pool-0000:03:00.0.json"), "utf8"));
    expect(file.allocations.map((x: Allocation) => x.id)).toEqual([a.id]);
    expect(
      pool()
        .list()
        .map((x) => x.id),
    ).toEqual([a.id]);
    await expect(pool().allocate({ owner: "b", index: a.vf })).rejects.toMatchObject({ code: "VF_BUSY" });
  });
  it("frees allocations whose owner is gone, or left half-made by a crash, restoring the VF", async () => {
    const live = await pool().allocate({ owner: "alive" });
    const dead = await pool().allocate({ owner: "dead", config: { mtu: 1300 } });
    // A crash between persisting and configuring leaves a "configuring" record.
    const file = join(stateDir, "vf-pool-0000:03:00.0.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    state.allocations.push({
      ...state.allocations[0],
      id: "crashed",
      vf: 9,
      vfPci: sim.vfPci(9),
      state: "configuring",
      owner: "x",
    });
    (await import("@underlay/state")).writeJsonAtomic(file, state);
    const p = new VfPool({ pf: sim.pf, stateDir, sysfs: new Sysfs(sim.root), handle: s.h, ownerAlive: (o) => o !== "dead" });
    const report = await p.reconcile();
    expect(report.kept).toEqual([live.id]);
    expect(report.freed.map((f) => [f.id, f.reason])).toEqual([
      [dead.id, "its owner dead is gone"],
      ["crashed", "it was left half-made by a crash"],
    ]);
    expect(s.h.linkGet(dead.netdev as string).attrs.mtu).toBe(1500);
    expect(p.list().map((x) => x.id)).toEqual([live.id]);
  });
  it("a pool file that is not what we write: STATE_CORRUPT naming the file and what to do, nothing touched", async () => {
    const file = join(stateDir, `vf-pool-${new Sysfs(sim.root).readPf(sim.pf).pciAddress}.json`);
    for (const bad of ["{", '{"version":1,"pfPci":"x","allocations":[{"id":"a","owner":"o","vf":-1}]}']) {
      writeFileSync(file, bad);
      await expect(pool().allocate({ owner: "ep" })).rejects.toMatchObject({
        code: "STATE_CORRUPT",
        message: expect.stringMatching(new RegExp(`^state file ${file} is unreadable \\(.+\\); move it aside`)),
      });
      expect(readFileSync(file, "utf8")).toBe(bad);
    }
  });

  it("keeps an allocation whose netdev sits in another netns", async () => {
    const a = await pool().allocate({ owner: "a" });
    sim.hideNetdev(a.vf);
    expect((await pool().reconcile()).kept).toEqual([a.id]);
  });
});

describe("simulated: enablement", () => {
  let small: SimulatedHost;
  beforeEach(() => {
    // Autoprobe off: the VFs come without drivers, so there are no netdevs to wait for here
    // (waiting for VF netdevs is tested on the igb NIC in the guest rig).
    small = simulatedHost({ pf: "simpf1", total: 8, numVfs: 0, autoprobe: false });
  });
  afterEach(() => small.dispose());
  const enabler = () => new SriovEnabler(stateDir, new Sysfs(small.root));
  const numvfs = () => readFileSync(join(small.root, "bus/pci/devices", small.pfPci, "sriov_numvfs"), "utf8").trim();
  const kernel = () => {
    const t = setInterval(() => small.applyNumVfs(), 10);
    return () => clearInterval(t);
  };

  it("enables all VFs by default, waits for them, remembers it did, and disables only its own change", async () => {
    const stop = kernel();
    try {
      const pf = await enabler().enable("simpf1", { timeoutMs: 2000 });
      expect(pf.vfs).toHaveLength(8);
      expect(enabler().owns("simpf1")).toBe(true);
      expect(enabler().disable("simpf1", 1)).toEqual({ disabled: false, reason: "1 VF(s) of simpf1 are allocated" });
      expect(enabler().disable("simpf1")).toEqual({ disabled: true });
      expect(numvfs()).toBe("0");
    } finally {
      stop();
    }
  });
  it("refuses to change a count someone else set, and leaves it on disable", async () => {
    (await import("node:fs")).writeFileSync(join(small.root, "bus/pci/devices", small.pfPci, "sriov_numvfs"), "2");
    small.applyNumVfs();
    await expect(enabler().enable("simpf1", { count: 4 })).rejects.toThrow(
      /simpf1 has 2 VFs and sriov_numvfs was set by someone else; refusing to change it to 4/,
    );
    expect(enabler().disable("simpf1")).toMatchObject({ disabled: false, reason: expect.stringMatching(/set by someone else/) });
    expect(numvfs()).toBe("2");
  });
  it("goes through 0 to change its own non-zero count (the kernel's EBUSY rule)", async () => {
    const stop = kernel();
    const writes: number[] = [];
    class Spy extends Sysfs {
      override writeNumVfs(pf: string, n: number) {
        writes.push(n);
        super.writeNumVfs(pf, n);
      }
    }
    try {
      const e = new SriovEnabler(stateDir, new Spy(small.root));
      await e.enable("simpf1", { count: 2, timeoutMs: 2000 });
      await e.enable("simpf1", { count: 4, timeoutMs: 2000 });
      expect(writes).toEqual([2, 0, 4]);
    } finally {
      stop();
    }
  });
  it("a pool on a PF with SR-IOV off says how to turn it on", async () => {
    const p = new VfPool({ pf: "simpf1", stateDir, sysfs: new Sysfs(small.root), handle: s.h });
    await expect(p.allocate({ owner: "a" })).rejects.toThrow(
      /^SR-IOV is disabled on simpf1 \(sriov_numvfs is 0\): enable it first/,
    );
  });
  it("validates the count against sriov_totalvfs", async () => {
    await expect(enabler().enable("simpf1", { count: 9 })).rejects.toThrow(
      "cannot enable 9 VFs on simpf1: allowed values are 1-8 (sriov_totalvfs)",
    );
  });
});
