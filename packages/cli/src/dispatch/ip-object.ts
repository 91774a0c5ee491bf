// An object of ip's grammar (`link`, `address`, `route`, `neighbour`, `rule`, `monitor`): its verbs
// in ip's order of matching, the one that runs when none is given, and its usage text. A command
// module exports one of these; dispatch() finds the verb by prefix and runs it with the rest.
import type { CliContext } from "../context.js";
import { UsageError } from "../words.js";
import { lookup, matches } from "./matches.js";

export type VerbRun = (ctx: CliContext, words: string[]) => void | Promise<void>;

export interface IpVerb {
  /** ip's words for it, in ip's order (`["show", "lst", "list"]`); a prefix of any selects it. */
  names: readonly string[];
  run: VerbRun;
}

export interface IpObject {
  /** Verbs in ip's order of matching: order decides what a prefix picks (`link s` is set). None: every word goes to `bare` (monitor's topics). */
  verbs: readonly IpVerb[];
  /** The verb that runs when the object is given no words (ip's show/list). */
  bare: VerbRun;
  /** `underlay OBJECT help`: the usage, in ip's words. */
  usage: string;
}

/** `help` for objects: the usage on stdout (ip prints it on stderr and exits 255: a deliberate difference). */
export class HelpRequest extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

/** Runs OBJECT's verb for `words` (the words after the object). */
export async function dispatch(name: string, object: IpObject, ctx: CliContext, words: string[]): Promise<void> {
  const [verb, ...rest] = words;
  if (verb === undefined) return object.bare(ctx, []);
  // ip's parsers take `help` wherever a keyword may stand.
  if (words.some((w) => w === "help" || w === "--help")) throw new HelpRequest(object.usage);
  if (!object.verbs.length && !matches(verb, "help")) return object.bare(ctx, words);
  const found = lookup(verb, object.verbs);
  if (found) return found.run(ctx, rest);
  if (matches(verb, "help") || verb === "-h") throw new HelpRequest(object.usage);
  throw new UsageError(`Command "${verb}" is unknown, try "underlay ${name} help".`);
}
