// The command tree. Built once for the command line, and once per line of a -batch file (with the
// same context, so every line goes over the same netlink socket).
import { createRequire } from "node:module";
import { Command, Option } from "commander";
import { registerAddress } from "./commands/address.js";
import { registerDecode } from "./commands/decode.js";
import { registerDriver } from "./commands/driver.js";
import { registerLink } from "./commands/link.js";
import { registerMonitor } from "./commands/monitor.js";
import { registerRoute } from "./commands/route.js";
import { registerSriov } from "./commands/sriov.js";
import { registerVf } from "./commands/vf.js";
import type { CliContext } from "./context.js";
import { COLOR_WHEN } from "./output.js";

const VERSION: string = createRequire(import.meta.url)("../package.json").version;

/** Commander reports through exceptions, not process.exit, and prints nothing itself: main() does. */
function quiet(c: Command): Command {
  return c.exitOverride().configureOutput({ outputError: () => {} });
}

export function buildProgram(ctx: CliContext, o: { batchLine?: boolean } = {}): Command {
  const program = quiet(new Command("underlay"));
  program.description("containers on the physical network: SR-IOV VFs, passthrough, macvlan, ipvlan");
  program.version(VERSION, "-V, --version");
  if (!o.batchLine)
    program
      .option("-j, --json", "JSON output (iproute2 key names where one exists)")
      .option("-p, --pretty", "indent JSON")
      .option("-n, --netns <name>", "act in a named network namespace (ip netns)")
      .option("-4", "IPv4 only (route show's default, as ip's)")
      .option("-6", "IPv6 only")
      .option("-b, --batch <file>", "run the commands in FILE (- for stdin) over one netlink socket; also -batch")
      .option("--force", "-batch: go on after a failed command (exit code still 1); sriov disable: see its help")
      .option("-d, --details", "more detail: link kinds and their data, VFs (as ip -d)")
      .option("--debug", "hex-dump and decode every netlink message sent and received, on stderr")
      .addOption(new Option("--color <when>", "colour on a terminal").choices(COLOR_WHEN).default("auto"))
      .addHelpText(
        "after",
        `
Examples:
  underlay link show
  underlay -j -p -n blue addr show
  underlay link add mv0 link eth0 type macvlan mode bridge
  underlay vf show eth2
  underlay -j monitor link
  underlay -batch commands.txt`,
      );
  registerLink(program, ctx);
  registerAddress(program, ctx);
  registerRoute(program, ctx);
  registerVf(program, ctx);
  registerSriov(program, ctx);
  registerMonitor(program, ctx);
  registerDecode(program, ctx);
  registerDriver(program, ctx);
  return program;
}
