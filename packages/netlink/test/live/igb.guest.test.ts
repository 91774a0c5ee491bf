// Real PCI SR-IOV: the igb NIC of the guest rig (scripts/guest/run --sriov). Skipped elsewhere,
// with the reason. VFs are enabled through sysfs, programmed through @underlay/netlink on the PF,
// and a VF netdev is moved into a netns, configured there, and brought back.
import { Handle } from "@underlay/netlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disableVfs, enableVfs, findIgbPf, type IgbPf } from "../support/igb.js";
import { type Scratch, scratchNetns } from "../support/live.js";

const found = findIgbPf();
const pf = typeof found === "string" ? undefined : found;

describe.skipIf(!pf)(`[guest] igb SR-IOV${pf ? "" : ` (skipped: ${found})`}`, () => {
  let vfs: string[] = [];
  let s: Scratch;
  let root: Handle;
  beforeAll(async () => {
    vfs = await enableVfs(pf as IgbPf, 4);
    s = scratchNetns();
    root = new Handle();
  }, 30_000);
  afterAll(() => {
    root?.close();
    s?.dispose();
    if (pf) disableVfs(pf);
  });

  it("[guest] programs MAC, VLAN, spoofchk and trust on a VF and reads them back", () => {
    const p = (pf as IgbPf).ifname;
    root.vfSet(p, 1, { mac: "02:00:00:00:02:01", vlan: 100, qos: 2, spoofchk: true, trust: true });
    expect(root.vfList(p)).toHaveLength(4);
    expect(root.vfList(p)[1]).toMatchObject({ vf: 1, mac: "02:00:00:00:02:01", vlan: 100, qos: 2, spoofchk: true, trust: true });
    root.vfSet(p, 1, { vlan: 0, spoofchk: false, trust: false });
    expect(root.vfList(p)[1]).toMatchObject({ vlan: 0, spoofchk: false, trust: false });
  });

  it("[guest] moves a VF netdev into a netns, configures it there, and brings it back", () => {
    const vf = vfs[0] as string;
    root.linkSet(vf, { netns: { name: s.name }, name: "eth0" });
    expect(() => root.linkGet(vf)).toThrow(expect.objectContaining({ code: "ENODEV" }));
    s.h.linkSet("eth0", { up: true, mtu: 1400 });
    s.h.addrAdd("eth0", "192.0.2.2/24");
    expect(s.h.linkGet("eth0").attrs).toMatchObject({ mtu: 1400 });
    expect(s.h.addrList({ dev: "eth0", family: 4 }).map((a) => a.attrs.local)).toEqual(["192.0.2.2"]);
    s.h.linkSet("eth0", { up: false, name: vf, netns: { path: "/proc/1/ns/net" } });
    expect(root.linkGet(vf).attrs.ifname).toBe(vf);
  });
});
