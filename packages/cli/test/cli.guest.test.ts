// The real `underlay` binary on what only the guest rig's kernel has (skipped elsewhere, with the
// reason): ipvlan, vlan and dummy links; VF tables and VF settings on netdevsim; and SR-IOV
// enable/status/disable on the emulated igb NIC, with a VF allocated by the driver in between.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UnderlayDriver } from "@underlay/driver";
import { constants as C, Handle } from "@underlay/netlink";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findIgbPf, type IgbPf } from "../../netlink/test/support/igb.js";
import { missingKind, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingNetdevsim, scratchWithSimPf } from "../../netlink/test/support/netdevsim.js";
import { missingCliBuild, underlay, underlayJson, underlayOk } from "./support/cli.js";

const missingKinds = ["ipvlan", "vlan", "dummy"].map((k) => missingKind(k as "ipvlan")).find(Boolean);

describe("[guest] underlay link add: kinds this host's kernel lacks", () => {
  let s: Scratch;
  beforeEach((ctx) => {
    ctx.skip(missingCliBuild() !== undefined, missingCliBuild());
    ctx.skip(missingKinds !== undefined, missingKinds);
    s = scratchNetns();
    s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
  });
  afterEach(() => s?.dispose());

  it("[guest] ipvlan, vlan and dummy through one -batch, read back from the kernel", async () => {
    const r = await underlay(["-j", "-d", "-n", s.name, "-batch", "-"], {
      input: [
        "link add ipv0 link va type ipvlan mode l3 private",
        "link add va.100 link va type vlan id 100 protocol 802.1ad",
        "link add d0 mtu 9000 type dummy",
        "link show ipv0",
        "link show va.100",
      ].join("\n"),
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    // -d shows the kind data as ip -j -d does: by name.
    const [ipv0, vlan] = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line)[0].linkinfo);
    // ipvlan's flag is a key of its own (iplink_ipvlan.c); vlan adds its flags list (<REORDER_HDR> by default).
    expect(ipv0).toEqual({ info_kind: "ipvlan", info_data: { mode: "l3", private: true } });
    expect(vlan).toMatchObject({ info_kind: "vlan", info_data: { protocol: "802.1ad", id: 100 } });
    const info = (name: string) => s.h.linkGet(name).attrs.linkinfo;
    expect(info("ipv0")).toMatchObject({ kind: "ipvlan", data: { mode: C.IPVLAN_MODE_L3, flags: C.IPVLAN_F_PRIVATE } });
    expect(info("va.100")).toMatchObject({ kind: "vlan", data: { id: 100, protocol: C.ETH_P_8021AD } });
    expect(info("d0")?.kind).toBe("dummy");
    expect(s.h.linkGet("d0").attrs.mtu).toBe(9000);
  });
});

describe("[guest] underlay vf show / vf set on netdevsim", () => {
  let sim: ReturnType<typeof scratchWithSimPf> | undefined;
  let s: Scratch;
  beforeEach((ctx) => {
    ctx.skip(missingCliBuild() !== undefined, missingCliBuild());
    ctx.skip(missingNetdevsim() !== undefined, missingNetdevsim());
    sim = scratchWithSimPf(800 + (process.pid % 100), 4);
    s = sim.s;
  });
  afterEach(() => sim?.dispose());

  it("[guest] vf set PF N …, link set PF vf N …, and the table and JSON of vf show", async () => {
    await underlayOk(
      s.name,
      ...["vf", "set", "pf0", "1", "mac", "02:00:00:00:00:01", "vlan", "100", "qos", "3"],
      ...["proto", "802.1ad", "spoofchk", "on", "trust", "on", "state", "disable", "min_tx_rate", "100", "max_tx_rate", "1000"],
    );
    await underlayOk(s.name, "link", "set", "pf0", "vf", "2", "vlan", "10", "trust", "on");
    const vfs = s.h.vfList("pf0");
    expect(vfs[1]).toMatchObject({
      mac: "02:00:00:00:00:01",
      vlan: 100,
      qos: 3,
      vlanProto: "802.1ad",
      spoofchk: true,
      trust: true,
      linkState: "disable",
      minTxRate: 100,
      maxTxRate: 1000,
    });
    expect(vfs[2]).toMatchObject({ vlan: 10, trust: true });

    const json = (await underlayJson(s.name, "vf", "show", "pf0")) as Record<string, unknown>[];
    expect(json).toHaveLength(4);
    expect(json[1]).toMatchObject({
      vf: 1,
      address: "02:00:00:00:00:01",
      vlan_list: [{ vlan: 100, qos: 3, protocol: "802.1ad" }],
      rate: { max_tx: 1000, min_tx: 100 },
      spoofchk: true,
      trust: true,
      link_state: "disable",
    });
    // The same as ip's own vfinfo_list (with -n there is no sysfs to add netdev and PCI columns).
    const ip = JSON.parse(execFileSync("ip", ["-n", s.name, "-j", "-d", "link", "show", "pf0"], { encoding: "utf8" }));
    expect(json).toEqual(ip[0].vfinfo_list);
    const table = await underlayOk(s.name, "vf", "show", "pf0");
    expect(table.split("\n")[0]).toMatch(
      /^VF\s+MAC\s+VLAN\s+QOS\s+PROTO\s+SPOOFCHK\s+TRUST\s+STATE\s+MIN_TX\s+MAX_TX\s+NETDEV\s+PCI$/,
    );
    expect(table).toMatch(/^1\s+02:00:00:00:00:01\s+100\s+3\s+802\.1ad\s+on\s+on\s+disable\s+100\s+1000\s+-\s+-$/m);

    // qos without vlan is refused before anything is sent; the VF keeps what it had.
    const bad = await underlay(["-n", s.name, "vf", "set", "pf0", "1", "qos", "5"]);
    expect(bad).toMatchObject({ code: 1, stderr: "underlay: qos and proto need a vlan\n" });
    expect(s.h.vfList("pf0")[1]).toMatchObject({ vlan: 100, qos: 3 });
  }, 180_000); // each command is a node start under emulation
});

