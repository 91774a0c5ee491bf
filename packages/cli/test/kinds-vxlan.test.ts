// vxlan through the CLI's kind plug-in: `link add … type vxlan …` makes what ip's same line makes
// (read back from the kernel with ip), and `-d`/`-j -d` print what ip prints for it, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";
import { expectSameAsIp, ip, missingIp } from "./support/ip-side-by-side.js";

const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());
let ours: Scratch;
let theirs: Scratch;

// Each line made by underlay in one netns and by ip in another with an identical underlay.
const ADDS = [
  "link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 dev va",
  "link add vx1 type vxlan id 7 remote 192.0.2.9 dstport 8472 nolearning",
  "link add vx2 type vxlan id 8 group 239.1.1.1 dev va ttl 5 dstport 0",
  "link add vx3 type vxlan vni 16777215 remote 2001:db8::9 local 2001:db8::1 dstport 4789 ttl auto",
];

beforeAll(async () => {
  if (skip) return;
  ours = scratchNetns();
  theirs = scratchNetns();
  for (const s of [ours, theirs]) {
    s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
    s.h.addrAdd("va", "192.0.2.1/24");
  }
  for (const line of ADDS) {
    const words = line.split(" ");
    const [u, i] = await Promise.all([underlay(["-n", ours.name, ...words]), ip(["-n", theirs.name, ...words])]);
    expect(i.code, i.stderr).toBe(0);
    expect(u, line).toMatchObject({ code: 0, stdout: "" });
  }
});
afterAll(() => {
  ours?.dispose();
  theirs?.dispose();
});

/** ip's own -d line of a link: what the kernel holds, without the MAC it made up. */
async function kindLine(ns: string, dev: string): Promise<string> {
  const r = await ip(["-n", ns, "-d", "link", "show", dev]);
  return r.stdout.split("\n").find((l) => l.includes(" vxlan ")) ?? r.stdout;
}

describe("vxlan", () => {
  it.each(["vx0", "vx1", "vx2", "vx3"])("%s: the kernel holds what ip's same line makes", async (dev) => {
    if (skip) return;
    expect(await kindLine(ours.name, dev)).toBe(await kindLine(theirs.name, dev));
  });

  it.each(["vx0", "vx1", "vx2", "vx3"].flatMap((d) => [`-d link show ${d}`, `-j -d link show ${d}`, `-o -d link show ${d}`]))(
    "%s: as ip prints it",
    async (line) => {
      if (skip) return;
      await expectSameAsIp(ours.name, line);
    },
  );

  it("link show type vxlan lists them", async () => {
    if (skip) return;
    await expectSameAsIp(ours.name, "link show type vxlan");
  });

  it("ip's warning on stderr when dstport is left to the kernel", async () => {
    if (skip) return;
    const r = await underlay(["-n", ours.name, "link", "add", "vx9", "type", "vxlan", "id", "9"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("vxlan: destination port not specified");
    expect(await kindLine(ours.name, "vx9")).toContain("dstport 8472 ");
  });

  it("a missing id, a bad id and an unknown word are refused with what is allowed", async () => {
    if (skip) return;
    const add = (...w: string[]) => underlay(["-n", ours.name, "link", "add", "vxe", "type", "vxlan", ...w]);
    expect((await add("dstport", "4789")).stderr).toContain("missing virtual network identifier");
    const big = await add("id", "16777216");
    expect(big.code).not.toBe(0);
    expect(big.stderr).toContain("16777215");
    const odd = await add("id", "1", "frob");
    expect(odd.code).toBe(1);
    expect(odd.stderr).toContain("underlay takes id, vni, remote");
    expect((await ip(["-n", ours.name, "link", "show", "vxe"])).code).not.toBe(0);
  });
});
