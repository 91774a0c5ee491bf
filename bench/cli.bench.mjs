#!/usr/bin/env node
// The `underlay` binary against `ip`, as a user runs them: whole processes, side by side,
// interleaved over several rounds. (1) `-j link show` of a netns with 1,000 links; (2) `-batch`
// of 1,000 `addr add` lines, then 1,000 `addr del` lines. Run it through bench/run-cli.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Handle, netnsAdd, netnsDel } from "../packages/netlink/dist/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SHOW_RUNS = 10;
const CLI = new URL("../packages/cli/dist/main.js", import.meta.url).pathname;
const NS = `ulclibench${process.pid.toString(36)}`;
const tmp = mkdtempSync(join(tmpdir(), "ulclibench-"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (fn) => {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, out];
};
const tools = {
  ip: (...args) => execFileSync("ip", args, { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] }),
  underlay: (...args) =>
    execFileSync(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] }),
};

function file(name, lines) {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

function main() {
  netnsAdd(NS);
  const h = new Handle({ netns: { name: NS } });
  try {
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

    const start = { ip: [], underlay: [] };
    const show = { ip: [], underlay: [] };
    const batchAdd = { ip: [], underlay: [] };
    const batchDel = { ip: [], underlay: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of Object.entries(tools)) {
        for (let i = 0; i < SHOW_RUNS; i++) start[name].push(ms(() => run("-V"))[0]);
        for (let i = 0; i < SHOW_RUNS; i++) {
          const [t, out] = ms(() => run("-j", "-n", NS, "link", "show"));
          if (JSON.parse(out).length !== links) throw new Error(`${name} printed the wrong number of links`);
          show[name].push(t);
        }
        batchAdd[name].push(ms(() => run("-n", NS, "-batch", add))[0]);
        if (h.addrList({ dev: "va" }).length !== 1000) throw new Error(`${name} -batch did not add 1,000 addresses`);
        batchDel[name].push(ms(() => run("-n", NS, "-batch", del))[0]);
        if (h.addrList({ dev: "va" }).length !== 0) throw new Error(`${name} -batch did not delete them`);
      }
    }
    const row = (title, s, per) => {
      const [a, b] = [median(s.underlay), median(s.ip)];
      const perOp = per ? ` | ${((a * 1000) / per).toFixed(0)} µs | ${((b * 1000) / per).toFixed(0)} µs` : " | | ";
      return `| ${title} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(2)}×${perOp} |`;
    };
    console.log(`${links} links; ${ROUNDS} rounds, interleaved; median wall time of the whole process.\n`);
    console.log("| | underlay | ip | underlay / ip | underlay per line | ip per line |");
    console.log("|---|---:|---:|---:|---:|---:|");
    console.log(row("process start-up alone (`-V`)", start));
    console.log(row(`\`-j link show\` (${links} links)`, show));
    console.log(row("`-batch`: 1,000 × `addr add … dev va`", batchAdd, 1000));
    console.log(row("`-batch`: 1,000 × `addr del … dev va`", batchDel, 1000));
  } finally {
    h.close();
    netnsDel(NS);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
