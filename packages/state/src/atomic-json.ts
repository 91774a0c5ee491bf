// Crash-safe JSON state: write a temporary file, fsync it, rename it over the old one, fsync the
// folder. A reader sees the old state or the new one, never half of either; what it reads is
// validated, and a file that is not what we wrote is one clear error naming it and what to do.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ZodType } from "zod";

let counter = 0;
const TEMP = /\.tmp-\d+-\d+$/;

/** A temporary file beside `path`, named so that removeLeftoverTemps finds it after a crash. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${counter++}`;
}

/** The text every state file holds: readable by a person, one record a few lines. */
export function jsonText(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function writeJsonAtomic(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, jsonText(data));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
  const dir = openSync(dirname(path), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** A state file that does not parse, or does not hold what we write. */
export class StateFileError extends Error {
  override readonly name = "StateFileError";
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(
      `state file ${path} is unreadable (${why}); move it aside (mv ${path} ${path}.bad) to start afresh, and check what it held`,
    );
  }
}

/**
 * The parsed file, or `fallback` when there is none. With a schema, the content is validated
 * (and defaults filled in); a file that does not parse or validate throws StateFileError.
 */
export function readJson<T>(path: string, fallback: T, schema?: ZodType<T>): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return fallback;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(path, `not JSON: ${(e as Error).message}`);
  }
  if (!schema) return json as T;
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new StateFileError(path, `${first?.path.join(".") || "content"}: ${first?.message ?? "invalid"}`);
}

/**
 * Removes temporary files a crash left between write and rename. Call it only while holding the
 * folder's StateLock: then no other writer can be half-way through.
 */
export function removeLeftoverTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const gone = names.filter((n) => TEMP.test(n)).map((n) => join(dir, n));
  for (const p of gone) unlinkSync(p);
  return gone;
}
