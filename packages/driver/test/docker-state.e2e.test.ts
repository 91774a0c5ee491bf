// Issue 10 through a REAL dockerd (private, as in docker.e2e.test.ts) and our plugin process
// serving two names (an alias), macvlan/passthrough on veth parents in the host netns:
// §1 a multi-subnet network (the macvlan documentation's example) and --internal on a parent;
// parentless containers reach each other; §2 the alias shares one view of the host; §4 endpoints
// Docker forgot while the plugin was down are released, and a passthrough NIC serves again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DockerSuite, dockerSuite } from "./support/docker-suite.js";
import { missingDocker, startDockerd } from "./support/dockerd.mjs";
import { missingCli, type PluginProcess, startPlugin } from "./support/plugin-process.js";
import { quietly } from "./support/quietly.js";

const why = missingDocker() ?? missingCli();
const tag = process.pid.toString(36);
const [main, alias] = [`ulx${tag}`, `uly${tag}`];
const [parent, peer, pt, ptPeer] = [`ulr${tag}a`, `ulr${tag}b`, `ulr${tag}c`, `ulr${tag}d`];

let s: DockerSuite;
let plugin: PluginProcess;
let stateDir: string;
const startOurs = () => startPlugin(main, stateDir, ["--alias", alias]);
const ours = () => s.hostLinks().filter((n) => /^ul[-0-9a-f]/.test(n ?? "") && !n?.startsWith(`ulr${tag}`));
const defaultRoute = (c: string, six = false) =>
  s.inside(c, "ip", ...(six ? ["-6"] : []), "route").match(/^default via (\S+)/m)?.[1];

describe.skipIf(why !== undefined)(`docker e2e: the state model${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    plugin = await startOurs();
    s = dockerSuite(await startDockerd());
    s.host.linkAdd({ name: parent, kind: "veth", peer: { name: peer }, up: true });
    s.host.linkSetUp(peer);
  }, 120_000);

  afterAll(async () => {
    for (const link of [parent, pt]) quietly(() => s.host.linkDel(link));
    s?.cleanup();
    await s?.d.stop();
    await plugin?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it("§1 several subnets: each container's default route is its own subnet's gateway, IPv4 and IPv6", () => {
    const net = s.networkOn(
      main,
      `ulms${tag}`,
      { parent },
      "--ipv6",
      "--subnet=192.168.216.0/24",
      "--subnet=192.168.218.0/24",
      "--gateway=192.168.216.1",
      "--gateway=192.168.218.1",
      "--subnet=fd00:216::/64",
      "--subnet=fd00:218::/64",
      "--gateway=fd00:216::1",
      "--gateway=fd00:218::1",
    );
    const a = s.run(`ulmsa${tag}`, net, "--ip", "192.168.218.10", "--ip6", "fd00:218::10");
    const b = s.run(`ulmsb${tag}`, net, "--ip", "192.168.216.10", "--ip6", "fd00:216::10");
    expect([defaultRoute(a), defaultRoute(a, true)]).toEqual(["192.168.218.1", "fd00:218::1"]);
    expect([defaultRoute(b), defaultRoute(b, true)]).toEqual(["192.168.216.1", "fd00:216::1"]);
    s.rm(a, b);
    s.rmNetwork(net);
  }, 120_000);

  it("§1 --internal on a parent: no gateway, the containers on that parent (no isolated link), and they reach each other", () => {
    const before = ours();
    const net = s.networkOn(main, `ulin${tag}`, { parent }, "--internal", "--subnet", "10.232.1.0/24");
    expect(ours()).toEqual(before);
    const [a, b] = [s.run(`ulina${tag}`, net), s.run(`ulinb${tag}`, net)];
    expect(defaultRoute(a)).toBeUndefined();
    expect(s.inside(a, "ping", "-c", "1", "-W", "3", b)).toMatch(/1 packets received/);
    s.rm(a, b);
    s.rmNetwork(net);
  }, 120_000);

  it("§1 a network without a parent: its containers reach each other (the isolated parent has carrier)", () => {
    const net = s.networkOn(main, `ulnp${tag}`, {}, "--subnet", "10.232.2.0/24");
    const [a, b] = [s.run(`ulnpa${tag}`, net), s.run(`ulnpb${tag}`, net)];
    expect(s.inside(a, "ping", "-c", "1", "-W", "3", b)).toMatch(/1 packets received/);
    s.rm(a, b);
    s.rmNetwork(net);
    expect(ours()).toEqual([]);
  }, 120_000);

  it("§2 the alias sees the other name's networks: no ipvlan or passthrough on a parent in use", () => {
    const net = s.networkOn(main, `ulal${tag}`, { parent, macvlan_mode: "passthru" }, "--subnet", "10.232.3.0/24");
    expect(() => s.networkOn(alias, `ulal2${tag}`, { parent }, "--subnet", "10.232.4.0/24")).toThrow(
      /macvlan network [0-9a-f]{64} is already using parent interface .* in mode passthru/,
    );
    expect(() => s.networkOn(alias, `ulal3${tag}`, { mode: "passthrough", netdevice: parent, force: "1" })).toThrow(
      /is the parent of macvlan network [0-9a-f]{64}: it cannot also be handed over whole/,
    );
    s.rmNetwork(net);
  }, 60_000);

  it("§4 containers removed while the plugin was down: released at its restart, and the passthrough NIC serves the next container", async () => {
    s.host.linkAdd({ name: pt, kind: "veth", peer: { name: ptPeer }, address: "02:00:00:00:7e:02" });
    const mv = s.networkOn(main, `ulfg${tag}`, { parent }, "--subnet", "10.232.5.0/24");
    const ptNet = s.networkOn(alias, `ulfp${tag}`, { mode: "passthrough", netdevice: pt }, "--subnet", "10.232.6.0/24");
    const a = s.run(`ulfga${tag}`, mv);
    const p = s.run(`ulfpa${tag}`, ptNet, "--cap-add", "NET_ADMIN");
    s.inside(p, "ip", "link", "set", "eth0", "address", "02:42:0a:e8:06:09");
    await plugin.stop("SIGKILL");
    s.rm(a, p); // Docker's Leave and DeleteEndpoint fail: it forgets the endpoints
    // Back after a while: no Join can still be on its way (--join-grace 0 says so; default 60 s).
    plugin = await startPlugin(main, stateDir, ["--alias", alias, "--join-grace", "0"]);
    expect(ours()).toEqual([]); // the macvlan link Docker moved back is gone
    expect(s.host.linkGet(pt).attrs.address).toBe("02:00:00:00:7e:02");
    const p2 = s.run(`ulfpb${tag}`, ptNet); // today: "already has endpoint …" for good
    expect(s.inside(p2, "ip", "link", "show", "eth0")).toContain("link/ether 02:00:00:00:7e:02");
    s.rm(p2);
    s.rmNetwork(ptNet);
    s.rmNetwork(mv);
  }, 180_000);
});
