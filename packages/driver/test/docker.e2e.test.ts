// End to end against a REAL dockerd (private: its own socket and data root, no iptables) with our
// driver as a legacy plugin process: mode=macvlan on veth parents in the host netns, and
// mode=passthrough of a veth end. Containers
// ping each other by name; addresses, MACs, routes and MTU are read inside the containers; the
// plugin and dockerd are restarted under running containers; 30 containers start at once; and
// nothing may be left behind in the host netns.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Handle } from "@underlay/netlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DockerSuite, dockerSuite } from "./support/docker-suite.js";
import { missingDocker, type PrivateDocker, startDockerd } from "./support/dockerd.mjs";
import { missingCli, type PluginProcess, startPlugin } from "./support/plugin-process.js";
import { quietly } from "./support/quietly.js";

const why = missingDocker() ?? missingCli();
const tag = process.pid.toString(36);
const driverName = `ult${tag}`;
const parent = `ulp${tag}a`;
const peer = `ulp${tag}b`;

let s: DockerSuite;
let d: PrivateDocker;
let plugin: PluginProcess;
let host: Handle;
let stateDir: string;

const ours = () => s.hostLinks().filter((n) => /^ul[0-9a-f]{12}$/.test(n ?? ""));
const hostLinks = () => s.hostLinks();
type Options = Record<string, string>;
const networkOn = (driver: string, name: string, options: Options, ...args: string[]) =>
  s.networkOn(driver, name, options, ...args);
const network = (name: string, options: Options, ...args: string[]) => networkOn(driverName, name, options, ...args);
const run = (name: string, net: string, ...args: string[]) => s.run(name, net, ...args);
const rm = (...names: string[]) => s.rm(...names);
const inside = (c: string, ...cmd: string[]) => s.inside(c, ...cmd);

const ptA = `ulq${tag}a`;

