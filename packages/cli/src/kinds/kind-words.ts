// The keyword reading all kinds share: ip's prefix rule over each kind's own keyword order.
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import { matches } from "../dispatch/matches.js";
import { type Handler, readKeywords, UsageError, type Words } from "../words.js";

/**
 * readKeywords with ip's prefix rule for a kind's words: `order` is the kind's parser's keywords in
 * its order of matching (iplink_vlan.c: protocol, id, …); a word that is a prefix of one of them
 * stands for the first, and one ip has that underlay does not set is refused by name.
 */
export function readKindWords(w: Words, kind: string, handlers: Record<string, Handler>, order: readonly string[]): void {
  readKeywords(w, handlers, (word) => {
    const key = order.find((k) => matches(word, k));
    const handler = key !== undefined && Object.hasOwn(handlers, key) ? handlers[key] : undefined;
    if (handler) return handler(w, key as string);
    if (key) throw new UsageError(`link add: ${kind} "${key}" is ip's, and underlay does not set it yet`);
    // ip's kind parsers answer an unknown word with their usage and -1: exit 1.
    throw new ExitError(
      `link add: ${kind}: unknown keyword "${word}": underlay takes ${Object.keys(handlers).join(", ")}`,
      EXIT_FAILURE,
    );
  });
}
