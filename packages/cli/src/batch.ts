// -batch FILE: one command per line, all over one netlink socket, like `ip -batch`. The first
// failure stops the run (with --force, the rest still run); either way the exit code is 1.
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import type { CliContext } from "./context.js";
import { buildProgram, needsEveryCommand } from "./program.js";

/** Splits a line into words: blanks separate, quotes group, # starts a comment (as ip's makeargs). */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(#.*)|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[3] !== undefined) break;
    words.push((m[1] ?? m[2] ?? m[4]) as string);
  }
  return words;
}

export class BatchError extends Error {}

/** Runs every line; returns how many failed. */
export async function runBatch(ctx: CliContext, file: string, force: boolean, report: (msg: string) => void): Promise<number> {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  const lines = text.split("\n");
  let failed = 0;
  // One command tree for every line: commander (13+) resets option values between parses.
  const { command: program, loadAll } = buildProgram(ctx, { batchLine: true });
  for (const [i, line] of lines.entries()) {
    const words = splitLine(line);
    if (!words.length) continue;
    try {
      if (needsEveryCommand(words)) await loadAll();
      await program.parseAsync(words, { from: "user" });
    } catch (e) {
      if (e instanceof CommanderError && e.exitCode === 0) continue; // --help inside a batch
      failed++;
      const where = `${file === "-" ? "stdin" : file}:${i + 1}`;
      const msg = `batch ${where}: ${(e as Error).message.replace(/^error: /, "")}`;
      if (!force) throw new BatchError(msg);
      report(msg);
    }
  }
  return failed;
}
