// `add` and `del` under an object (address, route): the same words, one verb apart.
import type { CliContext } from "../context.js";
import type { IpVerb } from "../dispatch/ip-object.js";

export type Verb = "add" | "del";

/** The add and delete verbs of an object whose two verbs read the same words. */
export function addDelVerbs(run: (ctx: CliContext, verb: Verb, words: string[]) => void): IpVerb[] {
  return [
    { names: ["add"], run: (ctx, words) => run(ctx, "add", words) },
    { names: ["delete"], run: (ctx, words) => run(ctx, "del", words) },
  ];
}
