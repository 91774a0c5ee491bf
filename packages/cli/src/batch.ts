// -batch FILE: one command per line (OBJECT VERB words…, without options), all over one netlink
// socket, like `ip -batch`. The first failure stops the run (with -force, the rest still run);
// either way the exit code is 1.
import { readFileSync } from "node:fs";
import type { CliContext } from "./context.js";
import { HelpRequest } from "./dispatch/ip-object.js";
import { runLine } from "./dispatch/run-line.js";
import { UsageError } from "./words.js";

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
  for (const [i, line] of lines.entries()) {
    const words = splitLine(line);
    if (!words.length) continue;
    try {
      if (words[0]?.startsWith("-")) throw new UsageError(`"${words[0]}": options belong on the command line, before -batch`);
      await runLine(ctx, words);
    } catch (e) {
      if (e instanceof HelpRequest) continue; // help inside a batch
      failed++;
      const msg = `batch ${file === "-" ? "stdin" : file}:${i + 1}: ${(e as Error).message}`;
      if (!force) throw new BatchError(msg);
      report(msg);
    }
  }
  return failed;
}
