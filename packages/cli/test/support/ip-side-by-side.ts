// iproute2's `ip` next to `underlay`: the same command line in the same netns (show), or in twin
// netns built alike (changes), compared as the parity corpus compares them.
import { execFile, execFileSync } from "node:child_process";
import { expect } from "vitest";
import { type CliResult, underlay } from "./cli.js";

/** The ip whose output we match byte for byte; another version lays some lines out differently. */
export const IP_VERSION = "iproute2-6.1.0";

export function missingIp(): string | undefined {
  try {
    const v = execFileSync("ip", ["-V"], { encoding: "utf8" });
    return v.includes(IP_VERSION) ? undefined : `ip is not ${IP_VERSION}: ${v.trim()}`;
  } catch {
    return "no ip binary";
  }
}

export function ip(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile("ip", args, { encoding: "utf8" }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs `line` through both in netns `ns`: what each printed and exited with. */
export async function both(ns: string, line: string): Promise<{ ip: CliResult; underlay: CliResult }> {
  const words = line.split(" ");
  const [a, b] = await Promise.all([ip(["-n", ns, ...words]), underlay(["-n", ns, ...words])]);
  return { ip: a, underlay: b };
}

/**
 * `ip -d link show` of a netns with what differs between two netns built alike taken out: MACs
 * (random), bridge ids made of them, and the bridge's running timers.
 */
export async function linkState(ns: string): Promise<string> {
  const r = await ip(["-n", ns, "-d", "link", "show"]);
  return r.stdout
    .replace(/[0-9a-f]{4}\.[0-9a-f:]+/g, "ID") // before MACs: a bridge id is printed as 8000.MAC
    .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, "MAC")
    .replace(/(timer) +[0-9.]+/g, "$1 T");
}

/** The line prints the same bytes through both, with the same exit code and nothing on our stderr. */
export async function expectSameAsIp(ns: string, line: string, normalise: (out: string) => string = (o) => o): Promise<void> {
  const r = await both(ns, line);
  expect(r.underlay.stderr).toBe("");
  expect(normalise(r.underlay.stdout)).toBe(normalise(r.ip.stdout));
  expect(r.underlay.code).toBe(r.ip.code);
}

/** The line fails as ip fails it: the same exit code and stdout, and a message on stderr (ours may word it otherwise). */
export async function expectErrorAsIp(ns: string, line: string): Promise<void> {
  const r = await both(ns, line);
  expect(r.underlay.code).toBe(r.ip.code);
  expect(r.underlay.stdout).toBe(r.ip.stdout);
  expect(r.underlay.stderr).not.toBe("");
}
