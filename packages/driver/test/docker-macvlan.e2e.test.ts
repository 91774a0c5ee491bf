// End to end against a REAL dockerd (private: its own socket and data root, no iptables) with our
// driver as a legacy plugin: mode=macvlan on a veth parent in the host netns, two busybox
// containers that ping each other by name, their addresses, MAC, routes and MTU read inside the
// containers, and nothing left behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle } from "@underlay/netlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingDocker, type PrivateDocker, startDockerd } from "./support/dockerd.js";
import { missingCli, type PluginProcess, startPlugin } from "./support/plugin-process.js";

const why = missingDocker() ?? missingCli();
const tag = process.pid.toString(36);
const driverName = `ult${tag}`;
const parent = `ulp${tag}a`;
const peer = `ulp${tag}b`;
const subnet = "10.231.7.0/24";

describe.skipIf(why !== undefined)(`docker e2e: mode=macvlan${why ? ` (skipped: ${why})` : ""}`, () => {
  let d: PrivateDocker;
  let plugin: PluginProcess;
  let host: Handle;
  let stateDir: string;
  const net = `ulnet${tag}`;
  const c1 = `ulc1${tag}`;
  const c2 = `ulc2${tag}`;
  const ours = () =>
    host
      .linkList()
      .filter((l) => /^ul[0-9a-f]{12}$/.test(l.attrs.ifname ?? ""))
      .map((l) => l.attrs.ifname);

  beforeAll(async () => {
    host = new Handle();
    host.linkAdd({ name: parent, kind: "veth", peer: { name: peer }, up: true });
    host.linkSetUp(peer);
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    plugin = await startPlugin(driverName, stateDir);
    d = await startDockerd();
  }, 120_000);

  afterAll(async () => {
    for (const c of [c1, c2]) {
      try {
        d?.docker("rm", "-f", c);
      } catch {}
    }
    try {
      d?.docker("network", "rm", net);
    } catch {}
    await d?.stop();
    await plugin?.stop();
    try {
      host.linkDel(parent);
    } catch {}
    host?.close();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it("two containers on an underlay macvlan network ping each other by name", () => {
    d.docker(
      "network",
      "create",
      "-d",
      driverName,
      "-o",
      `parent=${parent}`,
      "-o",
      "macvlan_mode=bridge",
      "-o",
      "com.docker.network.driver.mtu=1400",
      "--subnet",
      subnet,
      "--gateway",
      "10.231.7.1",
      net,
    );
    for (const c of [c1, c2]) d.docker("run", "-d", "--name", c, "--network", net, d.image, "sleep", "600");
    const out = d.docker("exec", c1, "ping", "-c", "2", "-W", "3", c2);
    expect(out).toMatch(/2 packets transmitted, 2 packets received/);
  }, 120_000);

  it("inside the container: the address, MAC, MTU and default route Docker asked for, and no second NIC", () => {
    const inspect = JSON.parse(d.docker("inspect", c1))[0].NetworkSettings.Networks[net];
    const addr = d.docker("exec", c1, "ip", "addr", "show", "eth0");
    expect(addr).toContain(`inet ${inspect.IPAddress}/24`);
    expect(addr).toContain(`link/ether ${inspect.MacAddress}`);
    expect(addr).toMatch(/mtu 1400/);
    expect(d.docker("exec", c1, "ip", "route")).toMatch(/^default via 10\.231\.7\.1 dev eth0/m);
    const links = d
      .docker("exec", c1, "ip", "-o", "link")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(": ")[1]?.split("@")[0]);
    expect(links).toEqual(["lo", "eth0"]);
  });

  it("containers and network removed: no link of ours left in the host netns, the parent untouched", () => {
    for (const c of [c1, c2]) d.docker("rm", "-f", c);
    d.docker("network", "rm", net);
    expect(ours()).toEqual([]);
    expect(host.linkGet(parent).attrs.ifname).toBe(parent);
  });
});
