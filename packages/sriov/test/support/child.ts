// Child processes for the crash tests: crash-child.mjs runs one VfPool call through the BUILT
// packages (a plain node process cannot load the TypeScript sources). Before a file's tests, the
// script and every module it loads are copied to a temporary folder on local disk: the guest rig
// reads the working tree over 9p, where loading them would cost each child seconds.
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import type { AllocationRequest } from "@underlay/sriov";
import { afterAll, beforeAll } from "vitest";

const CHILD = join(import.meta.dirname, "crash-child.mjs");
const SRIOV = join(import.meta.dirname, "../..");
/** Where the search for installed packages ends: the workspace root. */
const ROOT = join(SRIOV, "../..");
/** Types, sources, source maps, docs: nothing a child loads. */
const BUILD_ONLY = /\.(ts|cts|mts|map|md)$/;
/** The module names a built file imports, as in `from "x"`, `import "x"` and `import("x")`. */
const IMPORTS = /(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g;

/** Where node finds package `dep` from the package in `dir` (a real path): itself, or up the node_modules folders. */
async function findPackage(dir: string, dep: string): Promise<string | undefined> {
  if (JSON.parse(await readFile(join(dir, "package.json"), "utf8")).name === dep) return dir;
  for (let d = dir; d.startsWith(ROOT); d = dirname(d)) {
    const at = join(d, "node_modules", dep);
    if (!d.endsWith(`${sep}node_modules`) && existsSync(join(at, "package.json"))) return realpathSync(at);
  }
  return undefined;
}

/** The packages a file's bare imports name ("@scope/name/sub" is "@scope/name"), builtins left out. */
function importedPackages(text: string): string[] {
  return [...text.matchAll(IMPORTS)]
    .map((m) => m[1] as string)
    .filter((spec) => !spec.startsWith(".") && !spec.startsWith("node:"))
    .map((spec) =>
      spec
        .split("/")
        .slice(0, spec.startsWith("@") ? 2 : 1)
        .join("/"),
    );
}

/** Copies one built module of a workspace package, checking it is not older than its source; returns what it imports. */
async function stageModule(dir: string, to: string, source: string): Promise<string[]> {
  const built = source.replace(/\.ts$/, ".js");
  const out = join(dir, "dist", built);
  if (!existsSync(out) || (await stat(out)).mtimeMs < (await stat(join(dir, "src", source))).mtimeMs) {
    throw new Error(
      `${out} is older than its source: run \`pnpm run build\` (the crash tests' child processes load the built packages)`,
    );
  }
  const text = await readFile(out, "utf8");
  await mkdir(dirname(join(to, "dist", built)), { recursive: true });
  await writeFile(join(to, "dist", built), text);
  return importedPackages(text);
}

/** Copies a workspace package's package.json and built modules; returns what they import. */
async function stageWorkspace(dir: string, to: string): Promise<string[]> {
  await mkdir(to, { recursive: true });
  await cp(join(dir, "package.json"), join(to, "package.json"));
  const sources = (await readdir(join(dir, "src"), { recursive: true })).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  return (await Promise.all(sources.map((f) => stageModule(dir, to, f)))).flat();
}

/** Copies an installed package, less what is never loaded; returns its dependencies (installed optional ones too). */
async function stageInstalled(dir: string, to: string): Promise<string[]> {
  await cp(dir, to, {
    recursive: true,
    filter: (src) => !BUILD_ONLY.test(src) && !relative(dir, src).startsWith("node_modules"),
  });
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  return Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
}

let staged: string | undefined;

/** Copies the child script and, following imports and dependencies, every package it loads. */
async function stage(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "ulchild-"));
  const done = new Set<string>();
  const visit = async (name: string, from: string): Promise<void> => {
    if (done.has(name)) return;
    done.add(name);
    const dir = await findPackage(from, name);
    if (!dir) return; // an optional dependency for another platform
    const to = join(root, "node_modules", name);
    const deps = dir.split(sep).includes("node_modules") ? await stageInstalled(dir, to) : await stageWorkspace(dir, to);
    await Promise.all([...new Set(deps)].map((d) => visit(d, dir)));
  };
  await Promise.all(importedPackages(await readFile(CHILD, "utf8")).map((p) => visit(p, SRIOV)));
  await cp(CHILD, join(root, "crash-child.mjs"));
  return join(root, "crash-child.mjs");
}

/** Stages the child before the file's tests and removes it after (call at the top of a test file). */
export function useChildProcesses(enabled: () => boolean): void {
  beforeAll(async () => {
    if (enabled()) staged = await stage();
  }, 120_000);
  afterAll(async () => {
    if (staged) await rm(dirname(staged), { recursive: true, force: true });
    staged = undefined;
  });
}

export interface ChildJob {
  pf: string;
  stateDir: string;
  sysfsRoot: string;
  /** The netns of the PF and the VF netdevs (default: the current one). */
  netns?: string | undefined;
}

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one pool call (allocate `request`, or release an allocation) in a child process, armed with `fault` when given. */
export function runChild(
  job: ChildJob & ({ request: AllocationRequest } | { release: string }),
  fault?: string,
): Promise<ChildResult> {
  if (!staged) throw new Error("no staged child: call useChildProcesses() in the test file");
  const env = { ...process.env };
  delete env.UNDERLAY_FAULT;
  if (fault) env.UNDERLAY_FAULT = fault;
  const child = spawn(process.execPath, [staged, JSON.stringify(job)], { env, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => {
    out.stdout += d;
  });
  child.stderr.on("data", (d) => {
    out.stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, ...out }));
  });
}
