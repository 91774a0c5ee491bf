// `underlay link add|set|delete` words read as iproute2 6.1's iplink_parse reads them: each line
// runs through ip in one netns and through underlay in a twin built alike; the exit codes, whether
// anything went to stderr, stdout, and the links left behind (ip -d link show) must be the same.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, missingKind, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";
import { ip, linkState, missingIp } from "./support/ip-side-by-side.js";

const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());
let a: Scratch;
let b: Scratch;

function fixture(s: Scratch): void {
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
  s.h.linkAdd({ name: "br0", kind: "bridge" });
}

beforeEach(() => {
  if (skip) return;
  a = scratchNetns();
  b = scratchNetns();
  fixture(a);
  fixture(b);
});
afterEach(() => {
  a?.dispose();
  b?.dispose();
});

const LINES = [
  // ip's prefixes: a = address, m = master, n = nomaster, t = txqueuelen, l = link, d = delete, s = set
  "link set va mtu 1400",
  "link set dev va addr 02:11:22:33:44:55",
  "link set va a 02:11:22:33:44:55 mtu 1300",
  "link s va m br0",
  "link set va master br0 nomaster",
  "link set va n",
  "link set va t 50",
  "link set va qlen 60",
  "link set va txqlen 70",
  "link set va alias hello",
  "link set va al hi",
  "link set va name vz",
  "link set dev va name vz down",
  "link set va name va",
  "link change va mtu 1280",
  "link set va",
  "link set va promisc on",
  "link set va arp off",
  "link set va group 5",
  "link set va multicast off allmulticast on",
  "link set va dynamic on",
  "link set va trailers off up",
  "link add name x type veth peer name y",
  "link add x type veth peer y",
  "link add x type veth peer name y mtu 1400 address 02:00:00:00:00:07",
  "link add x type veth",
  "link add x mtu 1300 type veth peer y",
  "link add dev x type veth",
  "link add br1 type bridge s 1 v 1",
  "link add br1 type bridge stp_state 1 vlan_filtering 1",
  "link add br1 type bridge foo 5",
  "link delete va",
  "link del va",
  "link d va",
  "link del dev va",
  // errors: ip's exit code, a message on stderr, nothing changed
  "link del nosuch0",
  "link set nosuch0 up",
  "link set up",
  "link set va vb up",
  "link set va mtu abc",
  "link add x",
  "link add vb type veth",
  "link add x type veth peer y garbage",
  "link add name x dev y type veth",
  "link add x type veth peer y type veth",
  "link frob va",
  "link set va promisc maybe",
  "link set va group foo",
  "link add vk type nosuchkind",
];
const MACVLAN_LINES = [
  "link add link va mv0 type macvlan mode bridge",
  "link add mv0 link va type macvlan",
  "link add l va mv0 type macvlan",
];

describe("link add/set/delete change what ip changes", () => {
  it.each([...LINES, ...MACVLAN_LINES])("%s", async (line) => {
    if (skip) return;
    if (MACVLAN_LINES.includes(line) && missingKind("macvlan")) return;
    const words = line.split(" ");
    const [byIp, byUs] = await Promise.all([ip(["-n", a.name, ...words]), underlay(["-n", b.name, ...words])]);
    expect(byUs.code).toBe(byIp.code);
    expect(byUs.stderr === "").toBe(byIp.stderr === "");
    expect(byUs.stdout).toBe(byIp.stdout);
    // A link just set up reaches its operstate through the kernel's linkwatch a moment later: let both settle.
    let [left, right] = [await linkState(a.name), await linkState(b.name)];
    for (let i = 0; i < 20 && left !== right; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [left, right] = [await linkState(a.name), await linkState(b.name)];
    }
    expect(right).toBe(left);
  });
});
