// Runs the real `underlay` binary (the built CLI) and captures what it prints.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const CLI = join(import.meta.dirname, "../../dist/main.js");
/** What scripts/setup installs as /usr/local/bin/underlay: dist bundled by scripts/bundle.mjs. */
export const BUNDLE = join(import.meta.dirname, "../../bundle/main.js");

export function missingCliBuild(): string | undefined {
  return existsSync(CLI) ? undefined : `the CLI is not built (${CLI}); scripts/setup builds it`;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function underlay(args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cli?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [o.cli ?? CLI, ...args],
      { encoding: "utf8", env: o.env ?? process.env, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(o.input ?? "");
  });
}

/** Runs it in netns `ns` with -j and parses stdout; fails loudly with stderr when it did not work. */
export async function underlayJson(ns: string, ...args: string[]): Promise<unknown> {
  const r = await underlay(["-j", "-n", ns, ...args]);
  if (r.code !== 0) throw new Error(`underlay ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Runs it in netns `ns` and expects success; returns stdout. */
export async function underlayOk(ns: string, ...args: string[]): Promise<string> {
  const r = await underlay(["-n", ns, ...args]);
  if (r.code !== 0) throw new Error(`underlay ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}
