#!/usr/bin/env node
// @underlay/netlink against `ip` (one process per op), `ip -batch` (one process, many ops), and
// a C program on libmnl, twice: decoding nothing (the floor) and doing the useful work our API
// does (every attribute into a table with mnl_attr_parse, then ifname, MTU and address), side by
// side in one run, interleaved over several rounds; plus the FFI layer's per-call cost, koffi
// against ffi-rs. Run it through bench/run. PAIRS=100: veth pairs in the dump's netns (201 links).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Connection,
  encodeRequest,
  Handle,
  inNetns,
  linkGet,
  linkList,
  NetlinkSocket,
  netnsAdd,
  netnsDel,
} from "../packages/netlink/dist/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const C_BENCH = new URL("./out/mnl-bench", import.meta.url).pathname;
const tag = process.pid.toString(36);
const NS = `ulbench${tag}`;
const NS_BIG = `ulbenchbig${tag}`;
const tmp = mkdtempSync(join(tmpdir(), "ulbench-"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timeNs = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0);
};
const timeNsAsync = async (fn) => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0);
};
const repeat = (n, fn) => {
  for (let i = 0; i < n; i++) fn();
};
const ip = (...args) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "inherit"] });
const batch = (ns, lines) => {
  const file = join(tmp, "batch");
  writeFileSync(file, `${lines.join("\n")}\n`);
  execFileSync("ip", ["-n", ns, "-batch", file], { stdio: ["ignore", "ignore", "inherit"] });
};
const cRun = (env, args) => Number(execFileSync(C_BENCH, args, { encoding: "utf8", env }).split(" ")[0]);
const cFloor = (...args) => cRun({ ...process.env, DECODE: "0" }, args);
const cDecode = (...args) => cRun({ ...process.env, DECODE: "1" }, args);
const PAIRS = Number(process.env.PAIRS ?? 100);
/** What the C program with DECODE=1 reads from each link: decoding is lazy, so reading is work. */
const readLink = (l) => l.attrs.ifname.length + (l.attrs.mtu ?? 0) + (l.attrs.address?.length ?? 0) + (l.attrs.linkinfo ? 1 : 0);
// ONLY=get,dump runs some sections (get, veth, dump, ffi); default all.
const only = (section) => !process.env.ONLY || process.env.ONLY.split(",").includes(section);

/** Each contender: [name, per-op ns for one round]. Rounds interleave contenders. */
async function compare(title, contenders) {
  const samples = Object.fromEntries(contenders.map(([name]) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of contenders) samples[name].push(await run());
  }
  const rows = contenders.map(([name]) => ({
    name,
    ns: median(samples[name]),
    min: Math.min(...samples[name]),
    max: Math.max(...samples[name]),
  }));
  return { title, rows };
}

const N = { get: 2000, getIp: 100, veth: 30, vethIp: 10, dump: 200, dumpIp: 10 };

function removeNamespaces() {
  for (const ns of [NS, NS_BIG]) {
    try {
      netnsDel(ns);
    } catch {}
  }
}

