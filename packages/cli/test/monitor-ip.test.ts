// `underlay monitor` next to iproute2 6.1's `ip monitor`: both listen in one netns while the test
// makes changes; what each printed between two marker rules must be the same bytes. ip's topics
// underlay does not follow (netconf, nsid, …) are left out of ip's side.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { CLI, missingCliBuild } from "./support/cli.js";
import { missingIp } from "./support/ip-side-by-side.js";

let s: Scratch;
const ip = (line: string) => execFileSync("ip", ["-n", s.name, ...line.split(" ")], { stdio: "ignore" });
const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  if (!skip) s = scratchNetns();
});
afterEach(() => s?.dispose());

interface Listener {
  child: ChildProcess;
  out: () => string;
}

function listen(cmd: string, args: string[]): Listener {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (c) => {
    out += c;
  });
  child.stderr?.on("data", (c) => {
    out += `STDERR ${c}`;
  });
  return { child, out: () => out };
}

/** What marks a point in the stream: a rule (IPv4 or IPv6) or a veth pair, added and deleted. */
type Marker = "rule" | "rule6" | "link";

/** Adds and deletes marker `n` until every listener printed its deletion; the offsets after that line. */
async function mark(ls: Listener[], n: number, marker: Marker): Promise<number[]> {
  const deleted = marker === "link" ? `: mq${n}@NONE: ` : `Deleted ${n}:`;
  const seen = (l: Listener) => l.out().lastIndexOf(deleted);
  for (let i = 0; i < 50 && ls.some((l) => seen(l) < 0); i++) {
    if (marker === "link") {
      ip(`link add mk${n} type veth peer name mq${n}`);
      ip(`link del mk${n}`);
    } else {
      const family = marker === "rule6" ? "-6 " : "";
      ip(`${family}rule add pref ${n} table ${n}`);
      ip(`${family}rule del pref ${n}`);
    }
    await pause(100);
  }
  return ls.map((l, i) => {
    const at = seen(l);
    expect(at, `marker ${n} not seen by ${i ? "underlay" : "ip"} in: ${l.out()}`).toBeGreaterThanOrEqual(0);
    return l.out().indexOf("\n", at) + 1;
  });
}

/** What ip and underlay print for the same changes, between two marker rules. */
async function sideBySide(
  args: string[],
  changes: () => void,
  marker: Marker = "rule",
): Promise<{ ip: string; underlay: string }> {
  // ip's stdout is a pipe here: line-buffered by stdbuf, or events would wait in stdio's buffer.
  const ls = [listen("stdbuf", ["-oL", "ip", "-n", s.name, ...args]), listen(process.execPath, [CLI, "-n", s.name, ...args])];
  try {
    const from = await mark(ls, 7777, marker);
    changes();
    const to = await mark(ls, 7778, marker);
    // Without the second marker's events: from the line that names it (or its -t stamp line) on.
    const token = marker === "link" ? /m[kq]7778/ : /\b7778:/;
    const [a, b] = ls.map((l, i) => {
      const lines = l
        .out()
        .slice(from[i], to[i])
        .split(/(?<=\n)/);
      let cut = lines.findIndex((line) => token.test(line));
      if (cut > 0 && lines[cut - 1]?.startsWith("Timestamp: ")) cut--;
      return lines.slice(0, cut).join("");
    });
    return { ip: a as string, underlay: b as string };
  } finally {
    for (const l of ls) l.child.kill();
  }
}

const ours = (text: string, banner: boolean) =>
  text
    .split(/(?<=\n)(?=\S)/)
    .filter((e) => !(banner ? /^\[(NETCONF|NSID|NEXTHOP)\]/.test(e) : /^(Deleted )?inet6? \S+ (forwarding|\n$)/.test(e)))
    .join("");

function changes() {
  ip("link add va type veth peer name vb");
  ip("link set va up");
  ip("addr add 10.0.0.1/24 dev va");
  ip("-6 addr add fd00::1/64 dev va nodad");
  ip("neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va");
  ip("rule add from 10.1.0.0/16 table 5 pref 100");
  ip("-6 rule add from fd00::/64 table 5 pref 100");
  ip("route add 10.5.0.0/16 via 10.0.0.2");
  ip("route del 10.5.0.0/16");
  ip("rule del pref 100");
  ip("neigh del 10.0.0.2 dev va");
  ip("addr del 10.0.0.1/24 dev va");
  ip("link set vb mtu 1400");
  ip("link del va");
}

describe("monitor, as ip prints it", () => {
  const cases: [string[], Marker][] = [
    [["monitor"], "rule"],
    [["monitor", "all"], "rule"],
    [["monitor", "label", "link", "address"], "link"],
    [["-4", "monitor", "r", "ru", "n"], "rule"],
    [["-6", "monitor", "route", "rule"], "rule6"],
    [["-o", "monitor", "link", "addr"], "link"],
    [["-d", "monitor", "link"], "link"],
  ];
  for (const [args, marker] of cases)
    it.skipIf(skip)(
      args.join(" "),
      async () => {
        const r = await sideBySide(args, changes, marker);
        expect(r.underlay).toBe(ours(r.ip, args.includes("all")));
        expect(r.underlay).not.toBe("");
      },
      30_000,
    );

  it.skipIf(skip)(
    "-ts and -t: ip's stamps in front of each event",
    async () => {
      const short = await sideBySide(["-ts", "monitor", "rule"], () => ip("rule add pref 10 table 10"));
      expect(short.underlay).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\] 10:\tfrom all lookup 10\n$/);
      const long = await sideBySide(["-t", "monitor", "rule"], () => ip("rule del pref 10"));
      expect(long.underlay).toMatch(
        /^Timestamp: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} \d+ usec\nDeleted 10:\tfrom all lookup 10\n$/,
      );
    },
    30_000,
  );
});
