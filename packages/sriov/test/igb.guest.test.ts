// Real PCI SR-IOV through @underlay/sriov, on the igb NIC of the guest rig (--sriov); skipped
// elsewhere with the reason. Enable 4 VFs, discover them, allocate by MAC, configure
// VLAN/spoofchk/trust, move the VF netdev into a netns and back, release, and check the restore
// by reading the PF back from the kernel.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle } from "@underlay/netlink";
import { SriovEnabler, Sysfs, VfPool } from "@underlay/sriov";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findIgbPf, type IgbPf } from "../../netlink/test/support/igb.js";
import { type Scratch, scratchNetns } from "../../netlink/test/support/live.js";

const found = findIgbPf();
const pf = typeof found === "string" ? undefined : found;

describe.skipIf(!pf)(`[guest] @underlay/sriov on igb${pf ? "" : ` (skipped: ${found})`}`, () => {
  let stateDir: string;
  let s: Scratch;
  let h: Handle;
  const name = () => (pf as IgbPf).ifname;
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    s = scratchNetns();
    h = new Handle();
    new Sysfs().writeNumVfs(name(), 0);
  });
  afterAll(() => {
    h?.close();
    s?.dispose();
    rmSync(stateDir, { recursive: true, force: true });
    if (pf) new Sysfs().writeNumVfs(pf.ifname, 0);
  });

  it("[guest] enables 4 VFs, discovers them, allocates by MAC, configures, releases, restores", async () => {
    const enabler = new SriovEnabler(stateDir);
    const dev = await enabler.enable(name(), { count: 4 });
    expect(dev.vfs).toHaveLength(4);
    expect(dev.vfs.every((v) => v.driver === "igbvf" && v.netdev && /^0000:/.test(v.pciAddress))).toBe(true);
    expect(enabler.owns(name())).toBe(true);

    const target = dev.vfs[2]!;
    const mac = h.linkGet(target.netdev as string).attrs.address as string;
    const before = h.vfList(name())[2];
    const pool = new VfPool({ pf: name(), stateDir });
    const a = await pool.allocate({ owner: "c1", mac, config: { vlan: 100, spoofchk: true, trust: true } });
    expect(a).toMatchObject({ vf: 2, vfPci: target.pciAddress, netdev: target.netdev });
    expect(h.vfList(name())[2]).toMatchObject({ vlan: 100, spoofchk: true, trust: true });

    // What a container runtime does with the VF netdev, and undoes on leave.
    h.linkSet(target.netdev as string, { netns: { name: s.name }, name: "eth0" });
    expect(new Sysfs().readPf(name()).vfs[2]?.netdev).toBeUndefined();
    await expect(pool.allocate({ owner: "c2", index: 2 })).rejects.toMatchObject({ code: "VF_BUSY" });
    s.h.linkSet("eth0", { name: target.netdev as string, netns: { path: "/proc/1/ns/net" } });

    expect((await pool.release(a.id)).problems).toEqual([]);
    expect(h.vfList(name())[2]).toEqual(before);
    expect(enabler.disable(name())).toEqual({ disabled: true });
    expect(new Sysfs().readPf(name()).numVfs).toBe(0);
  }, 60_000);
});
