// ipvlan l2/l3 and an 802.1Q parent through a REAL dockerd running inside the guest rig (this
// host's kernel has neither ipvlan nor 8021q); skipped elsewhere with the reason.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle } from "@underlay/netlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingKind } from "../../netlink/test/support/live.js";
import { missingDocker, networkCreateArgs, type PrivateDocker, startDockerd } from "./support/dockerd.mjs";
import { missingCli, type PluginProcess, startPlugin } from "./support/plugin-process.js";
import { quietly } from "./support/quietly.js";

const why = missingKind("ipvlan") ?? missingKind("vlan") ?? missingDocker() ?? missingCli();

describe.skipIf(why !== undefined)(`[guest] docker e2e: ipvlan and 802.1Q parents${why ? ` (skipped: ${why})` : ""}`, () => {
  let d: PrivateDocker;
  let plugin: PluginProcess;
  let stateDir: string;
  let host: Handle;
  const made: string[] = [];

  beforeAll(async () => {
    host = new Handle();
    for (const p of ["ulg0", "ulg1"]) {
      host.linkAdd({ name: p, kind: "veth", peer: { name: `${p}p` }, up: true });
      host.linkSetUp(`${p}p`);
    }
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    plugin = await startPlugin("underlay", stateDir);
    d = await startDockerd();
  }, 180_000);
  afterAll(async () => {
    for (const c of made) {
      quietly(() => d?.docker("rm", "-f", c));
    }
    for (const n of ["ulipl2", "ulipl3", "ulvlan"]) {
      quietly(() => d?.docker("network", "rm", n));
    }
    await d?.stop();
    await plugin?.stop();
    for (const p of ["ulg0", "ulg1"]) {
      quietly(() => host.linkDel(p));
    }
    host?.close();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  const run = (name: string, net: string) => {
    made.push(name);
    d.docker("run", "-d", "--name", name, "--network", net, d.image, "sleep", "600");
    return name;
  };

  it("[guest] ipvlan l2: two containers ping each other, sharing the parent's MAC, with the IPAM gateway", () => {
    d.docker(
      ...networkCreateArgs(
        "underlay",
        "ulipl2",
        { mode: "ipvlan", parent: "ulg0" },
        "--subnet",
        "10.231.30.0/24",
        "--gateway",
        "10.231.30.1",
      ),
    );
    const [a, b] = [run("ulia", "ulipl2"), run("ulib", "ulipl2")];
    // By address: Docker's embedded DNS needs NAT modules this guest loads only on demand.
    const ip = JSON.parse(d.docker("inspect", b))[0].NetworkSettings.Networks.ulipl2.IPAddress;
    expect(d.docker("exec", a, "ping", "-c", "1", "-W", "5", ip)).toMatch(/1 packets received/);
    expect(d.docker("exec", a, "ip", "link", "show", "eth0")).toContain(`link/ether ${host.linkGet("ulg0").attrs.address}`);
    expect(d.docker("exec", a, "ip", "route")).toMatch(/^default via 10\.231\.30\.1 dev eth0/m);
  }, 180_000);

  it("[guest] ipvlan l3: a connected default route and no gateway", () => {
    d.docker(
      ...networkCreateArgs(
        "underlay",
        "ulipl3",
        { mode: "ipvlan", ipvlan_mode: "l3", parent: "ulg1" },
        "--subnet",
        "10.231.31.0/24",
      ),
    );
    const c = run("ulic", "ulipl3");
    expect(d.docker("exec", c, "ip", "route")).toMatch(/^default dev eth0/m);
    expect(d.docker("exec", c, "ip", "-o", "link").split("\n").filter(Boolean)).toHaveLength(2);
  }, 120_000);

  it("[guest] parent ulg0.50 is created as an 802.1Q sub-interface for the network, and deleted with it", () => {
    d.docker("network", "create", "-d", "underlay", "-o", "parent=ulg0.50", "--subnet", "10.231.32.0/24", "ulvlan");
    expect(host.linkGet("ulg0.50").attrs.linkinfo).toMatchObject({ kind: "vlan", data: { id: 50 } });
    const c = run("ulvc", "ulvlan");
    expect(d.docker("exec", c, "ip", "addr", "show", "eth0")).toMatch(/inet 10\.231\.32\.\d+\/24/);
    d.docker("rm", "-f", c);
    d.docker("network", "rm", "ulvlan");
    expect(() => host.linkGet("ulg0.50")).toThrow(expect.objectContaining({ code: "ENODEV" }));
  }, 120_000);
});
