// One command line from the object on (`link show dev eth0`), as typed or as a -batch line: find
// the object by ip's prefix rule, load it, and run it with the rest of the words.
import type { CliContext } from "../context.js";
import { UsageError } from "../words.js";
import { EXIT_FAILURE, ExitError } from "./exit-codes.js";
import { takeTrailingOptions } from "./global-options.js";
import { dispatch, HelpRequest } from "./ip-object.js";
import { lookup, matches } from "./matches.js";
import { OBJECTS, type ObjectEntry } from "./objects.js";
import { runOwnObject } from "./own-object.js";

function findObject(word: string): Exclude<ObjectEntry, { kind: "ip-only" }> {
  const entry = lookup(word, OBJECTS);
  // ip's do_cmd returns EXIT_FAILURE here, not the 255 of its other usage errors.
  if (!entry) throw new ExitError(`Object "${word}" is unknown, try "underlay help".`, EXIT_FAILURE);
  if (entry.kind === "ip-only")
    throw new UsageError(
      `"${word}" is ip's "${entry.names.find((n) => matches(word, n))}", which underlay does not implement: use ip for it`,
    );
  return entry;
}

export async function runLine(ctx: CliContext, words: string[]): Promise<void> {
  const [word, ...rest] = words;
  if (word === undefined) return;
  if (matches(word, "help")) throw new HelpRequest("");
  const entry = findObject(word);
  const name = entry.names[0] as string;
  if (entry.kind === "commander") {
    const words = takeTrailingOptions(rest, ctx.options); // before prepare(): --debug loads the tap
    const [register] = await Promise.all([entry.load(), ctx.prepare()]);
    return runOwnObject(name, entry.description, register, ctx, words);
  }
  const [object] = await Promise.all([entry.load(), ctx.prepare()]);
  return dispatch(name, object, ctx, rest);
}
