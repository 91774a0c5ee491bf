// Tests that need a fuller kernel than this host's: ipvlan, 802.1Q/802.1ad vlan, dummy, and VF
// programming on netdevsim. Each feature is probed first; without it the test is skipped with
// the kernel's reason. Names start with [guest]: the guest rig runs them and requires them to pass.
import { execFileSync } from "node:child_process";
import { Handle, IPVLAN_FLAGS, IPVLAN_MODES, type Vf, VLAN_PROTOCOLS, vfsOf } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { missingKind, type Scratch, scratchNetns } from "../support/live.js";
import { createSimPfIn, missingNetdevsim, type SimPf } from "../support/netdevsim.js";

let s: Scratch;
afterEach(() => s?.dispose());

/** Each test of the block gets `s` holding a veth pair, par0 (the parent) and par1, if the kernel has `kind`. */
function parentPerTest(kind: "ipvlan" | "vlan"): void {
  beforeEach((ctx) => {
    ctx.skip(missingKind(kind) !== undefined, missingKind(kind));
    s = scratchNetns();
    s.h.linkAdd({ name: "par0", kind: "veth", peer: { name: "par1" } });
  });
}

/** Each test of the block gets `s` holding netdevsim PF "pf0" with `vfs` VFs (removed before `s`). */
function simPfPerTest(id: number, vfs: number): void {
  let pf: SimPf | undefined;
  beforeEach((ctx) => {
    ctx.skip(missingNetdevsim() !== undefined, missingNetdevsim());
    s = scratchNetns();
    pf = createSimPfIn(id, vfs, s.name);
  });
  afterEach(() => pf?.remove());
}

