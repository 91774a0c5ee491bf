// The managed plugin as people get it (issue 11 §1), against REAL dockerds and a REAL registry:
// scripts/plugin/build, `docker plugin create` + `push` of two versions to docker-registry on
// 127.0.0.1, then on a fresh dockerd that has never seen them `docker plugin install` from the
// registry; containers on its network; the host's CLI reading the state the plugin keeps on the host
// (a mount); `docker plugin upgrade` under running containers; `rm` + `install` again; and
// `docker plugin set` of the log level and an alias.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle } from "@underlay/netlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DockerSuite, dockerSuite } from "./support/docker-suite.js";
import { missingDocker, type PrivateDocker, startDockerd } from "./support/dockerd.mjs";
import { missingCli } from "./support/plugin-process.js";
import { quietly } from "./support/quietly.js";
import { missingRegistry, type Registry, startRegistry } from "./support/registry.js";

const why = missingDocker() ?? missingCli() ?? missingRegistry();
const tag = process.pid.toString(36);
const REPO = join(import.meta.dirname, "../../..");
const CLI = join(REPO, "packages/cli/dist/main.js");
const [parent, peer, ptA, ptB] = ["a", "b", "c", "d"].map((x) => `ulr${tag}${x}`) as [string, string, string, string];
const alias = `ulpt${tag}`;

let registry: Registry;
let d: PrivateDocker;
let s: DockerSuite;
let work: string;
let v1: string;
let v2: string;
/** Where the plugin keeps its records: underlay/ in the folder mounted as its /var/lib. */
const stateDir = () => join(work, "underlay");

const plugin = "underlay";
/** dockerd 20.10 registers a managed network plugin under its full name: `-d underlay` alone is not found. */
const driver = `${plugin}:latest`;
/** The host paths the plugin mounts: its records, the aliases' socket folder, this dockerd's netns folder. */
let settings: string[];
/** The host-side names of every endpoint this file made (ul + 12 of its ID): none may stay in the host netns. */
const made = new Set<string>();
const run = (name: string, net: string) => {
  s.run(name, net);
  const id = JSON.parse(d.docker("inspect", name))[0].NetworkSettings.Networks[net].EndpointID as string;
  made.add(`ul${id.slice(0, 12)}`);
  return name;
};
const leftovers = () => s.hostLinks().filter((n) => made.has(n ?? ""));
const pluginId = () => d.docker("plugin", "inspect", "-f", "{{.Id}}", plugin).trim();
const status = (...args: string[]) =>
  JSON.parse(execFileSync(process.execPath, [CLI, "-j", "driver", "status", ...args], { encoding: "utf8" }));
const pings = (from: string, to: string) => s.inside(from, "ping", "-c", "1", "-W", "3", to);
const install = (ref: string) => d.docker("plugin", "install", "--grant-all-permissions", "--alias", plugin, ref, ...settings);

/** Builds the plugin folder once and pushes it twice (two versions) from a throwaway dockerd. */
async function publish(): Promise<void> {
  const dir = join(work, "plugin");
  execFileSync(join(REPO, "scripts/plugin/build"), [dir], { stdio: "ignore" });
  const builder = await startDockerd();
  try {
    for (const [ref, revision] of [
      [v1, "1"],
      [v2, "2"],
    ] as const) {
      writeFileSync(join(dir, "rootfs/underlay/REVISION"), revision); // two versions, two digests
      builder.docker("plugin", "create", ref, dir);
      builder.docker("plugin", "push", ref);
    }
  } finally {
    await builder.stop(); // its data root goes with it: the next dockerd has never seen the plugin
  }
}

