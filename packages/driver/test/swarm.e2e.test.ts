// A real two-node swarm on one machine (issue 11 §2, §3): two dockerd 20.10 engines, each in a
// network namespace of its own (support/swarm-lab.ts: a control link between them, and the
// underlay parents on one shared segment), the managed plugin built by scripts/plugin/build and
// installed on both, and the documented recipe: a config-only network on each node with that
// node's --ip-range, one swarm network --config-from it. Everything is read back from the
// manager's task records, each node's dockerd, the driver's records and log, and the kernel inside
// the containers; then the worker's dockerd is restarted, its plugin killed, and it leaves and
// rejoins the swarm, and each time the other node's neighbour entry must follow at once.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { missingDocker } from "./support/dockerd.mjs";
import { missingCli } from "./support/plugin-process.js";
import { type SwarmLab, swarmLab } from "./support/swarm-lab.js";
import { DRIVER, type SwarmNode, startNode } from "./support/swarm-node.js";
import { containerOn, eth0Of, inPrefix, runningTasks, type Task, taskRecords, until } from "./support/swarm-tasks.js";

const why = missingDocker() ?? missingCli();
const tag = process.pid.toString(36);
const BUILD = join(import.meta.dirname, "../../../scripts/plugin/build");
const [SUBNET, GATEWAY] = ["10.231.41.0/24", "10.231.41.1"];
const [CFG, NET, NET2] = [`ulcfg${tag}`, `ulnet${tag}`, `ulbad${tag}`];
/** A service spread over both nodes; then one task pinned to each node (the pinger and its target). */
const [SPREAD, PINGER, TARGET, REFUSED] = ["spread", "pinger", "target", "refused"].map((s) => `ul${s}${tag}`) as [
  string,
  string,
  string,
  string,
];
const IMAGE = `ulbb:swarm${tag}`; // one name on both nodes: swarm asks each node for the service's image

let lab: SwarmLab;
let manager: SwarmNode;
let worker: SwarmNode;
let nodes: SwarmNode[];
let pluginDir: string;
let pluginIds: string[] = [];

const sh = promisify(execFile);
const tasks = (service: string) => runningTasks(nodes, service, NET);
const service = (name: string, ...args: string[]) =>
  manager.d.docker(
    "service",
    "create",
    "--detach",
    "--no-resolve-image", // no registry: each node has the image locally
    "--endpoint-mode",
    "dnsrr", // a node-local driver gets no VIP
    "--stop-grace-period",
    "1s", // sleep, as PID 1, ignores SIGTERM: each stop would wait the default 10 s
    "--name",
    name,
    ...args,
    IMAGE,
    "sleep",
    "1d",
  );
const exec = (t: Pick<Task, "node" | "container">, ...cmd: string[]) => t.node.d.docker("exec", t.container, ...cmd);
const ping = (from: Pick<Task, "node" | "container">, ip: string, wait = "2") => exec(from, "ping", "-c", "1", "-W", wait, ip);
/** The neighbour entry of `ip` in a container, read without sending anything (`ip neigh` only reads). */
const neighbour = (t: Task, ip: string) => exec(t, "ip", "neigh", "show", ip).trim();
const parentIndex = (n: SwarmNode) => n.host.h.linkGet(n.host.parent).header.index;
const onePinned = (name: string, node: SwarmNode) =>
  until(`${name}'s task running on the ${node.role}`, 90_000, () => {
    const t = tasks(name);
    return t.length === 1 && t[0]?.node === node && t[0];
  });
/** How many CreateNetwork calls for `id` the node's plugin logged as answered (debug level). */
const createNetworkAnswered = (n: SwarmNode, id: string) =>
  n
    .pluginLog(Number.POSITIVE_INFINITY)
    .split("\n")
    .filter((l) => l.includes('"method":"NetworkDriver.CreateNetwork"') && l.includes(id) && l.includes('"msg":"answered"'))
    .length;
const joinSwarm = () => {
  const token = manager.d.docker("swarm", "join-token", "-q", "worker").trim();
  const at = worker.host.ctlAddr;
  worker.d.docker(
    "swarm",
    "join",
    "--token",
    token,
    "--advertise-addr",
    at,
    "--listen-addr",
    `${at}:2377`,
    `${manager.host.ctlAddr}:2377`,
  );
};

async function teardown(): Promise<void> {
  for (const n of [worker, manager]) await n?.stop();
  lab?.teardown();
  if (pluginDir) rmSync(pluginDir, { recursive: true, force: true });
}

