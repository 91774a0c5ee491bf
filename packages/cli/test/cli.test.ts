// The real `underlay` binary (the built CLI) against real links in a throwaway netns (-n).
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { decodeMessages } from "../src/decoder.js";
import { jsonText } from "../src/output.js";
import { CLI, missingCliBuild, underlay as run } from "./support/cli.js";

let s: Scratch;
const underlay = (...args: string[]) => run(args);
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the CLI
const json = async (...args: string[]): Promise<any> => JSON.parse((await underlay("-j", "-n", s.name, ...args)).stdout);

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  ctx.skip(missingCliBuild() !== undefined, missingCliBuild());
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, mtu: 1400, up: true });
  s.h.addrAdd("va", "192.0.2.1/24");
  s.h.routeAdd({ dst: "default", gateway: "192.0.2.254" });
});
afterEach(() => s?.dispose());

describe("underlay link / address / route", () => {
  it("-j link show: valid JSON with iproute2 key names, matching the kernel", async () => {
    const links = await json("link", "show");
    expect(links.map((l: { ifname: string }) => l.ifname)).toEqual(s.h.linkList().map((l) => l.attrs.ifname));
    expect(links.find((l: { ifname: string }) => l.ifname === "va")).toMatchObject({
      ifindex: s.h.linkIndex("va"),
      mtu: 1400,
      flags: expect.arrayContaining(["UP"]),
    });
  });
  it("-j link show DEV -d: the kind, and its data under iproute2's names", async () => {
    expect((await json("-d", "link", "show", "va"))[0]).toMatchObject({ ifname: "va", linkinfo: { info_kind: "veth" } });
    s.h.linkAdd({ name: "mv0", kind: "macvlan", parent: "va", mode: "vepa" });
    expect((await json("-d", "link", "show", "mv0"))[0].linkinfo).toEqual({
      info_kind: "macvlan",
      info_data: { mode: "vepa", bcqueuelen: expect.any(Number), usedbcqueuelen: expect.any(Number) },
    });
  });
  it("-j addr and -j route", async () => {
    const [va] = await json("addr", "show", "dev", "va");
    expect(va).toMatchObject({
      ifname: "va",
      addr_info: [expect.objectContaining({ local: "192.0.2.1", prefixlen: 24, family: "inet" })],
    });
    expect(await json("route")).toContainEqual(expect.objectContaining({ dst: "default", gateway: "192.0.2.254" }));
  });
  it("-j link, addr and route show print what ip -j prints", async () => {
    s.h.linkAdd({ name: "mv0", kind: "macvlan", parent: "va", mtu: 1300 });
    s.h.linkAdd({ name: "br0", kind: "bridge" });
    s.h.linkSet("vb", { master: "br0" });
    s.h.addrAdd("va", "2001:db8::1/64", { nodad: true });
    const cases = [["link"], ["addr"], ["route"], ["-6", "route"], ["-4", "addr"], ["-6", "addr"]];
    for (const c of cases) {
      const ip = JSON.parse(execFileSync("ip", ["-n", s.name, "-j", ...c, "show"], { encoding: "utf8" }));
      expect({ c, json: await json(...c, "show") }).toEqual({ c, json: ip });
    }
  });
  it("for humans: ip's own text, byte for byte, with and without -d", async () => {
    s.h.linkAdd({ name: "mv0", kind: "macvlan", parent: "va", mode: "vepa" });
    const ip = (...args: string[]) => execFileSync("ip", ["-n", s.name, ...args], { encoding: "utf8" });
    expect((await underlay("-n", s.name, "link")).stdout).toBe(ip("link"));
    expect((await underlay("-n", s.name, "-d", "link", "show", "mv0")).stdout).toBe(ip("-d", "link", "show", "mv0"));
  });
});

