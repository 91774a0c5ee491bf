// mode=sriov end to end in the guest rig's igb VM (scripts/guest/run --sriov): dockerd runs
// inside the guest, our plugin process serves it, and containers get real igbvf VFs. Skipped
// elsewhere with the reason.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle } from "@underlay/netlink";
import { Sysfs } from "@underlay/sriov";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findIgbPf, type IgbPf } from "../../netlink/test/support/igb.js";
import { missingDocker, networkCreateArgs, type PrivateDocker, startDockerd } from "./support/dockerd.mjs";
import { missingCli, type PluginProcess, startPlugin } from "./support/plugin-process.js";
import { quietly } from "./support/quietly.js";

const found = findIgbPf();
const why = typeof found === "string" ? found : (missingDocker() ?? missingCli());
const pf = typeof found === "string" ? undefined : (found as IgbPf);

describe.skipIf(why !== undefined)(`[guest] docker e2e: mode=sriov on igb${why ? ` (skipped: ${why})` : ""}`, () => {
  let d: PrivateDocker;
  let plugin: PluginProcess;
  let stateDir: string;
  let h: Handle;
  const pfName = () => (pf as IgbPf).ifname;
  const vfs = () => h.vfList(pfName());

  beforeAll(async () => {
    h = new Handle();
    new Sysfs().writeNumVfs(pfName(), 0);
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    plugin = await startPlugin("sriov", stateDir, ["--alias", "ulsr2"]);
    d = await startDockerd();
  }, 180_000);
  afterAll(async () => {
    for (const c of ["ulv1", "ulv2", "ulv3", "ulv4"]) {
      quietly(() => d?.docker("rm", "-f", c));
    }
    for (const n of ["ulsriov", "ulsra", "ulsrb"]) quietly(() => d?.docker("network", "rm", n));
    await d?.stop();
    await plugin?.stop();
    h?.close();
    if (pf) new Sysfs().writeNumVfs(pf.ifname, 0);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it("[guest] a container gets a VF with its VLAN and spoofchk set; --mac-address picks a VF; all restored after", async () => {
    // The Mellanox plugin's command line, unchanged: -d sriov -o netdevice=… -o vlan=….
    d.docker(
      ...networkCreateArgs("sriov", "ulsriov", { netdevice: pfName(), vlan: "100", numvfs: "4" }, "--subnet", "10.231.20.0/24"),
    );
    const dev = new Sysfs().readPf(pfName());
    expect(dev.numVfs).toBe(4);
    const before = vfs();

    // Two networks on one PF may not share a VLAN.
    expect(() =>
      d.docker(...networkCreateArgs("sriov", "ulsriov2", { netdevice: pfName(), vlan: "100" }, "--subnet", "10.231.21.0/24")),
    ).toThrow(/vlan 100 on .* is already used by network [0-9a-f]+: two networks on one PF need different VLANs/);

    d.docker("run", "-d", "--name", "ulv1", "--network", "ulsriov", d.image, "sleep", "600");
    const inUse = vfs().filter((v) => v.vlan === 100);
    expect(inUse).toHaveLength(1);
    expect(inUse[0]).toMatchObject({ spoofchk: true, trust: false });
    // Without --mac-address, the VF's admin MAC is set to the endpoint's MAC, which the container has.
    expect(d.docker("exec", "ulv1", "ip", "link", "show", "eth0")).toContain(`link/ether ${inUse[0]?.mac}`);
    expect(d.docker("exec", "ulv1", "ip", "addr", "show", "eth0")).toMatch(/inet 10\.231\.20\.\d+\/24/);

    const wanted = new Sysfs().readPf(pfName()).vfs.find((v) => v.index === 2 && v.netdev);
    const mac = wanted?.netdev ? (h.linkGet(wanted.netdev).attrs.address as string) : "";
    d.docker("run", "-d", "--name", "ulv2", "--network", "ulsriov", "--mac-address", mac, d.image, "sleep", "600");
    expect(vfs()[2]).toMatchObject({ vlan: 100 });
    expect(d.docker("exec", "ulv2", "ip", "link", "show", "eth0")).toContain(`link/ether ${mac}`);

    d.docker("rm", "-f", "ulv1", "ulv2");
    expect(vfs()).toEqual(before);
    expect(new Sysfs().readPf(pfName()).vfs.every((v) => v.netdev)).toBe(true);
    d.docker("network", "rm", "ulsriov");
    expect(new Sysfs().readPf(pfName()).numVfs).toBe(0); // we enabled it, so we disable it
  }, 300_000);

  it("[guest] two names of one process share the PF: distinct VFs, one VLAN rule, and one name's last network leaves SR-IOV on under the other's container", () => {
    d.docker(
      ...networkCreateArgs(
        "ulsr2",
        "ulsrb",
        { mode: "sriov", netdevice: pfName(), vlan: "200", numvfs: "4" },
        "--subnet",
        "10.231.23.0/24",
      ),
    );
    d.docker(...networkCreateArgs("sriov", "ulsra", { netdevice: pfName(), vlan: "100" }, "--subnet", "10.231.22.0/24"));
    expect(() =>
      d.docker(
        ...networkCreateArgs("ulsr2", "ulsrc", { mode: "sriov", netdevice: pfName(), vlan: "100" }, "--subnet", "10.231.24.0/24"),
      ),
    ).toThrow(/vlan 100 on .* is already used by network/);
    // A VF netdev of a PF the pool hands out is no one else's: not whole (passthrough), not as a parent.
    const vf0 = new Sysfs().readPf(pfName()).vfs[0]?.netdev as string;
    expect(() =>
      d.docker(...networkCreateArgs("ulsr2", "ulsrd", { mode: "passthrough", netdevice: vf0 }, "--subnet", "10.231.25.0/24")),
    ).toThrow(new RegExp(`netdevice ${vf0} is a VF of ${pfName()}, whose VFs sriov network [0-9a-f]+ hands out`));
    expect(() => d.docker(...networkCreateArgs("ulsr2", "ulsre", { parent: vf0 }, "--subnet", "10.231.26.0/24"))).toThrow(
      /is a VF of .*, whose VFs sriov network [0-9a-f]+ hands out/,
    );
    d.docker("run", "-d", "--name", "ulv3", "--network", "ulsra", d.image, "sleep", "600");
    d.docker("run", "-d", "--name", "ulv4", "--network", "ulsrb", d.image, "sleep", "600");
    expect(
      vfs()
        .map((v) => v.vlan)
        .filter(Boolean)
        .sort(),
    ).toEqual([100, 200]);
    d.docker("rm", "-f", "ulv4");
    d.docker("network", "rm", "ulsrb"); // the alias's last network; the other name's container runs on
    expect(new Sysfs().readPf(pfName()).numVfs).toBe(4);
    expect(d.docker("exec", "ulv3", "ip", "addr", "show", "eth0")).toMatch(/inet 10\.231\.22\.\d+\/24/);
  }, 300_000);

  it("[guest] a container removed while the plugin was down: its VF is restored and freed at the restart", async () => {
    const held = () => vfs().filter((v) => v.vlan === 100).length;
    expect(held()).toBe(1);
    await plugin.stop("SIGKILL");
    d.docker("rm", "-f", "ulv3"); // Docker forgets the endpoint: Leave and DeleteEndpoint fail
    // Back after a while: no Join can still be on its way (--join-grace 0 says so; default 60 s).
    plugin = await startPlugin("sriov", stateDir, ["--alias", "ulsr2", "--join-grace", "0"]);
    expect(held()).toBe(0);
    d.docker("network", "rm", "ulsra");
    expect(new Sysfs().readPf(pfName()).numVfs).toBe(0);
  }, 300_000);
});
