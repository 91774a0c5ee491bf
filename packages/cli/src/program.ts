// The command tree. Built once for the command line, and once for all the lines of a -batch file
// (with the same context, so every line goes over the same netlink socket).
//
// Start-up is most of a one-off command's time, so a command's code (its grammar, rendering, and
// netlink with koffi's native module) is imported only when that command runs: the tree holds
// each top-level command by name and description, and a preSubcommand hook fills it in from its
// module just before commander dispatches to it. `-V` loads none of them.
import { createRequire } from "node:module";
import { Command, Option } from "commander";
import type { CliContext } from "./context.js";
import { COLOR_WHEN } from "./output.js";

const VERSION: string = createRequire(import.meta.url)("../package.json").version;

type Register = (command: Command, ctx: CliContext) => void;
/** A command module's register function, by name, once the module is imported. */
const exported = (load: () => Promise<Record<string, unknown>>, name: string) => async () => (await load())[name] as Register;

/** Name (|alias), description, and where its subcommands and action are. */
const COMMANDS: [string, string, () => Promise<Register>][] = [
  ["link", "network links (ip link)", exported(() => import("./commands/link.js"), "registerLink")],
  ["address|addr", "addresses (ip address)", exported(() => import("./commands/address.js"), "registerAddress")],
  ["route", "routes of the main table (ip route)", exported(() => import("./commands/route.js"), "registerRoute")],
  ["vf", "SR-IOV virtual functions of a PF (ip link … vf)", exported(() => import("./commands/vf.js"), "registerVf")],
  [
    "sriov",
    "SR-IOV on a PF: the VF count, and who holds which VF",
    exported(() => import("./commands/sriov.js"), "registerSriov"),
  ],
  [
    "monitor",
    "print rtnetlink events as they happen (ip monitor)",
    exported(() => import("./commands/monitor.js"), "registerMonitor"),
  ],
  [
    "decode",
    "decode a raw netlink message into readable attributes",
    exported(() => import("./commands/decode.js"), "registerDecode"),
  ],
  ["driver", "the Docker network driver", exported(() => import("./commands/driver.js"), "registerDriver")],
];

/** Commander reports through exceptions, not process.exit, and prints nothing itself: main() does. */
function quiet(c: Command): Command {
  return c.exitOverride().configureOutput({ outputError: () => {} });
}

const HELP = new Set(["-h", "--help", "help"]);

/**
 * Whether these words need every command filled in first: help lists each command with its
 * arguments, and `help CMD` shows CMD's help without dispatching to it (so without the hook);
 * with no words at all, commander prints the help.
 */
export function needsEveryCommand(words: string[]): boolean {
  return !words.length || words.some((w) => HELP.has(w));
}

export interface Program {
  command: Command;
  /** Fills in every command (help lists each one's arguments; `help CMD` dispatches no hook). */
  loadAll(): Promise<void>;
}

export function buildProgram(ctx: CliContext, o: { batchLine?: boolean } = {}): Program {
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
  // Each command's module, imported and registered once (a -batch dispatches many times).
  const filled = new Map<Command, () => Promise<void>>();
  for (const [names, description, load] of COMMANDS) {
    const [name, alias] = names.split("|") as [string, string?];
    const command = program.command(name).description(description);
    if (alias) command.alias(alias);
    let done: Promise<void> | undefined;
    filled.set(command, () => (done ??= load().then((register) => register(command, ctx))));
  }
  program.hook("preSubcommand", async (_program, command) => {
    await Promise.all([filled.get(command)?.(), ctx.prepare()]);
  });
  return {
    command: program,
    loadAll: async () => {
      await Promise.all([...filled.values()].map((fill) => fill()));
    },
  };
}