describe.skipIf(why !== undefined)(`docker e2e${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    plugin = await startPlugin(driverName, stateDir);
    d = await startDockerd();
    s = dockerSuite(d);
    host = s.host;
    host.linkAdd({ name: parent, kind: "veth", peer: { name: peer }, up: true });
    host.linkSetUp(peer);
  }, 120_000);

  afterAll(async () => {
    for (const link of [parent, ptA]) quietly(() => host.linkDel(link));
    s?.cleanup();
    await d?.stop();
    await plugin?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  describe("basics", () => {
    const net = `ulnet${tag}`;
    const [c1, c2] = [`ulc1${tag}`, `ulc2${tag}`];
    it("two containers on an underlay macvlan network ping each other by name", () => {
      const before = hostLinks();
      network(net, { parent, "com.docker.network.driver.mtu": "1400" }, "--subnet", "10.231.7.0/24", "--gateway", "10.231.7.1");
      run(c1, net);
      run(c2, net, "--ip", "10.231.7.77");
      expect(inside(c1, "ping", "-c", "2", "-W", "3", c2)).toMatch(/2 packets transmitted, 2 packets received/);
      expect(hostLinks()).toEqual(before);
    }, 120_000);

    it("inside: the address (--ip too), MAC, MTU and default route, and no second NIC", () => {
      const inspect = JSON.parse(d.docker("inspect", c1))[0].NetworkSettings.Networks[net];
      const addr = inside(c1, "ip", "addr", "show", "eth0");
      expect(addr).toContain(`inet ${inspect.IPAddress}/24`);
      expect(addr).toContain(`link/ether ${inspect.MacAddress}`);
      expect(addr).toMatch(/mtu 1400/);
      expect(inside(c2, "ip", "addr", "show", "eth0")).toContain("inet 10.231.7.77/24");
      expect(inside(c1, "ip", "route")).toMatch(/^default via 10\.231\.7\.1 dev eth0/m);
      const links = inside(c1, "ip", "-o", "link")
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(": ")[1]?.split("@")[0]);
      expect(links).toEqual(["lo", "eth0"]);
    });

    it("removing containers and the network leaves no link of ours, and the parent", () => {
      rm(c1, c2);
      s.rmNetwork(net);
      expect(ours()).toEqual([]);
      expect(host.linkGet(parent).attrs.ifname).toBe(parent);
    });
  });

  describe("IPAM features pass through", () => {
    it("--ip-range, --aux-address, dual stack and --internal", () => {
      const net = network(
        `ulipam${tag}`,
        { parent },
        "--internal",
        "--ipv6",
        "--subnet",
        "10.231.8.0/24",
        "--ip-range",
        "10.231.8.128/25",
        "--aux-address",
        "router=10.231.8.129",
        "--subnet",
        "fd00:231:8::/64",
      );
      const c = run(`ulipam${tag}`, net, "--ip6", "fd00:231:8::99");
      const addr = inside(c, "ip", "addr", "show", "eth0");
      expect(addr).toContain("inet6 fd00:231:8::99/64");
      const v4 = addr.match(/inet (10\.231\.8\.(\d+))\/24/);
      expect(Number(v4?.[2])).toBeGreaterThan(129); // inside the range, and not the aux address
      expect(inside(c, "ip", "route")).not.toMatch(/^default/m); // internal: no gateway
      expect(inside(c, "ip", "-o", "link")).not.toContain("eth1"); // and no docker_gwbridge
      rm(c);
    }, 60_000);

    it("an overlapping subnet is refused (by Docker's IPAM, as with the builtin driver)", () => {
      network(`ulov1${tag}`, { parent }, "--subnet", "10.231.9.0/24");
      expect(() => network(`ulov2${tag}`, { parent }, "--subnet", "10.231.9.0/25")).toThrow(/overlaps/);
    });

    it("a bad option is refused at create with the allowed values", () => {
      expect(() => network(`ulbad${tag}`, { parent, macvlan_mode: "fast" }, "--subnet", "10.231.10.0/24")).toThrow(
        'invalid macvlan_mode "fast": allowed values are bridge, vepa, private, passthru',
      );
    });
  });

  describe("restarts", () => {
    it("kill -9 of the plugin under running containers, restart, then stop and start containers: nothing leaks", async () => {
      const before = hostLinks();
      const net = network(`ulrs${tag}`, { parent }, "--subnet", "10.231.11.0/24");
      const a = run(`ulrsa${tag}`, net);
      await plugin.stop("SIGKILL");
      plugin = await startPlugin(driverName, stateDir);
      const b = run(`ulrsb${tag}`, net);
      expect(inside(a, "ping", "-c", "1", "-W", "3", b)).toMatch(/1 packets received/);
      rm(a, b);
      expect(hostLinks()).toEqual(before);
    }, 120_000);

    it("a dockerd restart under a running container, then more containers on the same network", async () => {
      const before = hostLinks();
      const net = network(`ulrd${tag}`, { parent }, "--subnet", "10.231.12.0/24");
      run(`ulrda${tag}`, net);
      await d.restart();
      d.docker("start", `ulrda${tag}`);
      const b = run(`ulrdb${tag}`, net);
      expect(inside(b, "ping", "-c", "1", "-W", "3", `ulrda${tag}`)).toMatch(/1 packets received/);
      rm(`ulrda${tag}`, b);
      expect(hostLinks()).toEqual(before);
    }, 180_000);
  });

  describe("mode=passthrough", () => {
    it("a veth end goes into one container and comes back with its name and MAC", () => {
      host.linkAdd({ name: ptA, kind: "veth", peer: { name: `ulq${tag}b` }, address: "02:00:00:00:7e:01" });
      const net = network(`ulpt${tag}`, { mode: "passthrough", netdevice: ptA }, "--subnet", "10.231.14.0/24");
      const c = run(`ulpt${tag}`, net, "--cap-add", "NET_ADMIN");
      expect(inside(c, "ip", "addr", "show", "eth0")).toMatch(/link\/ether 02:00:00:00:7e:01[\s\S]*inet 10\.231\.14\.\d+\/24/);
      // The container changes its MAC (the CLI here cannot pass --mac-address to a 1.41 daemon).
      inside(c, "ip", "link", "set", "eth0", "address", "02:42:0a:e7:0e:09");
      expect(inside(c, "ip", "link", "show", "eth0")).toContain("link/ether 02:42:0a:e7:0e:09");
      expect(() => host.linkGet(ptA)).toThrow(expect.objectContaining({ code: "ENODEV" }));
      expect(() => run(`ulpt2${tag}`, net)).toThrow(
        /already has endpoint [0-9a-f]+: its netdevice .* is in use by another container/,
      );
      rm(c, `ulpt2${tag}`);
      expect(host.linkGet(ptA).attrs.address).toBe("02:00:00:00:7e:01");
    }, 60_000);
  });

  describe("managed (v2) plugin", () => {
    const plugin2 = `ulmp${tag}`;
    const dir = join(tmpdir(), `ulplugin-${tag}`);
    afterAll(() => {
      for (const args of [
        ["plugin", "disable", "-f", plugin2],
        ["plugin", "rm", "-f", plugin2],
      ]) {
        quietly(() => d.docker(...args));
      }
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it("scripts/plugin/build, docker plugin create/set/enable (the tarball's way), and the basic macvlan scenario through it", () => {
      execFileSync(join(import.meta.dirname, "../../../scripts/plugin/build"), [dir], { stdio: "ignore" });
      d.docker("plugin", "create", plugin2, dir);
      // Its records in this test's state folder, not the host's /var/lib; this dockerd's exec root.
      d.docker("plugin", "set", plugin2, `state.source=${stateDir}`, `exec-root.source=${d.execRoot}`);
      d.docker("plugin", "enable", plugin2);
      const before = hostLinks();
      const net = networkOn(`${plugin2}:latest`, `ulmpn${tag}`, { parent }, "--subnet", "10.231.15.0/24");
      const [a, b] = [run(`ulmpa${tag}`, net), run(`ulmpb${tag}`, net)];
      expect(inside(a, "ping", "-c", "1", "-W", "3", b)).toMatch(/1 packets received/);
      expect(inside(a, "ip", "-o", "link").split("\n").filter(Boolean)).toHaveLength(2);
      rm(a, b);
      s.rmNetwork(net);
      expect(hostLinks()).toEqual(before);
    }, 180_000);
  });

  describe("load", () => {
    it("30 containers started in parallel on one network, then all removed: no leaked links", async () => {
      const before = hostLinks();
      const net = network(`ulld${tag}`, { parent }, "--subnet", "10.231.13.0/24");
      const names = Array.from({ length: 30 }, (_, i) => `ulld${i}${tag}`);
      await Promise.all(names.map((n) => d.dockerAsync("run", "-d", "--name", n, "--network", net, d.image, "sleep", "600")));
      const ips = new Set(names.map((n) => JSON.parse(d.docker("inspect", n))[0].NetworkSettings.Networks[net].IPAddress));
      expect(ips.size).toBe(30);
      s.rm(...names);
      expect(hostLinks()).toEqual(before);
    }, 300_000);
  });
});
