#!/usr/bin/env node
// The driver's start at scale: a state folder holding NETWORKS macvlan networks (default 1,000)
// of ENDPOINTS endpoints each (default 10), every endpoint joined and alive as reconcile judges
// it (its device away from the host netns: an ifindex the netns does not have; its container's
// netns file present; seen and moved, so nothing is rewritten), then `underlay driver serve -n NS`
// (the installed bundle, with the systemd unit's NODE_OPTIONS) started ROUNDS times (default 5):
// the time from spawn to the "serving" line, the CPU time it used until then, and the process's
// RSS then (VmRSS) and at its peak (VmHWM). The networks share one parent, a veth in a throwaway
// netns. Needs root. Run it through bench/run-driver-start. NETWORKS, ENDPOINTS, ROUNDS;
// BASELINE_CLI=…/main.js also starts another build (an older commit's bundle, through node with
// the same NODE_OPTIONS), interleaved with this one, round by round; PROFILE=DIR writes a CPU
// profile of each start there; STATE=DIR only writes the state folder there (its sandbox files
// under DIR/netns).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endpointLinkName } from "../packages/driver/dist/modes/child.js";
import { parseNetworkOptions } from "../packages/driver/dist/options.js";
import { Handle, netnsAdd, netnsDel } from "../packages/netlink/dist/index.js";

const NETWORKS = Number(process.env.NETWORKS ?? 1000);
const ENDPOINTS = Number(process.env.ENDPOINTS ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
// PROFILE=DIR: each start writes a CPU profile there (the unbundled dist, for readable names).
const PROFILE = process.env.PROFILE;
const CLI = new URL(`../packages/cli/${PROFILE ? "dist" : "bundle"}/main.js`, import.meta.url).pathname;
// Node's options as the systemd unit gives them (the plugin's entrypoint has the same).
const UNIT = new URL("../scripts/systemd/underlay.service", import.meta.url);
const NODE_OPTIONS = /^Environment=NODE_OPTIONS=(.*)$/m.exec(readFileSync(UNIT, "utf8"))?.[1] ?? "";
/** Another build's main.js instead (an older commit's), run through node. */
const BASELINE = process.env.BASELINE_CLI;
const NS = `uldstart${process.pid.toString(36)}`;
const tmp = mkdtempSync(join(tmpdir(), "uldstart-"));
const hex = (n, width) => n.toString(16).padStart(width, "0");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The records, as the driver writes them (options through its own parser). */
function writeState(stateDir, sandboxes) {
  const now = Date.now();
  const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  const networks = [];
  const endpoints = [];
  for (let n = 0; n < NETWORKS; n++) {
    const id = `a${hex(n, 63)}`;
    const net = `10.${n >> 6}.${(n & 63) << 2}`;
    const options = parseNetworkOptions({ parent: "up0", macvlan_mode: "bridge" });
    networks.push({ id, options, internal: false, ipv4: [{ pool: `${net}.0/22`, gateway: `${net}.1/22` }], ipv6: [] });
    for (let e = 0; e < ENDPOINTS; e++) {
      const i = n * ENDPOINTS + e;
      const ep = { id: `e${hex(i, 63)}`, networkId: id, createdAt: now - 3_600_000 };
      const sandboxKey = join(sandboxes, hex(i, 12));
      writeFileSync(sandboxKey, "");
      endpoints.push({
        ...ep,
        address: `${net}.${e + 2}/22`,
        mac: `02:42:${hex(i >> 16, 2)}:${hex((i >> 8) & 255, 2)}:${hex(i & 255, 2)}:02`,
        link: endpointLinkName(ep),
        sandboxKey,
        sandboxSeen: true,
        srcName: endpointLinkName(ep),
        ifindex: 1_000_000 + i, // none such in the netns: the device is in its container
        bootId,
        joined: true,
        joinedAt: now - 3_600_000,
        moved: true,
      });
    }
  }
  mkdirSync(join(stateDir, "underlay"), { recursive: true });
  const path = join(stateDir, "underlay", "driver-state.json");
  writeFileSync(path, JSON.stringify({ version: 2, networks, endpoints }));
  return readFileSync(path).length;
}

const status = (pid) => {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s)?.[1]) / 1024;
  // utime and stime (fields 14 and 15, in clock ticks of 10 ms): the CPU the start took, which a
  // machine loaded by other work changes less than the wall-clock time.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return { rss: kb("VmRSS"), hwm: kb("VmHWM"), cpu: (Number(stat[11]) + Number(stat[12])) * 10 };
};

