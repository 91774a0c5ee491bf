// `underlay neigh` next to iproute2 6.1's `ip neigh`: the same lines in the same netns print the
// same bytes and exit alike; changes made by underlay are read back with ip.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";
import { missingIp } from "./support/ip-side-by-side.js";
import { expectSameAsIp } from "./support/same-as-ip.js";

let s: Scratch;
const ip = (line: string) => execFileSync("ip", ["-n", s.name, ...line.split(" ")], { encoding: "utf8" });
const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());

beforeAll(() => {
  if (skip) return;
  s = scratchNetns();
  ip("link add va type veth peer name vb");
  // No IPv6 link-locals: their DAD and router solicitations are traffic on the kernel's own clock.
  ip("link set va addrgenmode none");
  ip("link set vb addrgenmode none");
  ip("link set va up");
  ip("link set vb up");
  ip("addr add 10.0.0.1/24 dev va");
  ip("neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va");
  ip("neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev va nud stale router");
  ip("neigh add 10.0.0.4 lladdr 02:00:00:00:00:04 dev vb nud noarp extern_learn");
  ip("neigh add proxy 10.0.0.9 dev va");
  ip("neigh add fd00::2 lladdr 02:00:00:00:00:05 dev va nud stale protocol static");
});
afterAll(() => s?.dispose());

// Lines whose output does not move on its own (no -s: its ages tick between the two runs).
const SAME = [
  "neigh",
  "n",
  "neighbour show",
  "neigh show dev va",
  "neigh list dev vb",
  "-j neigh",
  "-j neigh show dev va",
  "-br neigh",
  "-br neigh show dev va",
  "-4 neigh",
  "-6 neigh",
  "-6 -j neigh",
  "-j -p neigh",
  "-0 neigh",
  "-br -j neigh",
  "neigh show master va",
  "neigh show vrf va",
  "neigh show nud all",
  "neigh show nud noarp",
  "neigh show nud perm",
  "neigh show nud stale nud permanent",
  "neigh show to 10.0.0.0/30",
  "neigh show 10.0.0.2",
  "neigh show proxy",
  "-j neigh show proxy",
  "neigh show protocol static",
  "neigh show unused",
  "-c neigh",
  "neigh get 10.0.0.2 dev va",
  "-j neigh get 10.0.0.3 dev va", // text: ip's get never opens its JSON
  // Failures: exit codes as ip's (messages are ours).
  "neigh get 10.0.0.7 dev va",
  "neigh show dev nosuch",
  "neigh show nud bogus",
  "neigh add 10.0.0.5 dev va nud bogus",
  "neigh add 10.0.0.5",
  "neigh add bogus dev va",
  "neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va",
  "neigh del 10.0.0.77 dev va",
  "neigh flush",
  "neigh bogus",
];

describe("neigh, as ip prints it", () => {
  it.skipIf(skip).each(SAME)("%s", (line) => expectSameAsIp(s.name, line));

  it.skipIf(skip)("-s: ip's layout, with the ages and probes", async () => {
    const r = await underlay(["-n", s.name, "-s", "neigh", "show", "dev", "va", "nud", "permanent"]);
    expect(r.stdout).toMatch(/^10\.0\.0\.2 lladdr 02:00:00:00:00:02 {2}used \d+\/\d+\/\d+probes 0 PERMANENT \n$/);
    const [j] = JSON.parse((await underlay(["-n", s.name, "-s", "-j", "neigh", "show", "10.0.0.2"])).stdout);
    expect(Object.keys(j)).toEqual(["dst", "dev", "lladdr", "used", "confirmed", "updated", "probes", "state"]);
  });
});

describe("neigh changes, read back with ip", () => {
  const ok = async (line: string) => {
    const r = await underlay(["-n", s.name, ...line.split(" ")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  };
  const shown = (line: string) => ip(line).trim();

  it.skipIf(skip)("add, replace, change and del; proxy entries", async () => {
    await ok("neigh add 10.0.0.20 ll 02:00:00:00:00:20 dev va nud reachable");
    expect(shown("neigh show 10.0.0.20")).toBe("10.0.0.20 dev va lladdr 02:00:00:00:00:20 REACHABLE");
    await ok("neigh repl 10.0.0.20 lladdr 02:00:00:00:00:21 dev va");
    await ok("neigh change to 10.0.0.20 lladdr 02:00:00:00:00:22 dev va nud stale router");
    expect(shown("neigh show 10.0.0.20")).toBe("10.0.0.20 dev va lladdr 02:00:00:00:00:22 router STALE");
    await ok("neigh d 10.0.0.20 dev va");
    expect(shown("neigh show 10.0.0.20")).toBe("");
    await ok("neigh add proxy 10.0.0.21 dev vb");
    expect(shown("neigh show proxy dev vb")).toBe("10.0.0.21 proxy");
    await ok("neigh del proxy 10.0.0.21 dev vb");
    expect(shown("neigh show proxy dev vb")).toBe("");
    await ok("neigh add proxy 10.0.0.22"); // no dev: a proxy entry for every link, as ip allows
    expect(shown("neigh show proxy to 10.0.0.22")).toBe("10.0.0.22 proxy");
    await ok("neigh flush proxy to 10.0.0.22");
    expect(shown("neigh show proxy to 10.0.0.22")).toBe("");
  });

  it.skipIf(skip)(
    "flush removes what is not permanent or noarp (extern_learn whatever its state, as ip); -s counts the rounds",
    async () => {
      ip("neigh add 10.0.0.30 lladdr 02:00:00:00:00:30 dev vb nud stale");
      ip("neigh add 10.0.0.31 lladdr 02:00:00:00:00:31 dev vb nud reachable");
      ip("neigh add 10.0.0.32 lladdr 02:00:00:00:00:32 dev vb");
      const r = await underlay(["-n", s.name, "-s", "neigh", "flush", "dev", "vb"]);
      expect(r.stdout).toBe("\n*** Round 1, deleting 3 entries ***\n*** Flush is complete after 1 round ***\n");
      expect(shown("-4 neigh show dev vb nud all")).toBe("10.0.0.32 lladdr 02:00:00:00:00:32 PERMANENT");
      expect((await underlay(["-n", s.name, "-s", "neigh", "flush", "dev", "vb"])).stdout).toBe("Nothing to flush.\n");
    },
  );
});
