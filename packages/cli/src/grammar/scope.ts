// `scope global|site|link|host|nowhere|N`, shared by addresses and routes.
import { UsageError, type Words } from "../words.js";
import { SCOPES } from "./route-names.js";

/** A value read by name or number from `names`; a bad one is an error naming the allowed names. */
export function named(w: Words, keyword: string, names: { number(word: string): number | undefined; names: string[] }): number {
  const word = w.value(keyword);
  const n = names.number(word);
  if (n === undefined)
    throw new UsageError(`${w.command}: invalid ${keyword} "${word}": allowed values are ${names.names.join(", ")} or a number`);
  return n;
}

export const scope = (w: Words, keyword = "scope"): number => named(w, keyword, SCOPES);
