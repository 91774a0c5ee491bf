#!/usr/bin/env node
// The Docker driver, measured (run through bench/run-driver, as root):
//  1. `docker run --rm --network X IMAGE true` on an underlay macvlan network against Docker's
//     builtin macvlan on the same parent, with a bridge network as a reference: interleaved,
//     medians and ratios. A private dockerd (no iptables) and a busybox image from docker import.
//  2. The driver's own handling time for CreateEndpoint + Join + Leave + DeleteEndpoint with 50
//     concurrent clients over its socket: p50 and p99 per cycle. The driver runs as its own
//     process inside a throwaway netns, on a veth parent there.
// PARTS=handling (or docker) runs one part. BASELINE_CLI=…/main.js (another build, an older
// commit's; several, comma-separated): the handling part runs those builds and this one in turn,
// PAIRS times (default 1), each labelled by the folder of its tree.
// PROFILE=DIR: the driver of each handling run writes a CPU profile there.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDockerd } from "../packages/driver/test/support/dockerd.mjs";
import { Handle, netnsAdd, netnsDel } from "../packages/netlink/dist/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const CLI = new URL("../packages/cli/dist/main.js", import.meta.url).pathname;
const BASELINE = process.env.BASELINE_CLI;
const PAIRS = Number(process.env.PAIRS ?? 1);
const PROFILE = process.env.PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROFILE}`] : [];
const tag = process.pid.toString(36);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (ns) => `${(ns / 1e6).toFixed(1)} ms`;

function startPlugin(name, stateDir, socketDir, netns, cli = CLI) {
  const args = [cli, "driver", "serve", "--name", name, "--state-dir", stateDir, "--socket-dir", socketDir];
  const child = netns
    ? spawn("ip", ["netns", "exec", netns, process.execPath, ...PROFILE, ...args], { stdio: "ignore" })
    : spawn(process.execPath, args, { stdio: "ignore" });
  return child;
}
async function waitFor(path) {
  for (let i = 0; !existsSync(path); i++) {
    if (i > 300) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function dockerRun() {
  const host = new Handle();
  const parent = `ulb${tag}a`;
  host.linkAdd({ name: parent, kind: "veth", peer: { name: `ulb${tag}b` }, up: true });
  host.linkSetUp(`ulb${tag}b`);
  const stateDir = mkdtempSync(join(tmpdir(), "ulbench-"));
  const name = `ulbench${tag}`;
  const plugin = startPlugin(name, stateDir, "/run/docker/plugins");
  await waitFor(`/run/docker/plugins/${name}.sock`);
  const d = await startDockerd();
  try {
    d.docker("network", "create", "-d", name, "-o", `parent=${parent}`, "--subnet", "10.232.1.0/24", "ulb-underlay");
    d.docker("network", "create", "-d", "macvlan", "-o", `parent=${parent}`, "--subnet", "10.232.2.0/24", "ulb-builtin");
    d.docker("network", "create", "-d", "bridge", "--subnet", "10.232.3.0/24", "ulb-bridge");
    const nets = ["ulb-underlay", "ulb-builtin", "ulb-bridge"];
    const samples = Object.fromEntries(nets.map((n) => [n, []]));
    for (const n of nets) d.docker("run", "--rm", "--network", n, d.image, "true"); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const n of nets) {
        const t0 = process.hrtime.bigint();
        d.docker("run", "--rm", "--network", n, d.image, "true");
        samples[n].push(Number(process.hrtime.bigint() - t0));
      }
    }
    for (const n of nets) d.docker("network", "rm", n);
    return samples;
  } finally {
    await d.stop();
    plugin.kill("SIGTERM");
    host.linkDel(parent);
    host.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function call(socketPath, method, body) {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/NetworkDriver.${method}`, method: "POST" }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${method}: ${text}`))));
    });
    req.on("error", reject);
    req.end(`${JSON.stringify(body)}\n`);
  });
}

/**
 * CPU time (ms) of the driver's main thread so far: utime + stime of its task (clock ticks of 10
 * ms). Unlike latencies, it does not grow with the time the thread waits for a CPU on a machine
 * that other work loads (nor with its waits for RTNL or the disk).
 */
function mainThreadCpu(pid) {
  const f = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

async function handlingTime(clients = 50, cycles = 20, cli = CLI) {
  const ns = `ulbd${tag}`;
  netnsAdd(ns);
  const dir = mkdtempSync(join(tmpdir(), "ulbench-"));
  const h = new Handle({ netns: { name: ns } });
  h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
  const plugin = startPlugin("ulbd", join(dir, "state"), dir, ns, cli);
  const sock = join(dir, "ulbd.sock");
  try {
    await waitFor(sock);
    const NetworkID = "a".repeat(64);
    await call(sock, "CreateNetwork", {
      NetworkID,
      Options: { "com.docker.network.generic": { parent: "up0" } },
      IPv4Data: [{ Pool: "10.232.4.0/22", Gateway: "10.232.4.1/22" }],
      IPv6Data: [],
    });
    const lat = [];
    const cpu0 = mainThreadCpu(plugin.pid);
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < cycles; i++) {
          const EndpointID = `${c.toString(16).padStart(4, "0")}${i.toString(16).padStart(4, "0")}`.padEnd(64, "e");
          const t0 = process.hrtime.bigint();
          await call(sock, "CreateEndpoint", {
            NetworkID,
            EndpointID,
            Interface: { Address: `10.232.${4 + (c >> 6)}.${(c % 64) * 4 + 2}/22` },
          });
          await call(sock, "Join", { NetworkID, EndpointID, SandboxKey: "/x" });
          await call(sock, "Leave", { NetworkID, EndpointID });
          await call(sock, "DeleteEndpoint", { NetworkID, EndpointID });
          lat.push(Number(process.hrtime.bigint() - t0));
        }
      }),
    );
    const cpu = (mainThreadCpu(plugin.pid) - cpu0) / (clients * cycles);
    await call(sock, "DeleteNetwork", { NetworkID });
    // Nothing may leak: DeleteNetwork waits for the deferred deletes.
    const left = h
      .linkList()
      .map((l) => l.attrs.ifname)
      .filter((n) => !["lo", "up0", "up1"].includes(n));
    return { lat, left, cpu };
  } finally {
    plugin.kill("SIGTERM");
    // ip netns exec passes the signal on; a profile is written as node exits.
    if (plugin.exitCode === null) await new Promise((r) => plugin.once("exit", r));
    h.close();
    netnsDel(ns);
    rmSync(dir, { recursive: true, force: true });
  }
}

const parts = (process.env.PARTS ?? "docker,handling").split(",");
const runs = parts.includes("docker") ? await dockerRun() : undefined;
/** Each handling run: the build, and 50 clients' then one client's latencies. */
const handling = [];
const tree = (cli) => new URL("../../..", `file://${cli}`).pathname.split("/").filter(Boolean).pop();
const builds = Object.fromEntries([...(BASELINE ? BASELINE.split(",") : []), CLI].map((cli) => [tree(cli), cli]));
if (parts.includes("handling"))
  for (let pair = 0; pair < PAIRS; pair++)
    for (const [build, cli] of Object.entries(builds))
      handling.push({ build, lat: await handlingTime(50, 20, cli), lat1: await handlingTime(1, 100, cli) });