describe.skipIf(why !== undefined)(`managed plugin from a registry${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "ulinst-"));
    registry = await startRegistry();
    [v1, v2] = [`${registry.address}/underlay:0.1.0`, `${registry.address}/underlay:0.1.1`];
    await publish();
    d = await startDockerd();
    s = dockerSuite(d);
    // This dockerd's exec root (its sandboxes are in netns/ there), and a stand-in for /var/lib.
    settings = [`state.source=${work}`, `exec-root.source=${d.execRoot}`];
    s.host.linkAdd({ name: parent, kind: "veth", peer: { name: peer }, up: true });
    s.host.linkSetUp(peer);
    s.host.linkAdd({ name: ptA, kind: "veth", peer: { name: ptB } });
  }, 300_000);

  afterAll(async () => {
    s?.cleanup();
    for (const args of [
      ["plugin", "disable", "-f", plugin],
      ["plugin", "rm", "-f", plugin],
    ])
      quietly(() => d.docker(...args));
    await d?.stop();
    await registry?.stop();
    // The suite's handle is closed by now: a handle of its own (deleting a veth end deletes its peer).
    const host = new Handle();
    for (const link of [parent, ptA]) quietly(() => host.linkDel(link));
    host.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 180_000);

  const net = `ulrn${tag}`;
  const [c1, c2, c3, c4] = [1, 2, 3, 4].map((i) => `ulrc${i}${tag}`) as [string, string, string, string];

  it("installed from the registry on a fresh dockerd: a network, two containers that ping each other", () => {
    const start = Date.now();
    install(v1);
    s.networkOn(driver, net, { parent }, "--subnet", "10.231.21.0/24");
    run(c1, net);
    run(c2, net);
    expect(pings(c1, c2)).toMatch(/1 packets received/);
    console.log(`docker plugin install → two containers pinging: ${Date.now() - start} ms`);
    expect(JSON.parse(d.docker("plugin", "inspect", plugin))[0]).toMatchObject({ Enabled: true, PluginReference: v1 });
    expect(leftovers()).toEqual([]); // both links are inside the containers
  }, 180_000);

  it("the host's CLI sees its networks and endpoints: live on the plugin's socket, and from the state on the host", () => {
    const socket = `/run/docker/plugins/${pluginId()}/underlay.sock`;
    for (const st of [status("--socket", socket), status("--state-dir", stateDir(), "--socket", "/nonexistent")]) {
      expect(st.networks).toHaveLength(1);
      expect(st.networks[0].options.parent).toBe(parent);
      expect(st.endpoints).toHaveLength(2);
    }
    expect(status("--socket", socket).running).toBe(true);
  }, 60_000);

  it("docker plugin upgrade under running containers: they keep their NICs, the network takes new ones", () => {
    const macBefore = s.inside(c1, "cat", "/sys/class/net/eth0/address");
    d.docker("plugin", "disable", "-f", plugin);
    d.docker("plugin", "upgrade", "--grant-all-permissions", "--skip-remote-check", plugin, v2); // another tag: no prompt
    // An upgrade resets the settings to the new version's defaults (as on a real host: /var/lib…).
    d.docker("plugin", "set", plugin, ...settings);
    d.docker("plugin", "enable", plugin);
    const inspect = JSON.parse(d.docker("plugin", "inspect", plugin))[0];
    expect(inspect.PluginReference).toBe(v2);
    expect(s.inside(c1, "cat", "/sys/class/net/eth0/address")).toBe(macBefore);
    expect(pings(c1, c2)).toMatch(/1 packets received/);
    run(c3, net);
    expect(pings(c3, c1)).toMatch(/1 packets received/);
    s.rm(c1);
    expect(status("--state-dir", stateDir(), "--socket", "/nonexistent").endpoints).toHaveLength(2);
    expect(leftovers()).toEqual([]);
  }, 180_000);

  it("docker plugin rm + install: the network is still known, old endpoints are released", () => {
    d.docker("plugin", "disable", "-f", plugin);
    d.docker("plugin", "rm", "-f", plugin);
    install(v2);
    run(c4, net);
    expect(pings(c4, c2)).toMatch(/1 packets received/);
    s.rm(c2, c3, c4);
    s.rmNetwork(net);
    const st = status("--state-dir", stateDir(), "--socket", "/nonexistent");
    expect([st.networks, st.endpoints]).toEqual([[], []]);
    expect(leftovers()).toEqual([]);
  }, 180_000);

  it("docker plugin set: the log level, and an alias NAME=MODE served on a legacy socket (-d NAME)", () => {
    const logged = () => readFileSync(d.log, "utf8");
    const debugBefore = (logged().match(/\\"level\\":20/g) ?? []).length;
    d.docker("plugin", "disable", plugin);
    d.docker("plugin", "set", plugin, "UNDERLAY_LOG_LEVEL=debug", `UNDERLAY_ALIASES=${alias}=passthrough`);
    d.docker("plugin", "enable", plugin);
    const mac = s.host.linkGet(ptA).attrs.address;
    const pt = s.networkOn(alias, `ulrp${tag}`, { parent: ptA }, "--subnet", "10.231.22.0/24");
    const c = run(`ulrpc${tag}`, pt);
    // passthrough: the container holds the whole ptA (a veth end), under Docker's name.
    expect(s.inside(c, "cat", "/sys/class/net/eth0/address").trim()).toBe(mac);
    expect(s.hostLinks()).not.toContain(ptA);
    s.rm(c);
    s.rmNetwork(pt);
    expect(s.hostLinks()).toContain(ptA);
    expect((logged().match(/\\"level\\":20/g) ?? []).length).toBeGreaterThan(debugBefore);
  }, 180_000);
});