/** One start: spawn to "serving"; CPU time and RSS then; SIGTERM and wait. `cli`: another build's main.js. */
function startOnce(stateDir, socketDir, cli) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const prof = PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : [];
    const args = ["-n", NS, "driver", "serve", "--state-dir", stateDir, "--socket-dir", socketDir];
    // As installed: the bundle through its #! line; a profile or a baseline, through node.
    const [file, argv] = PROFILE || cli ? [process.execPath, [...prof, cli ?? CLI, ...args]] : [CLI, args];
    const env = { ...process.env, NODE_OPTIONS };
    const child = spawn(file, argv, { stdio: ["ignore", "pipe", "pipe"], env });
    let out = "";
    let result;
    const onData = (d) => {
      out += d;
      if (result || !/"msg":"serving"/.test(out)) return;
      result = {
        ms: Number(process.hrtime.bigint() - t0) / 1e6,
        ...status(child.pid),
        warnings: (out.match(/"level":40/g) ?? []).length,
      };
      // A profile is written at exit: let the process settle first.
      setTimeout(() => child.kill("SIGTERM"), PROFILE ? 500 : 0);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => (result ? resolve(result) : reject(new Error(`driver exited ${code} before serving:\n${out}`))));
  });
}

async function main() {
  if (process.env.STATE) {
    mkdirSync(join(process.env.STATE, "netns"), { recursive: true });
    writeState(process.env.STATE, join(process.env.STATE, "netns"));
    return rmSync(tmp, { recursive: true });
  }
  netnsAdd(NS);
  const h = new Handle({ netns: { name: NS } });
  try {
    h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
    const [stateDir, socketDir, sandboxes] = ["state", "sockets", "netns"].map((d) => join(tmp, d));
    mkdirSync(sandboxes, { recursive: true });
    const bytes = writeState(stateDir, sandboxes);
    console.log(`${NETWORKS} networks, ${NETWORKS * ENDPOINTS} endpoints; driver-state.json ${(bytes / 1e6).toFixed(1)} MB\n`);
    const builds = BASELINE ? { before: BASELINE, now: undefined } : { now: undefined };
    const runs = Object.fromEntries(Object.keys(builds).map((b) => [b, []]));
    for (let r = 0; r < ROUNDS; r++)
      for (const [b, cli] of Object.entries(builds)) runs[b].push(await startOnce(stateDir, socketDir, cli));
    const lost = Object.values(runs)
      .flat()
      .filter((r) => r.warnings).length;
    if (lost) console.log(`warning: ${lost} starts logged warnings (endpoints released?): the records were not all alive`);
    const cell = (xs, k, unit) =>
      `${median(xs.map((r) => r[k])).toFixed(1)} ${unit} (${xs.map((r) => r[k].toFixed(0)).join(", ")})`;
    console.log(
      '| build | spawn to "serving": median (each run) | CPU time until then | RSS when serving (VmRSS) | peak RSS (VmHWM) |',
    );
    console.log("|---|---:|---:|---:|---:|");
    for (const [b, xs] of Object.entries(runs))
      console.log(
        `| ${b} | ${cell(xs, "ms", "ms")} | ${cell(xs, "cpu", "ms")} | ${cell(xs, "rss", "MB")} | ${cell(xs, "hwm", "MB")} |`,
      );
  } finally {
    h.close();
    netnsDel(NS);
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