const kernel = execFileSync("uname", ["-r"], { encoding: "utf8" }).trim();
console.log(`rounds: ${ROUNDS}; kernel ${kernel}; node ${process.version}; dockerd 20.10 (private, no iptables)\n`);
if (runs) {
  const med = Object.fromEntries(Object.entries(runs).map(([n, xs]) => [n, pct(xs, 50)]));
  console.log("### `docker run --rm --network X busybox true`, interleaved\n");
  console.log("| network | median | min–max | vs builtin macvlan |\n| --- | ---: | ---: | ---: |");
  for (const [n, label] of [
    ["ulb-underlay", "underlay macvlan (our plugin)"],
    ["ulb-builtin", "Docker builtin macvlan, same parent"],
    ["ulb-bridge", "bridge network (reference)"],
  ]) {
    const xs = runs[n];
    console.log(
      `| ${label} | ${ms(med[n])} | ${ms(Math.min(...xs))}–${ms(Math.max(...xs))} | ${(med[n] / med["ulb-builtin"]).toFixed(3)} |`,
    );
  }
}
if (handling.length) {
  console.log("\n### Driver handling time: CreateEndpoint + Join + Leave + DeleteEndpoint (one cycle), macvlan\n");
  console.log("goals: p50 ≤ 10 ms with one client, p99 ≤ 30 ms with 50 (the last two columns: figure / goal)\n");
  console.log(
    "| build | 1 client p50 | 1 client p99 | 50 clients p50 | 50 clients p99 | 50 clients max | p50/goal (1) | p99/goal (50) | main-thread CPU a cycle (1 / 50 clients) | links left |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const { build, lat, lat1 } of handling) {
    const [one, many] = [lat1.lat, lat.lat];
    const left = [...lat1.left, ...lat.left].join(", ") || "none";
    console.log(
      `| ${build} | ${ms(pct(one, 50))} | ${ms(pct(one, 99))} | ${ms(pct(many, 50))} | ${ms(pct(many, 99))} | ${ms(Math.max(...many))} | ${(pct(one, 50) / 10e6).toFixed(2)} | ${(pct(many, 99) / 30e6).toFixed(2)} | ${lat1.cpu.toFixed(2)} / ${lat.cpu.toFixed(2)} ms | ${left} |`,
    );
  }
}
