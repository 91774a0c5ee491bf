// What every command's --help shows: examples at the end; and the group commands (link, route…).
import type { Command } from "commander";

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  underlay ${l}`).join("\n")}`;
}

/** A command that only groups others (`link`, `route`…), with its own examples. */
export function group(program: Command, name: string, description: string, ...lines: string[]): Command {
  return program
    .command(name)
    .description(description)
    .addHelpText("after", examples(...lines));
}
