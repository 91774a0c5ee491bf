#!/usr/bin/env node
// underlay: netlink debugging in ip's grammar, SR-IOV control, and the Docker driver. The global
// options are read as ip reads them, then the object's command runs. Errors go to stderr in one
// line (with the kernel's ext-ack text); the exit code is ip's (255 usage, 2 kernel, 1 other).
import { runBatch } from "./batch.js";
import { CliContext } from "./context.js";
import { exitCodeOf } from "./dispatch/exit-codes.js";
import { parseGlobalOptions } from "./dispatch/global-options.js";
import { HelpRequest } from "./dispatch/ip-object.js";
import { runLine } from "./dispatch/run-line.js";
import { usage } from "./dispatch/usage.js";
import { VERSION } from "./version.js";

const fail = (msg: string) => process.stderr.write(`underlay: ${msg}\n`);

async function main(argv: string[]): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    const { options, rest } = parseGlobalOptions(argv);
    if (options.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    ctx = new CliContext(() => options);
    if (options.batch !== undefined) return (await runBatch(ctx, options.batch, options.force, fail)) ? 1 : 0;
    if (options.help || !rest.length) throw new HelpRequest("");
    await runLine(ctx, rest);
    return 0;
  } catch (e) {
    if (e instanceof HelpRequest) {
      process.stdout.write(e.text || usage());
      return 0;
    }
    fail((e as Error).message);
    return exitCodeOf(e);
  } finally {
    ctx?.close();
  }
}

// Not process.exit(): `driver serve` keeps running on its sockets; everything else has closed its own.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