const igb = findIgbPf();
const pf = typeof igb === "string" ? undefined : igb;

describe.skipIf(!pf)(`[guest] underlay sriov on igb${pf ? "" : ` (skipped: ${igb})`}`, () => {
  let stateRoot: string;
  const name = () => (pf as IgbPf).ifname;
  const sriov = (...args: string[]) => underlay(["sriov", ...args, "--state-dir", stateRoot]);
  const status = async () => JSON.parse((await underlay(["-j", "sriov", "status", name(), "--state-dir", stateRoot])).stdout)[0];
  const numvfs = (n: number) => writeFileSync(`${(pf as IgbPf).device}/sriov_numvfs`, `${n}`);
  beforeAll(() => {
    stateRoot = mkdtempSync(join(tmpdir(), "ulcli-"));
    numvfs(0);
  });
  afterAll(() => {
    if (pf) numvfs(0);
    rmSync(stateRoot, { recursive: true, force: true });
  });

  it("[guest] enable, status, vf show with netdevs and PCI addresses, an allocation and to whom, disable", async () => {
    expect((await sriov("enable", name(), "--count", "2")).code).toBe(0);
    expect(await status()).toMatchObject({
      ifname: name(),
      numvfs: 2,
      totalvfs: pf?.totalVfs,
      numvfs_set_by: "underlay",
      allocations: [],
    });
    const vfs: { netdev?: string; pci_address?: string }[] = JSON.parse((await underlay(["-j", "vf", "show", name()])).stdout);
    expect(vfs).toHaveLength(2);
    for (const v of vfs) expect(v).toMatchObject({ netdev: expect.any(String), pci_address: expect.stringMatching(/^0000:/) });

    // The driver (in this process, on the same state folder) allocates a VF to an endpoint.
    const h = new Handle();
    const driver = new UnderlayDriver({ stateDir: stateRoot, handle: h });
    const [net, ep] = ["e".repeat(64), "f".repeat(64)];
    try {
      await driver.createNetwork({
        NetworkID: net,
        Options: { "com.docker.network.generic": { netdevice: name(), mode: "sriov" } },
        IPv4Data: [{ AddressSpace: "LocalDefault", Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
        IPv6Data: [],
      });
      await driver.createEndpoint({
        NetworkID: net,
        EndpointID: ep,
        Interface: { Address: "192.0.2.9/24", AddressIPv6: "", MacAddress: "" },
      });
      expect((await status()).allocations).toEqual([
        expect.objectContaining({
          driver: "underlay",
          network: net,
          endpoint: ep,
          state: "ready",
          pci_address: expect.stringMatching(/^0000:/),
        }),
      ]);
      expect(await sriov("disable", name())).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/1 VF\(s\) are allocated to endpoints/),
      });
      await driver.deleteEndpoint({ NetworkID: net, EndpointID: ep });
      expect((await sriov("disable", name())).code).toBe(0);
      expect(await status()).toMatchObject({ numvfs: 0 });
    } finally {
      await driver.deleteNetwork({ NetworkID: net }).catch(() => {});
      h.close();
    }

    // A count someone else set is left alone unless --force.
    numvfs(1);
    expect(await sriov("disable", name())).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/set by someone else.*--force/),
    });
    expect(await status()).toMatchObject({ numvfs: 1, numvfs_set_by: "someone else" });
    expect((await sriov("disable", name(), "--force")).code).toBe(0);
    expect(await status()).toMatchObject({ numvfs: 0 });
  }, 300_000); // each command is a node start under emulation
});