describe("[guest] ipvlan", () => {
  parentPerTest("ipvlan");
  for (const mode of Object.keys(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[]) {
    for (const flag of Object.keys(IPVLAN_FLAGS) as (keyof typeof IPVLAN_FLAGS)[]) {
      it(`[guest] mode ${mode} flag ${flag}`, () => {
        s.h.linkAdd({ name: "ipv0", kind: "ipvlan", parent: "par0", mode, flag, mtu: 1400 });
        const l = s.h.linkGet("ipv0");
        expect(l.attrs).toMatchObject({ mtu: 1400, link: s.h.linkIndex("par0") });
        expect(l.attrs.linkinfo).toMatchObject({ kind: "ipvlan", data: { mode: IPVLAN_MODES[mode], flags: IPVLAN_FLAGS[flag] } });
      });
    }
  }
  it("[guest] moved into another netns and configured there", () => {
    const o = s.other();
    s.h.linkAdd({ name: "ipv0", kind: "ipvlan", parent: "par0", mode: "l3" });
    s.h.linkSet("ipv0", { netns: { name: o.name }, name: "eth0" });
    o.h.linkSet("eth0", { up: true, mtu: 1300 });
    o.h.addrAdd("eth0", "192.0.2.5/24");
    o.h.routeAdd({ dst: "default", dev: "eth0" });
    const l = o.h.linkGet("eth0");
    expect(l.attrs).toMatchObject({ mtu: 1300, linkinfo: { kind: "ipvlan", data: { mode: IPVLAN_MODES.l3 } } });
    expect(o.h.addrList({ dev: "eth0", family: 4 }).map((a) => a.attrs.local)).toEqual(["192.0.2.5"]);
    expect(o.h.routeList({ dev: "eth0" }).some((r) => r.attrs.dst === undefined)).toBe(true);
  });
});

describe("[guest] vlan", () => {
  parentPerTest("vlan");
  for (const protocol of Object.keys(VLAN_PROTOCOLS) as (keyof typeof VLAN_PROTOCOLS)[]) {
    it(`[guest] ${protocol} sub-interface`, () => {
      s.h.linkAdd({ name: "par0.100", kind: "vlan", parent: "par0", id: 100, protocol });
      expect(s.h.linkGet("par0.100").attrs.linkinfo).toMatchObject({
        kind: "vlan",
        data: { id: 100, protocol: VLAN_PROTOCOLS[protocol] },
      });
    });
  }
});

describe("[guest] dummy", () => {
  beforeEach((ctx) => {
    ctx.skip(missingKind("dummy") !== undefined, missingKind("dummy"));
    s = scratchNetns();
  });
  it("[guest] create, set up, address, delete", () => {
    s.h.linkAdd({ name: "dum0", kind: "dummy", up: true });
    s.h.addrAdd("dum0", "198.51.100.1/32");
    expect(s.h.linkGet("dum0").attrs.linkinfo?.kind).toBe("dummy");
    expect(s.h.addrList({ dev: "dum0" }).map((a) => a.attrs.local)).toContain("198.51.100.1");
    s.h.linkDel("dum0");
    expect(() => s.h.linkGet("dum0")).toThrow(expect.objectContaining({ code: "ENODEV" }));
  });
});

/** `ip -j -d link show PF`'s vfinfo_list: an independent witness of what we read back. */
function witness(ns: string, pf: string): Record<string, unknown>[] {
  const out = execFileSync("ip", ["-n", ns, "-j", "-d", "link", "show", pf], { encoding: "utf8" });
  return JSON.parse(out)[0].vfinfo_list;
}

describe("[guest] VF programming on netdevsim", () => {
  simPfPerTest(700 + (process.pid % 200), 4);

  const vf = (n: number): Vf => {
    const all = s.h.vfList("pf0");
    expect(all).toHaveLength(4);
    return all[n] as Vf;
  };

  it("[guest] MAC, VLAN+QoS, 802.1ad, spoofchk, trust, link state and rates, read back", () => {
    s.h.vfSetMac("pf0", 0, "02:00:00:00:01:00");
    s.h.vfSetVlan("pf0", 0, 100);
    s.h.vfSetSpoofchk("pf0", 0, true);
    s.h.vfSetTrust("pf0", 0, true);
    s.h.vfSet("pf0", 1, { vlan: 200, qos: 3, vlanProto: "802.1ad" });
    s.h.vfSetRate("pf0", 2, { minTxRate: 100, maxTxRate: 1000 });
    s.h.vfSetLinkState("pf0", 2, "disable");
    s.h.vfSet("pf0", 3, { mac: "02:00:00:00:01:03", linkState: "enable", spoofchk: false, trust: false });
    expect(vf(0)).toMatchObject({
      vf: 0,
      mac: "02:00:00:00:01:00",
      vlan: 100,
      qos: 0,
      vlanProto: "802.1Q",
      spoofchk: true,
      trust: true,
    });
    expect(vf(1)).toMatchObject({ vf: 1, vlan: 200, qos: 3, vlanProto: "802.1ad" });
    expect(vf(2)).toMatchObject({ vf: 2, minTxRate: 100, maxTxRate: 1000, linkState: "disable" });
    expect(vf(3)).toMatchObject({ vf: 3, mac: "02:00:00:00:01:03", linkState: "enable", spoofchk: false, trust: false });

    const ip = witness(s.name, "pf0");
    expect(ip[0]).toMatchObject({ vf: 0, address: "02:00:00:00:01:00", spoofchk: true, trust: true });
    expect(ip[0]?.vlan_list).toEqual([expect.objectContaining({ vlan: 100 })]);
    expect(ip[1]?.vlan_list).toEqual([expect.objectContaining({ vlan: 200, qos: 3, protocol: "802.1ad" })]);
    expect(ip[2]).toMatchObject({ rate: { max_tx: 1000, min_tx: 100 }, link_state: "disable" });
    expect(ip[3]).toMatchObject({ address: "02:00:00:00:01:03", link_state: "enable", spoofchk: false, trust: false });
  });

  it("[guest] one rate alone keeps the other, as ip does; the promise API agrees", async () => {
    s.h.vfSetRate("pf0", 1, { minTxRate: 50, maxTxRate: 500 });
    s.h.vfSetRate("pf0", 1, { maxTxRate: 800 });
    expect(vf(1)).toMatchObject({ minTxRate: 50, maxTxRate: 800 });
    await s.h.promises.vfSetVlan("pf0", 1, 0);
    expect((await s.h.promises.vfList("pf0"))[1]).toMatchObject({ vlan: 0, qos: 0 });
  });

  it("[guest] the kernel refuses a VF index past the last", () => {
    expect(() => s.h.vfSetTrust("pf0", 9, true)).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });
});

describe("[guest] a PF with many VFs", () => {
  simPfPerTest(650 + (process.pid % 50), 256);

  // Without stats (the default, RTEXT_FILTER_SKIP_STATS) as iproute2 asks: with them 256 VFs would
  // overflow IFLA_VFINFO_LIST's 16-bit length.
  it("[guest] reads 256 VFs by GET and by dump: replies far over 32 KiB, received whole by peeking their size", () => {
    let largest = 0;
    const tap = (dir: string, bytes: Buffer) => {
      if (dir === "recv") largest = Math.max(largest, bytes.length);
    };
    const h = new Handle({ netns: { name: s.name }, tap });
    const all = Array.from({ length: 256 }, (_, i) => i);
    try {
      const link = h.linkGet("pf0", { vf: true });
      expect(link.attrs.numVf).toBe(256);
      expect(vfsOf(link).map((v) => v.vf)).toEqual(all);
      expect(largest).toBeGreaterThan(40 * 1024);
      const pf = h.linkList({ vf: true }).find((l) => l.attrs.ifname === "pf0");
      expect(pf && vfsOf(pf).map((v) => v.vf)).toEqual(all);
      h.vfSetVlan("pf0", 255, 42);
      expect(h.vfList("pf0")[255]).toMatchObject({ vf: 255, vlan: 42 });
    } finally {
      h.close();
    }
  });
});