describe.skipIf(why !== undefined)(`two-node swarm with the managed plugin${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    lab = swarmLab(tag);
    pluginDir = mkdtempSync(join(tmpdir(), "ulsw-plugin-"));
    const built = sh(BUILD, [pluginDir]);
    [manager, worker] = await Promise.all([
      startNode(lab.manager, "manager", "10.231.41.0/25"),
      startNode(lab.worker, "worker", "10.231.41.128/25"),
    ]);
    nodes = [manager, worker];
    await built;
    // Before the swarm forms: a node advertises its enabled v2 plugins when it joins.
    await Promise.all(nodes.map((n) => n.installPlugin(pluginDir)));
    pluginIds = nodes.map((n) => n.pluginId as string);
    const at = manager.host.ctlAddr;
    manager.d.docker("swarm", "init", "--advertise-addr", at, "--listen-addr", `${at}:2377`);
    joinSwarm();
    for (const n of nodes) {
      n.d.docker("tag", n.d.image, IMAGE);
      n.d.docker(
        "network",
        "create",
        "--config-only",
        "-o",
        `parent=${n.host.parent}`,
        "--subnet",
        SUBNET,
        "--gateway",
        GATEWAY,
        "--ip-range",
        n.range,
        CFG,
      );
    }
    // DRIVER is underlay:latest: 20.10 registers a v2 plugin's driver under its full name, so a bare
    // `-d underlay` fails there with "could not resolve driver underlay in registry".
    manager.d.docker("network", "create", "-d", DRIVER, "--scope", "swarm", "--attachable", "--config-from", CFG, NET);
  }, 240_000);

  afterAll(teardown, 120_000);

  beforeEach((ctx) => {
    ctx.onTestFailed(() => {
      for (const n of nodes ?? [])
        console.error(`--- ${n.role}'s plugin, the last lines dockerd logged for it:\n${n.pluginLog(40)}`);
    });
  });

  it("the recipe: tasks on both nodes take their node's range and parent, and reach each other over the underlay", async () => {
    service(SPREAD, "--replicas", "4", "--replicas-max-per-node", "2", "--network", NET);
    const all = await until("4 running tasks", 90_000, () => tasks(SPREAD).length === 4 && tasks(SPREAD));
    expect(all.filter((t) => t.node === manager)).toHaveLength(2);
    expect(all.filter((t) => t.node === worker)).toHaveLength(2);
    expect(parentIndex(manager)).not.toBe(parentIndex(worker)); // so IFLA_LINK tells the parents apart
    for (const t of all) {
      const other = t.node === manager ? worker : manager;
      expect(inPrefix(t.ip, t.node.range), `${t.ip} in ${t.node.role}'s ${t.node.range}`).toBe(true);
      const eth0 = eth0Of(t.pid);
      expect(eth0).toMatchObject({ kind: "macvlan", mac: t.mac, cidrs: [`${t.ip}/24`], links: ["eth0", "lo"] });
      expect(eth0.linkNetnsid).toBeDefined(); // the parent is in another netns: the node's
      expect(eth0.parentIndex).toBe(parentIndex(t.node));
      expect(eth0.parentIndex).not.toBe(parentIndex(other));
    }
    for (const m of all.filter((t) => t.node === manager)) {
      for (const w of all.filter((t) => t.node === worker)) {
        expect(ping(m, w.ip)).toMatch(/1 packets received/);
        expect(ping(w, m.ip)).toMatch(/1 packets received/);
      }
    }
    expect(manager.stateNetworks()).toHaveLength(1);
    expect(worker.stateNetworks()).toEqual(manager.stateNetworks()); // the swarm's ID on both nodes
  }, 180_000);

  it("an attachable container on the worker takes the worker's range and reaches a task on the manager", async () => {
    const name = `ulatt${tag}`;
    worker.d.docker("run", "-d", "--name", name, "--network", NET, IMAGE, "sleep", "1d");
    const c = { node: worker, ...containerOn(worker, name, NET) };
    expect(inPrefix(c.ip, worker.range)).toBe(true);
    expect(eth0Of(c.pid)).toMatchObject({ kind: "macvlan", parentIndex: parentIndex(worker) });
    const target = tasks(SPREAD).find((t) => t.node === manager) as Task;
    expect(ping(c, target.ip)).toMatch(/1 packets received/);
    worker.d.docker("rm", "-f", name);
    // Its link is set aside at once and deleted by the next background batch.
    await until("the container's link deleted", 10_000, () => worker.driverLinks().length === 0);
  }, 120_000);

  describe("the worker restarted three ways", () => {
    let pinger: Task;
    let target: Task;
    let links: { manager: string[]; worker: string[] };

    beforeAll(async () => {
      // One task per node from here on, so the worker's task is its range's only one and comes
      // back with the same address: the case where stale neighbour entries hurt.
      manager.d.docker("service", "rm", SPREAD);
      const spread = ["ps", "-aq", "--filter", `label=com.docker.swarm.service.name=${SPREAD}`];
      await until("the spread tasks' containers gone", 60_000, () => nodes.every((n) => !n.d.docker(...spread).trim()));
      service(PINGER, "--constraint", "node.role==manager", "--network", NET);
      service(TARGET, "--constraint", "node.role==worker", "--network", NET);
      [pinger, target] = await Promise.all([onePinned(PINGER, manager), onePinned(TARGET, worker)]);
      links = { manager: manager.links(), worker: worker.links() };
    }, 180_000);

    /**
     * After `restart`: the worker's task is back (a new container: the same address, a new MAC),
     * the pinger's neighbour entry shows the new MAC within 5 s without the pinger sending anything
     * (the driver announced the address), the first ping answers, and neither node's netns holds
     * a link it did not hold before.
     */
    async function restartedAndAnnounced(restart: () => Promise<void>): Promise<Task> {
      expect(ping(pinger, target.ip)).toMatch(/1 packets received/);
      expect(neighbour(pinger, target.ip)).toContain(target.mac);
      await new Promise((r) => setTimeout(r, 1100)); // past the neighbour entry's locktime (1 s)
      await restart();
      const next = await until("the worker's task back in a new container", 120_000, () => {
        const t = tasks(TARGET)[0];
        return t?.node === worker && t.container !== target.container && t;
      });
      const before = target;
      target = next; // the next scenario starts from here, whatever this one finds
      expect(next.ip).toBe(before.ip);
      expect(next.mac).not.toBe(before.mac);
      await until(`the pinger's entry for ${next.ip} to show ${next.mac} (it shows: ${neighbour(pinger, next.ip)})`, 5_000, () =>
        neighbour(pinger, next.ip).includes(next.mac),
      );
      expect(ping(pinger, next.ip, "1")).toMatch(/1 packets received/);
      expect(manager.links()).toEqual(links.manager);
      expect(worker.links()).toEqual(links.worker);
      return next;
    }

    it("dockerd restarted under a running task: CreateNetwork again for the swarm ID, answered; the task back and announced", async () => {
      const [netId] = worker.stateNetworks() as [string];
      const oldPlugin = worker.pluginPid();
      const answered = () => createNetworkAnswered(worker, netId);
      const before = answered();
      await restartedAndAnnounced(() => worker.d.restart());
      // dockerd stopped and started its plugin; the new process, with the network in its records,
      // got CreateNetwork for the same swarm ID again and answered it (the log line is written on
      // success only); still one record, the same.
      expect(worker.pluginPid()).not.toBe(oldPlugin);
      expect(answered()).toBe(before + 1);
      expect(worker.stateNetworks()).toEqual([netId]);
      expect(worker.pluginLog(Number.POSITIVE_INFINITY)).not.toMatch(/"level":50/);
    }, 240_000);

    it("the plugin killed (SIGKILL): dockerd starts it again; the running task stays reachable and a new container works", async () => {
      const old = worker.pluginPid() as number;
      process.kill(old, "SIGKILL");
      const pid = await until("the plugin running again", 30_000, () => {
        const p = worker.pluginPid();
        return p !== old && p;
      });
      expect(pid).not.toBe(old);
      expect(ping(pinger, target.ip)).toMatch(/1 packets received/);
      const name = `ulafter${tag}`;
      worker.d.docker("run", "-d", "--name", name, "--network", NET, IMAGE, "sleep", "1d");
      const c = { node: worker, ...containerOn(worker, name, NET) };
      expect(inPrefix(c.ip, worker.range)).toBe(true);
      expect(ping(c, pinger.ip)).toMatch(/1 packets received/);
      worker.d.docker("rm", "-f", name);
      expect(worker.links()).toEqual(links.worker);
    }, 120_000);

    it("the worker leaves (DeleteNetwork, nothing left) and rejoins: the task back and announced", async () => {
      const oldId = worker.nodeId();
      await restartedAndAnnounced(async () => {
        worker.d.docker("swarm", "leave");
        // Leaving removes the swarm networks there: DeleteNetwork reached the driver.
        await until("the worker's driver state without networks", 30_000, () => worker.stateNetworks().length === 0);
        expect(worker.driverLinks()).toEqual([]);
        joinSwarm();
        manager.d.docker("node", "rm", "--force", oldId);
      });
      expect(worker.stateNetworks()).toEqual(manager.stateNetworks());
    }, 240_000);
  });

  it("a swarm network without --config-from: the task's error tells the user about --config-only and --config-from", async () => {
    manager.d.docker("network", "create", "-d", DRIVER, "--scope", "swarm", "--attachable", "-o", "parent=x", NET2);
    service(REFUSED, "--constraint", "node.role==worker", "--network", NET2);
    const err = await until("the task rejected", 60_000, () =>
      taskRecords(manager, REFUSED)
        .map((t) => t.Status.Err)
        .find((e) => e?.includes("CreateNetwork")),
    );
    expect(err).toMatch(/--config-only/);
    expect(err).toMatch(/--config-from/);
    expect(manager.d.docker("service", "ps", "--no-trunc", REFUSED)).toMatch(/Rejected.*--config-only/);
    expect(worker.stateNetworks()).toHaveLength(1); // only the good network
    manager.d.docker("service", "rm", REFUSED);
    manager.d.docker("network", "rm", NET2);
  }, 120_000);

  it("teardown: swarm left, plugins removed, engines stopped, nothing left on the machine", async () => {
    const pids = nodes.map((n) => n.d.pid);
    await teardown();
    for (const pid of pids) expect(pid !== undefined && !existsSync(`/proc/${pid}`)).toBe(true);
    expect(lab.leftovers()).toEqual([]);
    for (const id of pluginIds) expect(existsSync(`/run/docker/plugins/${id}`)).toBe(false);
    for (const n of nodes) expect(existsSync(n.d.execRoot)).toBe(false);
    expect(existsSync(pluginDir)).toBe(false);
  }, 120_000);
});
