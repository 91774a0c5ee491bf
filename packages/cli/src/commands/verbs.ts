// `add` and `del` under a command (address, route): the same words, one verb apart.
import type { Command } from "commander";
import { examples } from "./examples.js";

export type Verb = "add" | "del";

export function registerAddDel(
  parent: Command,
  o: {
    usage: string;
    describe: Record<Verb, string>;
    examples: (verb: Verb) => string[];
    run: (verb: Verb, words: string[]) => void;
  },
): void {
  for (const verb of ["add", "del"] as const)
    parent
      .command(verb)
      .argument("<words...>", o.usage)
      .allowUnknownOption() // "-3" is a (bad) value for our grammar to name, not an option
      .description(o.describe[verb])
      .addHelpText("after", examples(...o.examples(verb)))
      .action((words: string[]) => o.run(verb, words));
}
