#!/usr/bin/env node
// The `underlay` binary against `node -e 0` and `ip`, as a user runs them: whole processes, side
// by side, interleaved over several rounds (the machine is shared and noisy: medians, with the
// interquartile range). (1) start-up: `-V` and `-n NS link show` of a small netns, the installed
// bundle (packages/cli/bundle, what /usr/local/bin/underlay runs) and the unbundled dist, against
// `node -e 0`; (2) `-j link show` of a netns with 1,000 links; (3) `-batch` of 1,000 `addr add`
// lines, then 1,000 `addr del` lines, per line both whole (start-up included) and beyond an
// empty batch. Run it through bench/run-cli. ROUNDS (default 5) × RUNS (default 10) start-ups;
// BASELINE_CLI=…/main.js adds another build's start-up (an older commit's) to the comparison.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle, netnsAdd, netnsDel } from "../packages/netlink/dist/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const RUNS = Number(process.env.RUNS ?? 10);
const cli = (p) => new URL(`../packages/cli/${p}`, import.meta.url).pathname;
const BUNDLE = cli("bundle/main.js");
const DIST = cli("dist/main.js");
/** Another build's main.js to compare start-up with (e.g. an older commit's, built elsewhere). */
const BASELINE = process.env.BASELINE_CLI;
const NS = `ulclibench${process.pid.toString(36)}`;
const SMALL = `${NS}s`;
const tmp = mkdtempSync(join(tmpdir(), "ulclibench-"));

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
const median = (xs) => quantile(xs, 0.5);
const ms = (fn) => {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, out];
};
const exec = (file, args) => execFileSync(file, args, { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] });
const node =
  (script) =>
  (...args) =>
    exec(process.execPath, [script, ...args]);
const tools = { ip: (...args) => exec("ip", args), underlay: node(BUNDLE) };

function file(name, lines) {
  const path = join(tmp, name);
  writeFileSync(path, lines.length ? `${lines.join("\n")}\n` : "");
  return path;
}

/** Start-up: each contender once per turn, in turn, RUNS turns a round. */
function startup(h) {
  const links = h.linkList().length;
  const contenders = {
    "`node -e 0`": () => exec(process.execPath, ["-e", "0"]),
    "`underlay -V` (installed: bundle)": () => tools.underlay("-V"),
    "`underlay -V` (dist)": () => node(DIST)("-V"),
    [`\`underlay -n NS link show\` (bundle, ${links} links)`]: () => tools.underlay("-n", SMALL, "link", "show"),
    "`underlay -n NS link show` (dist)": () => node(DIST)("-n", SMALL, "link", "show"),
    "`ip -n NS link show`": () => tools.ip("-n", SMALL, "link", "show"),
  };
  if (BASELINE) {
    contenders["`underlay -V` (BASELINE_CLI)"] = () => node(BASELINE)("-V");
    contenders["`underlay -n NS link show` (BASELINE_CLI)"] = () => node(BASELINE)("-n", SMALL, "link", "show");
  }
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (let i = 0; i < RUNS; i++) for (const [k, run] of Object.entries(contenders)) times[k].push(ms(run)[0]);
  const base = median(times["`node -e 0`"]);
  console.log(`Start-up: ${ROUNDS * RUNS} runs each, interleaved; wall time of the whole process.\n`);
  console.log("| | median | p25–p75 | / `node -e 0` |");
  console.log("|---|---:|---:|---:|");
  for (const [k, t] of Object.entries(times))
    console.log(
      `| ${k} | ${median(t).toFixed(1)} ms | ${quantile(t, 0.25).toFixed(1)}–${quantile(t, 0.75).toFixed(1)} ms | ${(median(t) / base).toFixed(2)}× |`,
    );
  console.log();
}

function main() {
  netnsAdd(NS);
  netnsAdd(SMALL);
  const h = new Handle({ netns: { name: NS } });
  const small = new Handle({ netns: { name: SMALL } });
  try {
    small.linkAdd({ name: "v0", kind: "veth", peer: { name: "v1" } });
    startup(small);
    // 499 veth pairs + lo + the pair the batch works on = 1,000 links.
    for (let i = 0; i < 499; i++) h.linkAdd({ name: `b${i}a`, kind: "veth", peer: { name: `b${i}b` } });
    h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
    const links = h.linkList().length;
    const addrs = Array.from({ length: 1000 }, (_, i) => `10.${100 + (i >> 8)}.${i & 255}.1/32`);
    const add = file(
      "add",
      addrs.map((a) => `addr add ${a} dev va`),
    );
    const del = file(
      "del",
      addrs.map((a) => `addr del ${a} dev va`),
    );
    const none = file("none", []);

    const show = { ip: [], underlay: [] };
    const batchNone = { ip: [], underlay: [] };
    const batchAdd = { ip: [], underlay: [] };
    const batchDel = { ip: [], underlay: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of Object.entries(tools)) {
        for (let i = 0; i < RUNS; i++) {
          const [t, out] = ms(() => run("-j", "-n", NS, "link", "show"));
          if (JSON.parse(out).length !== links) throw new Error(`${name} printed the wrong number of links`);
          show[name].push(t);
        }
        for (let i = 0; i < 3; i++) batchNone[name].push(ms(() => run("-n", NS, "-batch", none))[0]);
        batchAdd[name].push(ms(() => run("-n", NS, "-batch", add))[0]);
        if (h.addrList({ dev: "va" }).length !== 1000) throw new Error(`${name} -batch did not add 1,000 addresses`);
        batchDel[name].push(ms(() => run("-n", NS, "-batch", del))[0]);
        if (h.addrList({ dev: "va" }).length !== 0) throw new Error(`${name} -batch did not delete them`);
      }
    }
    const us = (x) => `${(x * 1000).toFixed(0)} µs`;
    const row = (title, s, lines) => {
      const [a, b] = [median(s.underlay), median(s.ip)];
      let perLine = " | | | | |";
      if (lines) {
        const [a0, b0] = [median(batchNone.underlay), median(batchNone.ip)];
        const [ma, mb] = [(a - a0) / lines, (b - b0) / lines];
        perLine = ` | ${us(a / lines)} | ${us(b / lines)} | ${us(ma)} / ${us(mb)} | ${(ma / mb).toFixed(2)}× |`;
      }
      return `| ${title} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(2)}×${perLine}`;
    };
    console.log(`${links} links; ${ROUNDS} rounds, interleaved; median wall time of the whole process.\n`);
    console.log("| | underlay | ip | underlay / ip | per line, whole | ip | per line beyond an empty batch | underlay / ip |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
    console.log(row("empty `-batch`", batchNone));
    console.log(row(`\`-j link show\` (${links} links)`, show));
    console.log(row("`-batch`: 1,000 × `addr add … dev va`", batchAdd, 1000));
    console.log(row("`-batch`: 1,000 × `addr del … dev va`", batchDel, 1000));
  } finally {
    h.close();
    small.close();
    netnsDel(NS);
    netnsDel(SMALL);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
