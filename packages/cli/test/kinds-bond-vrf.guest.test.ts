// bond and vrf through the CLI's kind plug-ins, on the guest rig's kernel (this host's has neither:
// skipped here with the reason). Each line is run by underlay in one netns and by ip in another: the
// kernel must hold the same (read back with ip -d), and underlay must print what ip prints.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";
import { expectSameAsIp, ip, missingIp } from "./support/ip-side-by-side.js";

/** Why bond or vrf links cannot be made here, or undefined. */
function missingBondVrf(): string | undefined {
  if (!IS_ROOT) return NOT_ROOT_REASON;
  const s = scratchNetns();
  try {
    for (const [name, o] of [
      ["probeb", { kind: "bond" }],
      ["probev", { kind: "vrf", table: 99 }],
    ] as const) {
      try {
        s.h.linkAdd({ name, ...o });
      } catch (e) {
        return `this kernel cannot make a ${o.kind} link (${(e as Error).message}): a [guest] test`;
      }
    }
    return undefined;
  } finally {
    s.dispose();
  }
}

const skip = missingCliBuild() ?? missingIp() ?? missingBondVrf();
let ours: Scratch;
let theirs: Scratch;

const LINES = [
  "link add bond0 type bond mode active-backup miimon 100 updelay 200 downdelay 200",
  "link add bond1 type bond mode 802.3ad lacp_rate fast xmit_hash_policy layer3+4 min_links 1",
  "link add bond2 type bond mode 2 xmit_hash_policy 1",
  "link add vrf0 type vrf table 10",
  "link set va master bond0",
  "link set vc master vrf0",
];
// The guest's CPU is emulated (TCG): each line starts node and ip.
const SLOW = 120_000;
const SHOWN = ["bond0", "bond1", "bond2", "vrf0", "va", "vc"];

// MACs differ between the two netns (veth MACs are random; a bond takes its first port's).
const noMacs = (s: string) => s.replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, "MAC");

async function detail(ns: string, dev: string): Promise<string> {
  const r = await ip(["-n", ns, "-d", "link", "show", dev]);
  return noMacs(r.stdout.replace(/^\d+: /gm, "N: "));
}

describe("[guest] bond and vrf link kinds", () => {
  beforeAll(async () => {
    if (skip) return console.log(`skipped: ${skip}`);
    ours = scratchNetns();
    theirs = scratchNetns();
    for (const s of [ours, theirs]) {
      s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
      s.h.linkAdd({ name: "vc", kind: "veth", peer: { name: "vd" } });
    }
    // One -batch each: a node start per line is too slow for the guest's emulated CPU.
    const input = LINES.join("\n");
    execFileSync("ip", ["-n", theirs.name, "-batch", "-"], { input });
    const u = await underlay(["-n", ours.name, "-batch", "-"], { input });
    expect(u).toMatchObject({ code: 0, stdout: "", stderr: "" });
  }, SLOW);
  beforeEach((ctx) => ctx.skip(skip !== undefined, skip));
  afterAll(() => {
    ours?.dispose();
    theirs?.dispose();
  });

  it.each(SHOWN)(
    "[guest] %s: the kernel holds what ip's same lines make",
    async (dev) => {
      expect(await detail(ours.name, dev)).toBe(await detail(theirs.name, dev));
    },
    SLOW,
  );

  it.each(SHOWN.flatMap((d) => [`-d link show ${d}`, `-j -d link show ${d}`]))(
    "[guest] %s: as ip prints it",
    async (line) => {
      await expectSameAsIp(ours.name, line);
    },
    SLOW,
  );

  it.each([
    "link show type bond",
    "link show type bond_slave",
    "link show master vrf0",
    "link show vrf vrf0",
    "-d link show master bond0",
  ])(
    "[guest] %s: as ip prints it",
    async (line) => {
      await expectSameAsIp(ours.name, line);
    },
    SLOW,
  );

  it(
    "[guest] a bad bond mode names the modes; a vrf without a table is refused; nothing is made",
    async () => {
      const add = (...w: string[]) => underlay(["-n", ours.name, "link", "add", "bx", ...w]);
      const mode = await add("type", "bond", "mode", "fastest");
      expect(mode.code).not.toBe(0);
      expect(mode.stderr).toContain("active-backup");
      const vrf = await add("type", "vrf");
      expect(vrf.code).not.toBe(0);
      expect(vrf.stderr).toContain("table");
      expect((await ip(["-n", ours.name, "link", "show", "bx"])).code).not.toBe(0);
    },
    SLOW,
  );
});
