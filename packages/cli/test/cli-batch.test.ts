// -batch over one socket, --debug's hex dump and decoding, and colour only where it is wanted:
// the real binary against a throwaway netns.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";

let s: Scratch;
let dir: string;
const batchFile = (lines: string[]) => {
  const file = join(dir, "commands.txt");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
};
const links = () => s.h.linkList().map((l) => l.attrs.ifname);

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  ctx.skip(missingCliBuild() !== undefined, missingCliBuild());
  s = scratchNetns();
  dir = mkdtempSync(join(tmpdir(), "ulcli-"));
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
});
afterEach(() => {
  s?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("underlay -batch FILE", () => {
  it("runs every line over one netlink socket (one port id in every reply)", async () => {
    const file = batchFile([
      "# a comment, then a blank line",
      "",
      "link add mv0 link va type macvlan mode private",
      "link set mv0 up mtu 1400 alias 'two words'",
      "addr add 192.0.2.5/24 dev mv0",
      "route add 198.51.100.0/24 via 192.0.2.1",
    ]);
    const r = await underlay(["-n", s.name, "--debug", "-batch", file]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    const l = s.h.linkGet("mv0");
    expect(l.attrs).toMatchObject({ mtu: 1400, ifalias: "two words" });
    expect(s.h.addrList({ dev: "mv0" }).map((a) => a.attrs.local)).toEqual(["192.0.2.5"]);
    expect(s.h.routeList().some((r) => r.attrs.dst === "198.51.100.0" && r.attrs.gateway === "192.0.2.1")).toBe(true);
    const ports = new Set([...r.stderr.matchAll(/^ {2}NLMSG_ERROR \{"header":\{[^}]*"pid":(\d+)/gm)].map((m) => m[1]));
    expect(ports.size).toBe(1);
  });
  it("stops at the first failure, naming file and line; exit 1", async () => {
    const file = batchFile(["link add mv0 link va type macvlan", "link set mv0 mtu huge", "link add mv1 link va type macvlan"]);
    const r = await underlay(["-n", s.name, "-batch", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`underlay: batch ${file}:2: link set: invalid mtu "huge": allowed values are 0-4294967295\n`);
    expect(links()).toContain("mv0");
    expect(links()).not.toContain("mv1");
  });
  it("-force goes on after a failure, and still exits 1", async () => {
    const file = batchFile(["link del nosuch0", "link add mv1 link va type macvlan"]);
    const r = await underlay(["-n", s.name, "-force", "-batch", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`underlay: batch ${file}:1: link del nosuch0: ENODEV (no such device)\n`);
    expect(links()).toContain("mv1");
  });
  it("reads - from stdin, and -j output of each show line is valid JSON", async () => {
    const r = await underlay(["-j", "-n", s.name, "-batch", "-"], { input: "link show va\nlink show vb\n" });
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(docs.map((d) => d[0].ifname)).toEqual(["va", "vb"]);
  });
  it("one line's options do not leak into the next; a link renamed mid-batch is looked up afresh", async () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    s.h.addrAdd("vb", "192.0.2.2/24");
    const input = [
      "addr show dev va",
      "addr show",
      "addr add 192.0.2.3/24 dev va",
      "link set va name vc",
      "addr add 192.0.2.4/24 dev vc",
    ];
    const r = await underlay(["-j", "-n", s.name, "-batch", "-"], { input: input.join("\n") });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const [one, all] = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(one.map((a: { ifname: string }) => a.ifname)).toEqual(["va"]);
    const withAddrs = all.filter((l: { addr_info: unknown[] }) => l.addr_info.length);
    expect(withAddrs.map((l: { ifname: string }) => l.ifname).sort()).toEqual(["va", "vb"]);
    expect(
      s.h
        .addrList({ dev: "vc" })
        .map((a) => a.attrs.local)
        .sort(),
    ).toEqual(["192.0.2.1", "192.0.2.3", "192.0.2.4"]);
  });
  it("global options inside the file are refused: they belong on the command line", async () => {
    const r = await underlay(["-n", s.name, "-batch", "-"], { input: "-j link show\n" });
    expect(r).toMatchObject({
      code: 1,
      stderr: 'underlay: batch stdin:1: "-j": options belong on the command line, before -batch\n',
    });
  });
});

describe("--debug", () => {
  it("hex-dumps and decodes each message on stderr; stdout stays valid JSON", async () => {
    const r = await underlay(["-j", "-n", s.name, "--debug", "link", "show", "va"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].ifname).toBe("va");
    expect(r.stderr).toMatch(/^>>> sent \d+ bytes\n {2}0000 {2}([0-9a-f]{2} ){15}[0-9a-f]{2}\n/);
    expect(r.stderr).toMatch(/^ {2}RTM_GETLINK \{.*"ifname":"va"/m);
    expect(r.stderr).toMatch(/^<<< received \d+ bytes$/m);
    expect(r.stderr).toMatch(/^ {2}RTM_NEWLINK \{.*"ifname":"va".*"linkinfo":\{"kind":"veth"/m);
  });
  it("shows the kernel's NLMSG_ERROR (errno, and ext-ack when given) when a request fails", async () => {
    const r = await underlay(["-n", s.name, "--debug", "link", "set", "va", "master", "vb"]);
    expect(r.code).toBe(2); // as ip: the kernel refused
    expect(r.stderr).toMatch(/^ {2}NLMSG_ERROR \{.*"errno":\d+/m);
  });
});

describe("colour", () => {
  const esc = "\u001b[";
  it("none when stdout is not a terminal (auto), and never in JSON", async () => {
    expect((await underlay(["-n", s.name, "link"])).stdout).not.toContain(esc);
    expect((await underlay(["-n", s.name, "-j", "--color", "always", "link"])).stdout).not.toContain(esc);
  });
  it("--color always colours the table without skewing its columns", async () => {
    const r = await underlay(["-n", s.name, "--color", "always", "link", "show", "va"]);
    expect(r.stdout).toContain(`${esc}36mva`);
    const plain = stripVTControlCharacters(r.stdout);
    expect(plain).toBe((await underlay(["-n", s.name, "link", "show", "va"])).stdout);
  });
  it("-color= with a bad value names the allowed ones, exit 255 as ip's usage errors", async () => {
    const r = await underlay(["-color=sometimes", "link"]);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('underlay: invalid colour "sometimes": allowed values are auto, always, never\n');
  });
});
