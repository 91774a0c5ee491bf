#!/usr/bin/env node
// The Docker driver, measured (run through bench/run-driver, as root):
//  1. `docker run --rm --network X IMAGE true` on an underlay macvlan network against Docker's
//     builtin macvlan on the same parent, with a bridge network as a reference: interleaved,
//     medians and ratios. A private dockerd (no iptables) and a busybox image from docker import.
//  2. The driver's own handling time for CreateEndpoint + Join + Leave + DeleteEndpoint with 50
//     concurrent clients over its socket: p50 and p99 per cycle. The driver runs as its own
//     process inside a throwaway netns, on a veth parent there.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDockerd } from "../packages/driver/test/support/dockerd.mjs";
import { Handle, netnsAdd, netnsDel } from "../packages/netlink/dist/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const CLI = new URL("../packages/cli/dist/main.js", import.meta.url).pathname;
const tag = process.pid.toString(36);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (ns) => `${(ns / 1e6).toFixed(1)} ms`;

function startPlugin(name, stateDir, socketDir, netns) {
  const args = [CLI, "driver", "serve", "--name", name, "--state-dir", stateDir, "--socket-dir", socketDir];
  const child = netns
    ? spawn("ip", ["netns", "exec", netns, process.execPath, ...args], { stdio: "ignore" })
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

async function handlingTime(clients = 50, cycles = 20) {
  const ns = `ulbd${tag}`;
  netnsAdd(ns);
  const dir = mkdtempSync(join(tmpdir(), "ulbench-"));
  const h = new Handle({ netns: { name: ns } });
  h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
  const plugin = startPlugin("ulbd", join(dir, "state"), dir, ns);
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
    await call(sock, "DeleteNetwork", { NetworkID });
    // Nothing may leak: DeleteNetwork waits for the deferred deletes.
    const left = h
      .linkList()
      .map((l) => l.attrs.ifname)
      .filter((n) => !["lo", "up0", "up1"].includes(n));
    return { lat, left };
  } finally {
    plugin.kill("SIGTERM");
    h.close();
    netnsDel(ns);
    rmSync(dir, { recursive: true, force: true });
  }
}

// PARTS=handling (or docker) runs one part only.
const parts = (process.env.PARTS ?? "docker,handling").split(",");
const runs = parts.includes("docker") ? await dockerRun() : undefined;
const lat = parts.includes("handling") ? await handlingTime() : undefined;
const lat1 = parts.includes("handling") ? await handlingTime(1, 100) : undefined;
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
if (lat && lat1) {
  console.log("\n### Driver handling time: CreateEndpoint + Join + Leave + DeleteEndpoint (one cycle), macvlan\n");
  console.log(
    "| clients | cycles | p50 | p99 | max | goal | p50 or p99 / goal |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const [n, xs, goal, p] of [
    [1, lat1.lat, 10e6, 50],
    [50, lat.lat, 30e6, 99],
  ]) {
    const q = pct(xs, p);
    console.log(
      `| ${n} | ${xs.length} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 99))} | ${ms(Math.max(...xs))} | p${p} ≤ ${ms(goal)} | ${(q / goal).toFixed(2)} |`,
    );
  }
  console.log(`\nlinks left in the driver's netns after DeleteNetwork: ${[...lat1.left, ...lat.left].join(", ") || "none"}`);
}
