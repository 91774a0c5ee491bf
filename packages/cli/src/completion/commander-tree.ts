// underlay's own objects (vf, sriov, decode, driver, completion) as data for completion and the
// man page: each object's commander command built as dispatch/own-object.ts builds it to run
// (its register function on a fresh Command), then read without being parsed or run.
import type { Command } from "commander";
import type { CliContext } from "../context.js";

type Register = (command: Command, ctx: CliContext) => void;

export interface CommandOption {
  /** --state-dir, or -c when the option has no long form. */
  name: string;
  short?: string;
  /** Takes a value (`<dir>`, `[n]`): its name, which decides what completes for it. */
  value?: string;
  description: string;
}

export interface CommandTree {
  name: string;
  aliases: string[];
  description: string;
  options: CommandOption[];
  /** Positional arguments' names (`pf`, `hex`), in order; the last may be variadic. */
  args: string[];
  subcommands: CommandTree[];
  /** commander's help for it, as `underlay OBJECT [SUB] --help` prints it. */
  help: string;
}

function treeOf(c: Command): CommandTree {
  return {
    name: c.name(),
    aliases: c.aliases(),
    description: c.description(),
    options: c.options.map((o) => ({
      name: o.long ?? o.short ?? o.flags,
      ...(o.long && o.short ? { short: o.short } : {}),
      ...(o.required || o.optional ? { value: /[<[]([^>\]]+)/.exec(o.flags)?.[1]?.replace(/\.\.\.$/, "") ?? "value" } : {}),
      description: o.description,
    })),
    args: c.registeredArguments.map((a) => a.name()),
    subcommands: c.commands.map(treeOf),
    // commander names the parents (`vf show`); the program is underlay.
    help: c.helpInformation().replace(/^Usage: /, "Usage: underlay "),
  };
}

/** The command tree of an own object, built without running it (`command`: a new Command of its name). */
export function commandTree(command: Command, description: string, register: Register, ctx: CliContext): CommandTree {
  command.description(description);
  register(command, ctx);
  return treeOf(command);
}
