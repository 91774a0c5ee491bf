// `underlay link show` against iproute2 6.1's `ip link show` on the same netns: the same bytes on
// stdout and the same exit code, for the layouts (default, -d, -s, -br, -o, -c, -j) and the filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, missingKind, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild } from "./support/cli.js";
import { both, expectErrorAsIp, expectSameAsIp, missingIp } from "./support/ip-side-by-side.js";

const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());
let s: Scratch;
let other: Scratch;

beforeAll(() => {
  if (skip) return;
  s = scratchNetns();
  other = s.other();
  // va/vb down (their counters stay still for -s), va in br0, an alias, a peer in another netns.
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
  s.h.linkAdd({ name: "br0", kind: "bridge" });
  s.h.linkSet("va", { master: "br0" });
  s.h.linkSet("vb", { alias: "to the bridge" });
  s.h.linkAdd({ name: "vx", kind: "veth", peer: { name: "vy", netns: { name: other.name } }, up: true });
  if (!missingKind("macvlan")) s.h.linkAdd({ name: "mv0", kind: "macvlan", parent: "vb", mode: "bridge" });
  // vx is up with its peer down: the kernel's linkwatch moves it to LOWERLAYERDOWN a moment later,
  // and both tools must see it after that.
  const lowerDown = () => s.h.linkGet("vx").attrs.operstate === 3;
  for (let i = 0; i < 100 && !lowerDown(); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
});
afterAll(() => s?.dispose());

// Lines whose output holds still: no counters of a link that is up, no bridge timers (-d on br0/va).
const SAME_AS_IP = [
  "link",
  "link show",
  "link sh",
  "link ls",
  "link list",
  "link show dev vb",
  "link show vb",
  "link show vx",
  "-o link",
  "-br link",
  "-br link show vx",
  "-c link",
  "-c -br link",
  "-j link",
  "-j -p link",
  "-d link show vb",
  "-d link show lo",
  "-d link show vx",
  "-d link show mv0",
  "-j -d link show vb",
  "-j -d link show vx",
  "-j -d link show mv0",
  "-o -d link show vb",
  "-s link show vb",
  "-s -s link show va",
  "-j -s link show vb",
  "-j -s -s link show va",
  "-s -br link show va",
  "link show type veth",
  "link show type bridge",
  "link show type bridge_slave",
  "link show type dummy",
  "link show type nosuchkind",
  "-j link show type nosuchkind",
  "-j link show dev vb type bridge",
  "-j link show up",
  "link show master br0",
  "link show nomaster",
  "link show up",
  "link show group default",
  "link show group 0",
  "link show group 7",
  "link show label x",
  "link show dev vb type veth",
  "link show va type bridge",
];

const ERRORS_AS_IP = [
  "link show nosuch0",
  "link show va vb",
  "link show master nosuch0",
  "link show vrf br0",
  "link show group nosuchgroup",
  "link show dev",
  "link show to 10.0.0.1",
  "link frob",
];

describe("link show prints what ip link show prints", () => {
  it.each(SAME_AS_IP)("%s", async (line) => {
    if (skip) return;
    if (line.includes("mv0") && missingKind("macvlan")) return;
    await expectSameAsIp(s.name, line);
  });

  it.each(ERRORS_AS_IP)("%s: ip's exit code, a message on stderr, nothing on stdout", async (line) => {
    if (skip) return;
    await expectErrorAsIp(s.name, line);
  });

  // A bridge's timers run (gc_timer): the same layout, with their values taken out.
  it.each(["-d link", "-j -d link", "-d link show br0", "-j -p -d link show br0", "-d link show va", "-o -d link"])(
    "%s (bridge timers aside)",
    async (line) => {
      if (skip) return;
      await expectSameAsIp(s.name, line, (out) => out.replace(/(_timer"?:?) *[0-9]+\.[0-9]{2}/g, "$1 T"));
    },
  );

  it("link-netns names the peer's netns; -j gives its nsid as link_netnsid", async () => {
    if (skip) return;
    const r = await both(s.name, "link show vx");
    expect(r.underlay.stdout).toContain(`link-netns ${other.name}`);
    const j = await both(s.name, "-j link show vx");
    expect(JSON.parse(j.underlay.stdout)[0]).toMatchObject({ link_index: expect.any(Number), link_netnsid: expect.any(Number) });
  });
});
