// Changes compared side by side: the same command line run by `ip` in one netns and by `underlay`
// in its twin (built alike), then the two netns' addresses and routes read back by `ip` itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../../netlink/test/support/live.js";
import { type CliResult, missingCliBuild, underlay } from "./cli.js";
import { expectErrorAsIp, expectSameAsIp, ip, missingIp } from "./ip-side-by-side.js";

/** What differs between twins by chance: MACs, link-local addresses made of them, ageing lifetimes. */
export function normalise(text: string): string {
  return text
    .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, "MAC")
    .replace(/fe80::[0-9a-f:]+/g, "fe80::LL")
    .replace(/\d+sec/g, "Nsec")
    .replace(/"(valid|preferred)_life_time": ?(?!4294967295\b)\d+/g, '"$1_life_time":N');
}

/** Addresses and routes of every table and family, as ip prints them. */
export async function netState(ns: string): Promise<string> {
  const parts = await Promise.all(
    [["addr"], ["route", "show", "table", "all"], ["-6", "route", "show", "table", "all"]].map((a) => ip(["-n", ns, ...a])),
  );
  return normalise(parts.map((p) => p.stdout).join("---\n"));
}

export interface TwinResult {
  ip: CliResult;
  underlay: CliResult;
  ipState: string;
  underlayState: string;
}

/** Runs `line` with ip in `a` and with underlay in `b`; both netns' state after it. */
export async function twins(a: Scratch, b: Scratch, line: string): Promise<TwinResult> {
  const words = line.split(" ");
  const [r1, r2] = await Promise.all([ip(["-n", a.name, ...words]), underlay(["-n", b.name, ...words])]);
  const [s1, s2] = await Promise.all([netState(a.name), netState(b.name)]);
  return { ip: r1, underlay: r2, ipState: s1, underlayState: s2 };
}

/** Runs ip's own command lines in netns `ns` (a test's set-up); a failure names the line. */
export async function ipSetup(ns: string, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    const r = await ip(["-n", ns, ...line.split(" ")]);
    if (r.code) throw new Error(`ip ${line}: ${r.stderr}`);
  }
}

/** Twins after `line`: the same addresses and routes, the same exit code and stdout, stderr alike empty or not. */
export async function expectTwinsAlike(a: Scratch, b: Scratch, line: string): Promise<void> {
  const r = await twins(a, b, line);
  expect(r.underlayState).toBe(r.ipState);
  expect(r.underlay.code).toBe(r.ip.code);
  expect(r.underlay.stdout).toBe(r.ip.stdout);
  expect(r.underlay.stderr === "").toBe(r.ip.stderr === "");
}

/** Why side-by-side tests cannot run here, or undefined. */
const missing = () => (!IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp()));

/** One netns, built by ip from `setup` before this file's tests and removed after them. */
function netnsBuiltByIp(setup: readonly string[], skip: string | undefined, twin: boolean): () => [Scratch, Scratch] {
  let a: Scratch | undefined;
  let b: Scratch | undefined;
  beforeAll(async () => {
    if (skip) return;
    a = scratchNetns();
    b = twin ? a.other() : a;
    await Promise.all([...new Set([a, b])].map((s) => ipSetup(s.name, setup)));
  });
  afterAll(() => a?.dispose());
  return () => [a as Scratch, b as Scratch];
}

/**
 * A file's changes against ip's: twin netns built by ip from `setup`, then each of `lines` in
 * order (later lines change what earlier ones made), run by ip in one twin and by underlay in the
 * other, the twins alike after each. Skipped, with the reason, without root, the build or ip.
 */
export function describeTwinChanges(title: string, setup: readonly string[], lines: readonly string[]): void {
  const skip = missing();
  const twins = netnsBuiltByIp(setup, skip, true);
  describe(title, () => {
    it.for(lines)("%s", async (line, ctx) => {
      ctx.skip(skip !== undefined, skip);
      await expectTwinsAlike(...twins(), line);
    });
  });
}

/**
 * A file's read-only lines against ip's, on one netns built by ip from `setup`: `same` print what
 * ip prints (after normalise()) and exit alike; `errors` exit as ip does, with a message on stderr.
 */
export function describeSameAsIp(
  title: string,
  setup: readonly string[],
  same: readonly string[],
  errors: readonly string[],
): void {
  const skip = missing();
  const netns = netnsBuiltByIp(setup, skip, false);
  describe(title, () => {
    it.for(same)("%s", async (line, ctx) => {
      ctx.skip(skip !== undefined, skip);
      await expectSameAsIp(netns()[0].name, line, normalise);
    });
    it.for(errors)("%s: ip's exit code, a message on stderr, nothing on stdout", async (line, ctx) => {
      ctx.skip(skip !== undefined, skip);
      await expectErrorAsIp(netns()[0].name, line);
    });
  });
}
