// `underlay rule` next to iproute2 6.1's `ip rule`: the same lines in the same netns print the
// same bytes and exit alike; rules added by each in twin netns leave the same rules behind.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";
import { ip, missingIp } from "./support/ip-side-by-side.js";
import { expectSameAsIp } from "./support/same-as-ip.js";

let s: Scratch;
let twinIp: Scratch;
let twinUl: Scratch;
const ipIn = (ns: string, line: string) => execFileSync("ip", ["-n", ns, ...line.split(" ")], { encoding: "utf8" });
const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());

beforeAll(() => {
  if (skip) return;
  s = scratchNetns();
  twinIp = scratchNetns();
  twinUl = scratchNetns();
  ipIn(s.name, "link add va type veth peer name vb");
  for (const line of [
    "rule add from 10.1.0.0/16 table 100 pref 1000",
    "rule add not to 10.2.0.0/24 fwmark 0x10/0xff iif va oif vb tos 0x10 lookup main pref 1001",
    "rule add uidrange 100-200 ipproto tcp sport 80 dport 1000-2000 prohibit pref 1002",
    "rule add lookup 200 suppress_prefixlength 0 pref 1003",
    "rule add l3mdev pref 5",
    "rule add fwmark 5 goto 1000 pref 6",
    "rule add nop pref 7",
    "rule add blackhole proto static pref 8",
    "rule add from 10.3.0.1 table 5000 realms 3/4 pref 9",
    "-6 rule add from fd00::/64 table 5 pref 100",
    "-6 rule add to fd00:1::/64 unreachable pref 101",
  ])
    ipIn(s.name, line);
});
afterAll(() => {
  for (const n of [s, twinIp, twinUl]) n?.dispose();
});

const SAME = [
  "rule",
  "ru",
  "rule show",
  "rule lst",
  "-6 rule",
  "-j rule",
  "-6 -j rule",
  "-j -p rule",
  "-0 rule",
  "-d rule",
  "-j -d rule",
  "-N rule",
  "-c rule",
  "rule show table 100",
  "rule show lookup main",
  "rule show pref 1001",
  "rule list from 10.1.0.0/16",
  "rule show from 10.1.0.0/8",
  "rule show to 10.2.0.0/24",
  "rule show not",
  "rule show iif va",
  "rule show oif vb",
  "rule show fwmark 0x10/0xff",
  "rule show l3mdev",
  "rule show uidrange 100-200",
  "rule show ipproto tcp",
  "rule show dport 1000-2000",
  "rule show tos 0x10",
  "-6 rule show from fd00::/64",
  // Failures: exit codes as ip's (messages are ours).
  "rule add",
  "rule del",
  "rule add foo",
  "rule add table 100 pref 1000 from 10.1.0.0/16",
  "rule add from fd00::/64 table 5",
  "rule add l3mdev table 9",
  "rule show table nosuch",
  "rule bogus",
];

describe("rule, as ip prints it", () => {
  it.skipIf(skip).each(SAME)("%s", (line) => expectSameAsIp(s.name, line));
});

describe("rule changes, in twin netns", () => {
  const rules = async (ns: string) => (await ip(["-n", ns, "rule"])).stdout + (await ip(["-n", ns, "-6", "rule"])).stdout;

  it.skipIf(skip)("add, del and flush leave what ip's leave", async () => {
    const lines = [
      "rule add from 10.1.0.0/16 table 100 pref 1000",
      "rule add to 10.9.0.0/16 table 7",
      "rule add fwmark 0x20/0xf0 iif va pri 1500 lookup 70000",
      "rule add ipproto udp dport 53 table 9 order 1600",
      "rule add from all lookup 200 suppress_prefixlength 0",
      "rule add pref 1700 table main suppress_ifgroup default",
      "rule add blackhole",
      "-6 rule add from fd00::/64 table 5",
      "rule del pref 1000",
      "rule del table 7",
      "rule flush table 200",
      "-6 rule flush",
      "rule flush",
    ];
    for (const line of lines) {
      const words = line.split(" ");
      const [a, b] = await Promise.all([ip(["-n", twinIp.name, ...words]), underlay(["-n", twinUl.name, ...words])]);
      expect(b.code, line).toBe(a.code);
      expect(await rules(twinUl.name), line).toBe(await rules(twinIp.name));
    }
  });
});
