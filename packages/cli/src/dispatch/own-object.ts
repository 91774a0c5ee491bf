// underlay's own objects (vf, sriov, decode, driver) keep commander's grammar: long options, and
// --help generated from their definitions. Each run builds the object's command afresh.
import { Command, CommanderError } from "commander";
import type { CliContext } from "../context.js";
import { ExitError } from "./exit-codes.js";
import { HelpRequest } from "./ip-object.js";

type Register = (command: Command, ctx: CliContext) => void;

export async function runOwnObject(name: string, description: string, register: Register, ctx: CliContext, words: string[]) {
  const help: string[] = [];
  const keep = (t: string) => {
    help.push(t);
  };
  const command = new Command(name)
    .description(description)
    .exitOverride()
    .configureOutput({ writeOut: keep, writeErr: keep, outputError: () => {} });
  register(command, ctx);
  for (const sub of command.commands) sub.exitOverride().configureOutput(command.configureOutput());
  try {
    await command.parseAsync(words, { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // --help, and an object given no subcommand (commander shows its help: "(outputHelp)").
    if (e.exitCode === 0 || e.code === "commander.help") throw new HelpRequest(help.join(""));
    throw new ExitError(`${e.message.replace(/^error: /, "")} (see underlay ${name} --help)`, e.exitCode);
  }
}