async function main() {
  netnsAdd(NS);
  netnsAdd(NS_BIG);
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      removeNamespaces();
      process.exit(130);
    });
  }
  const h = new Handle({ netns: { name: NS } });
  const big = new Handle({ netns: { name: NS_BIG } });
  try {
    h.linkAdd({ name: "bench0", kind: "veth", peer: { name: "bench1" } });
    for (let i = 0; i < PAIRS; i++) big.linkAdd({ name: `b${i}a`, kind: "veth", peer: { name: `b${i}b` } });
    const linkCount = big.linkList().length;
    // The transport alone: the same requests, replies gathered but not decoded (like the C floor).
    const sock = new Connection(inNetns({ name: NS }, () => new NetlinkSocket()));
    const bigSock = new Connection(inNetns({ name: NS_BIG }, () => new NetlinkSocket()));
    const getReq = encodeRequest(linkGet("bench0").next().value);
    const dumpReq = encodeRequest(linkList().next().value);

    const results = [];
    if (only("get"))
      results.push(
        await compare("get link by name (`ip link show dev bench0`)", [
          ["@underlay/netlink sync", () => timeNs(() => repeat(N.get, () => h.linkGet("bench0"))) / N.get],
          [
            "@underlay/netlink sync, reading ifname, MTU, address, kind",
            () => timeNs(() => repeat(N.get, () => readLink(h.linkGet("bench0")))) / N.get,
          ],
          [
            "@underlay/netlink async",
            () =>
              timeNsAsync(async () => {
                for (let i = 0; i < N.get; i++) await h.promises.linkGet("bench0");
              }).then((t) => t / N.get),
          ],
          [
            "@underlay/netlink transport only, no decode",
            () => timeNs(() => repeat(N.get, () => sock.execute(getReq, "get"))) / N.get,
          ],
          ["C + libmnl, mnl_attr_parse into a table", () => cDecode(NS, "get", "bench0", String(N.get))],
          ["C + libmnl (floor)", () => cFloor(NS, "get", "bench0", String(N.get))],
          ["ip -batch", () => timeNs(() => batch(NS, Array(N.get).fill("link show dev bench0"))) / N.get],
          [
            "ip, one process per op",
            () => timeNs(() => repeat(N.getIp, () => ip("-n", NS, "link", "show", "dev", "bench0"))) / N.getIp,
          ],
        ]),
      );
    const vethLines = ["link add bv0 type veth peer name bv1", "link set bv0 up", "link del bv0"];
    if (only("veth"))
      results.push(
        await compare("veth pair create + up + delete", [
          [
            "@underlay/netlink sync",
            () =>
              timeNs(() =>
                repeat(N.veth, () => {
                  h.linkAdd({ name: "bv0", kind: "veth", peer: { name: "bv1" } });
                  h.linkSetUp("bv0");
                  h.linkDel("bv0");
                }),
              ) / N.veth,
          ],
          ["C + libmnl (floor)", () => cFloor(NS, "veth", String(N.veth))],
          ["ip -batch", () => timeNs(() => batch(NS, Array(N.veth).fill(vethLines).flat())) / N.veth],
          [
            "ip, one process per op",
            () => timeNs(() => repeat(N.vethIp, () => vethLines.map((l) => ip("-n", NS, ...l.split(" "))))) / N.vethIp,
          ],
        ]),
      );
    if (only("dump"))
      results.push(
        await compare(`dump of ${linkCount} links (\`ip link show\`)`, [
          ["@underlay/netlink sync", () => timeNs(() => repeat(N.dump, () => big.linkList())) / N.dump],
          [
            "@underlay/netlink sync, reading ifname, MTU, address, kind",
            () => timeNs(() => repeat(N.dump, () => big.linkList().reduce((n, l) => n + readLink(l), 0))) / N.dump,
          ],
          [
            "@underlay/netlink async",
            () =>
              timeNsAsync(async () => {
                for (let i = 0; i < N.dump; i++) await big.promises.linkList();
              }).then((t) => t / N.dump),
          ],
          [
            "@underlay/netlink transport only, no decode",
            () => timeNs(() => repeat(N.dump, () => bigSock.execute(dumpReq, "dump"))) / N.dump,
          ],
          ["C + libmnl, mnl_attr_parse into a table", () => cDecode(NS_BIG, "dump", String(N.dump))],
          ["C + libmnl (floor, no decode)", () => cFloor(NS_BIG, "dump", String(N.dump))],
          ["ip -batch", () => timeNs(() => batch(NS_BIG, Array(N.dumpIp * 4).fill("link show"))) / (N.dumpIp * 4)],
          [
            "ip -j, one process per op",
            () => timeNs(() => repeat(N.dumpIp, () => ip("-n", NS_BIG, "-j", "link", "show"))) / N.dumpIp,
          ],
        ]),
      );
    if (only("ffi")) results.push(await ffiCompare());
    sock.close();
    bigSock.close();
    return results;
  } finally {
    h.close();
    big.close();
    removeNamespaces();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Per-call cost of the FFI layer itself: libc abs() through koffi and through ffi-rs. */
async function ffiCompare() {
  const require = createRequire(new URL("../packages/netlink/package.json", import.meta.url));
  const koffi = require("koffi");
  const abs = koffi.load("libc.so.6").func("int abs(int)");
  const ffiRs = createRequire(import.meta.url)("ffi-rs");
  ffiRs.open({ library: "libc", path: "libc.so.6" });
  const absRs = () =>
    ffiRs.load({
      library: "libc",
      funcName: "abs",
      retType: ffiRs.DataType.I32,
      paramsType: [ffiRs.DataType.I32],
      paramsValue: [-3],
    });
  return compare("FFI call overhead (libc `abs`)", [
    ["koffi 3.3.4", () => timeNs(() => repeat(1_000_000, () => abs(-3))) / 1_000_000],
    ["ffi-rs 1.3.7", () => timeNs(() => repeat(20_000, absRs)) / 20_000],
  ]);
}

function report(results) {
  const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`);
  const out = [];
  for (const { title, rows } of results) {
    const ours = rows[0].ns;
    const floor = rows.find((r) => r.name.startsWith("C") && r.name.includes("floor"))?.ns;
    const useful = rows.find((r) => r.name.includes("mnl_attr_parse"))?.ns;
    const asyncNs = rows.find((r) => r.name.endsWith("async"))?.ns;
    const transport = rows.find((r) => r.name.includes("transport only"))?.ns;
    out.push(
      `\n### ${title}\n`,
      "| contender | per op (median) | min–max | vs @underlay/netlink |",
      "| --- | ---: | ---: | ---: |",
    );
    for (const r of rows) out.push(`| ${r.name} | ${fmt(r.ns)} | ${fmt(r.min)}–${fmt(r.max)} | ${(r.ns / ours).toFixed(2)}× |`);
    const reading = rows.find((r) => r.name.includes("reading"))?.ns;
    if (useful) out.push(`\n@underlay/netlink / C with mnl_attr_parse: **${(ours / useful).toFixed(2)}×**;`);
    if (useful && reading) out.push(`reading the same fields / C with mnl_attr_parse: **${(reading / useful).toFixed(2)}×**;`);
    if (asyncNs) out.push(`async / sync: **${(asyncNs / ours).toFixed(2)}×**;`);
    if (floor) out.push(`\n@underlay/netlink / C floor: **${(ours / floor).toFixed(2)}×**`);
    if (floor && transport) out.push(`; transport only / C floor: **${(transport / floor).toFixed(2)}×**`);
    const ipOne = rows.find((r) => r.name.startsWith("ip") && r.name.includes("one process"))?.ns;
    if (ipOne) out.push(`; \`ip\` one process per op / @underlay/netlink: **${(ipOne / ours).toFixed(0)}×**`);
  }
  return out.join("\n");
}

const results = await main();
const text = report(results);
console.log(
  `rounds: ${ROUNDS}; kernel ${execFileSync("uname", ["-r"], { encoding: "utf8" }).trim()}; node ${process.version}${text}`,
);
writeFileSync(new URL("./out/results.json", import.meta.url), JSON.stringify(results, null, 2));
