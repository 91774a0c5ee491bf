// The installed CLI is the bundle (scripts/bundle.mjs: CommonJS, a file per package, loaded per
// command): it must print what dist prints, byte for byte, for each kind of command — the ones
// that load netlink and koffi, the ones that load nothing (-V, help), a batch, and failures.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { BUNDLE, missingCliBuild, underlay } from "./support/cli.js";

let s: Scratch | undefined;
const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? (existsSync(BUNDLE) ? undefined : `no bundle at ${BUNDLE}`));

beforeAll(() => {
  if (skip) return;
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
  s.h.addrAdd("va", "192.0.2.1/24");
});
afterAll(() => s?.dispose());

describe.skipIf(skip)("the bundle", () => {
  const same = async (args: string[], input?: string) => {
    const io = input === undefined ? {} : { input };
    const [dist, bundle] = [await underlay(args, io), await underlay(args, { ...io, cli: BUNDLE })];
    expect(bundle).toEqual(dist);
    return dist;
  };
  const ns = () => (s as Scratch).name;

  it("-V and help, which load no command", async () => {
    expect((await same(["-V"])).stdout).toBe(`${JSON.parse(readFileSync(join(BUNDLE, "../../package.json"), "utf8")).version}\n`);
    await same(["--help"]);
    await same(["help", "addr"]);
    await same(["link", "add", "--help"]);
  });
  it("show commands over netlink, plain and -j -d", async () => {
    for (const args of [["link", "show"], ["-j", "-d", "link", "show", "va"], ["-j", "addr"], ["route"]])
      expect((await same(["-n", ns(), ...args])).code).toBe(0);
  });
  it("a -batch from stdin, decode, and failures", async () => {
    const batch = "addr add 192.0.2.7/32 dev va\naddr del 192.0.2.7/32 dev va\nlink show va\n";
    expect((await same(["-n", ns(), "-batch", "-"], batch)).code).toBe(0);
    const getlink = `200000001200010001000000000000000${"0".repeat(31)}`; // RTM_GETLINK, an empty ifinfomsg
    expect((await same(["-j", "decode", getlink])).code).toBe(0);
    expect((await same(["decode", "zz"])).code).toBe(1);
    expect((await same(["-n", ns(), "link", "show", "nosuch0"])).code).toBe(1);
    expect((await same(["nosuchcommand"])).code).toBe(1); // as ip: an unknown object is EXIT_FAILURE
  });
  it("zod's messages (the bundle keeps only its English locale), from driver status on a bad state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ul-bundle-"));
    try {
      mkdirSync(join(dir, "underlay"));
      const endpoints = [{ id: "a", networkId: "n", ifindex: 1.5 }];
      writeFileSync(join(dir, "underlay/driver-state.json"), JSON.stringify({ version: 2, networks: [], endpoints }));
      const r = await same(["driver", "status", "--state-dir", dir, "--socket-dir", dir]);
      expect(r.stderr).toContain("endpoints.0.ifindex: Invalid input: expected int, received number");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("is what scripts/setup installs as /usr/local/bin/underlay", (ctx) => {
    ctx.skip(!existsSync("/usr/local/bin/underlay"), "scripts/setup has not installed the command here");
    expect(realpathSync("/usr/local/bin/underlay")).toBe(realpathSync(BUNDLE));
    // Run through its #! line, which gives node its flags.
    expect(execFileSync("/usr/local/bin/underlay", ["-V"], { encoding: "utf8" })).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
