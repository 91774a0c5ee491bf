// underlay's additions to ip monitor: -j (one JSON object per event, with a timestamp; ip monitor
// has no JSON) and --count N; and ip's exit codes for words it refuses.
import { execFileSync, spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { CLI, missingCliBuild, underlay } from "./support/cli.js";

let s: Scratch;
const ip = (line: string) => execFileSync("ip", ["-n", s.name, ...line.split(" ")], { stdio: "ignore" });
const skip = !IS_ROOT ? NOT_ROOT_REASON : missingCliBuild();

beforeEach(() => {
  if (skip) return;
  s = scratchNetns();
  ip("link add va type veth peer name vb");
});
afterEach(() => s?.dispose());

/** `underlay -n NS -j monitor ARGS --count N`, poking until it has printed N events and exited. */
async function events(args: string[], count: number, poke: (i: number) => void): Promise<Record<string, unknown>[]> {
  const child = spawn(process.execPath, [CLI, "-n", s.name, "-j", "monitor", ...args, "--count", String(count)]);
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  const done = new Promise<number | null>((r) => child.once("exit", r));
  let exited = false;
  void done.then(() => {
    exited = true;
  });
  for (let i = 0; !exited && i < 40; i++) {
    poke(i);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await done).toBe(0);
  return out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("monitor -j", () => {
  it.skipIf(skip)(
    "neigh: the entry as ip -j neigh prints it, with topic, action and time",
    async () => {
      const [ev] = await events(["neigh"], 1, (i) => ip(`neigh add 10.0.0.${i + 2} lladdr 02:00:00:00:00:02 dev va`));
      expect(ev).toMatchObject({
        topic: "neigh",
        action: "new",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        neigh: { dst: expect.stringMatching(/^10\.0\.0\.\d+$/), dev: "va", lladdr: "02:00:00:00:00:02", state: ["PERMANENT"] },
      });
    },
    20_000,
  );

  it.skipIf(skip)(
    "rule: added and deleted, as ip -j rule prints it; --count 2 stops after two",
    async () => {
      const evs = await events(["rule"], 2, (i) => {
        ip(`rule add from 10.1.0.0/16 table 5 pref ${100 + i}`);
        ip(`rule del pref ${100 + i}`);
      });
      expect(evs.map((e) => [e.topic, e.action])).toEqual([
        ["rule", "new"],
        ["rule", "del"],
      ]);
      expect(evs[0]?.rule).toEqual({ priority: expect.any(Number), src: "10.1.0.0", srclen: 16, table: "5" });
    },
    20_000,
  );
});

describe("monitor: words ip refuses, and what underlay does not follow", () => {
  it.skipIf(skip).each([
    [["monitor", "links"], 255],
    [["monitor", "netconf"], 255],
    [["monitor", "file", "x"], 255],
    [["monitor", "dev", "nosuch"], 255],
  ])("%j exits %i", async (args, code) => {
    const r = await underlay(["-n", s.name, ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^underlay: /);
  });
});