/** Runs `monitor … --count 1`, calling `poke(i)` every 0.5 s until it has printed and exited. */
async function monitorOnce(args: string[], poke: (i: number) => void): Promise<string> {
  const child = spawn(process.execPath, [CLI, "-n", s.name, ...args, "--count", "1"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  let exited: number | undefined;
  const done = new Promise<number>((r) =>
    child.once("exit", (code) => {
      exited = code ?? -1;
      r(exited);
    }),
  );
  // It may still be starting when the first change happens: keep making them until it reports one.
  for (let i = 0; exited === undefined && i < 20; i++) {
    poke(i);
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(await done).toBe(0);
  return out.trim().split("\n")[0] as string;
}

describe("underlay monitor", () => {
  it("-j: a JSON line with a timestamp for a link the test adds", async () => {
    const ev = JSON.parse(
      await monitorOnce(["-j", "monitor", "link"], (i) =>
        s.h.linkAdd({ name: `mon${i}`, kind: "veth", peer: { name: `mpeer${i}` } }),
      ),
    );
    expect(ev).toMatchObject({ topic: "link", action: "new", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(ev.link.ifname).toMatch(/^(mon|mpeer)\d+$/);
  }, 20_000);
  it("-j addr: the address with its link's name", async () => {
    const ev = JSON.parse(await monitorOnce(["-j", "monitor", "addr"], (i) => s.h.addrAdd("va", `198.51.100.${i + 1}/32`)));
    expect(ev).toMatchObject({ topic: "addr", action: "new", addr: { ifname: "va", family: "inet", prefixlen: 32 } });
  }, 20_000);
  it("for humans: [ROUTE] and the route as route show prints it", async () => {
    // `label` (or `all`) puts ip's [ROUTE] in front, as ip monitor does.
    const line = await monitorOnce(["monitor", "label", "route"], (i) =>
      s.h.routeAdd({ dst: `203.0.113.${i * 4}/30`, gateway: "192.0.2.254" }),
    );
    expect(line).toMatch(/^\[ROUTE\]\s*203\.0\.113\.\d+\/30\s+via 192\.0\.2\.254\s+dev va/);
  }, 20_000);
});

describe("underlay decode", () => {
  it("decodes a captured `ip link set … vf …` request into typed attributes", async () => {
    const fx = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../netlink/test/fixtures/vf/ip-link-set-vf-trust-on.json"), "utf8"),
    );
    const r = await underlay("-j", "decode", fx.hex);
    const [msg] = JSON.parse(r.stdout);
    expect(msg.header).toMatchObject({ type: "RTM_NEWLINK", flags: 5 });
    expect(msg.message.attrs.vfinfoList.info[0].trust).toEqual({ vf: 0, setting: 1 });
  });
  it("decodes every captured fixture (20 VF requests, 5 kernel replies) as the library does, in one stream", async () => {
    const dir = join(import.meta.dirname, "../../netlink/test/fixtures");
    const vf = readdirSync(join(dir, "vf")).map((f) => JSON.parse(readFileSync(join(dir, "vf", f), "utf8")).hex as string);
    const replies = readdirSync(join(dir, "replies")).flatMap(
      (f) => JSON.parse(readFileSync(join(dir, "replies", f), "utf8")).datagrams as string[],
    );
    const hex = [...vf, ...replies].join("\n");
    const r = await run(["-j", "decode", "-"], { input: hex });
    expect(r.code).toBe(0);
    const decoded = JSON.parse(r.stdout);
    expect(decoded).toEqual(JSON.parse(jsonText(decodeMessages(Buffer.from(hex.replace(/\s/g, ""), "hex")))));
    expect(decoded.slice(0, vf.length).every((m: { header: { type: string } }) => m.header.type === "RTM_NEWLINK")).toBe(true);
    expect(decoded.map((m: { header: { type: string } }) => m.header.type)).toEqual(
      expect.arrayContaining(["RTM_NEWLINK", "RTM_NEWADDR", "RTM_NEWROUTE"]),
    );
    // Attributes without a schema are kept, as hex.
    expect(JSON.stringify(decoded)).toMatch(/"unknown":\[\{"type":\d+,"value":\{"hex":"[0-9a-f]*"\}/);
  });
  it("refuses what is not hex", async () => {
    expect(await underlay("decode", "zz")).toMatchObject({ code: 1, stderr: expect.stringMatching(/^underlay: not hex bytes/) });
  });
});

describe("errors: one line on stderr, ip's exit code", () => {
  it.each([
    [["link", "show", "nosuch0"], 1, /^underlay: Device "nosuch0" does not exist\.\n$/],
    [["monitor", "links"], 255, /^underlay: .*"links".*\n$/],
  ])("%j", async (args, code, stderr) => {
    expect(await underlay("-n", s.name, ...args)).toMatchObject({ code, stderr: expect.stringMatching(stderr) });
  });
  it("a netns that does not exist: 255, as ip -n", async () => {
    const r = await underlay("-n", "no-such-netns", "link");
    expect(r.code).toBe(255);
    expect(r.stderr).toBe(
      'underlay: Cannot open network namespace "no-such-netns": open netns /run/netns/no-such-netns: ENOENT (no such file or object)\n',
    );
  });
});

describe("help", () => {
  const ipObjects = [
    [],
    ["link"],
    ["link", "show"],
    ["link", "add"],
    ["address"],
    ["address", "add"],
    ["route"],
    ["route", "del"],
  ];
  const own = [
    ...[["vf"], ["vf", "show"], ["vf", "set"], ["sriov"], ["sriov", "status"], ["sriov", "enable"], ["sriov", "disable"]],
    ...[["decode"], ["driver"], ["driver", "serve"], ["driver", "status"]],
  ];
  it("ip's objects: `help` and --help print the usage on stdout, exit 0 (ip: stderr, 255)", async () => {
    const results = await Promise.all(ipObjects.flatMap((c) => [underlay(...c, "help"), underlay(...c, "--help")]));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: underlay /);
    }
  });
  it("underlay's own objects: commander's help, ending with examples, exit 0", async () => {
    const results = await Promise.all(own.map((c) => underlay(...c, "--help")));
    for (const [i, r] of results.entries()) {
      expect({ command: own[i], code: r.code }).toEqual({ command: own[i], code: 0 });
      expect(r.stdout).toMatch(/\nExamples:\n {2}underlay /);
    }
  });
});
