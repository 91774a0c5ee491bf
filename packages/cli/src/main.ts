#!/usr/bin/env node
// underlay: netlink debugging in ip's vocabulary, SR-IOV control, and the Docker driver. Errors go
// to stderr in one line (with the kernel's ext-ack text) and the exit code is 1.
import { CommanderError } from "commander";
import { runBatch } from "./batch.js";
import { CliContext, type GlobalOptions } from "./context.js";
import { buildProgram, needsEveryCommand } from "./program.js";

// ip spells these with one dash; commander would read -batch as -b atch.
const ONE_DASH = new Map([
  ["-batch", "--batch"],
  ["-force", "--force"],
  ["-json", "--json"],
  ["-pretty", "--pretty"],
  ["-netns", "--netns"],
  ["-details", "--details"],
]);
const argv = process.argv.slice(2).map((a) => ONE_DASH.get(a) ?? a);

const fail = (msg: string) => process.stderr.write(`underlay: ${msg}\n`);

async function main(): Promise<number> {
  let program: ReturnType<typeof buildProgram>["command"];
  const ctx = new CliContext(() => program.opts<GlobalOptions>());
  const built = buildProgram(ctx);
  program = built.command;
  const batch = argv.some((a) => a === "--batch" || a === "-b" || a.startsWith("--batch="));
  if (batch) program.action(async () => {});
  try {
    if (needsEveryCommand(argv)) await built.loadAll();
    await program.parseAsync(argv, { from: "user" });
    const g = ctx.options;
    if (batch && g.batch) return (await runBatch(ctx, g.batch, Boolean(g.force), fail)) ? 1 : 0;
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode !== 0 && e.code !== "commander.help") fail(`${e.message.replace(/^error: /, "")} (see --help)`);
      return e.exitCode;
    }
    fail((e as Error).message);
    return 1;
  } finally {
    ctx.close();
  }
}

// Not process.exit(): `driver serve` keeps running on its sockets; everything else has closed its own.
void main().then((code) => {
  process.exitCode = code;
});
