// What every command's --help shows: examples at the end; and the group commands (link, route…).
import type { Command } from "commander";

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  underlay ${l}`).join("\n")}`;
}

/** A command that only groups others (`link`, `route`…): its own examples, after its subcommands. */
export function group(command: Command, ...lines: string[]): Command {
  return command.addHelpText("after", examples(...lines));
}
