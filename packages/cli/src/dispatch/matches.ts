// iproute2's rule for every word it reads (objects, verbs, keywords, options): a word stands for
// the first entry of a table that it is a prefix of, so `ip l` is link, `a s` is address show and
// `link del` is delete. Order in a table is therefore meaning: it decides what a short word picks.

/** iproute2's matches(): `word` is a non-empty prefix of `keyword`. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/** The first entry (in table order) with a name that `word` is a prefix of. */
export function lookup<T extends { names: readonly string[] }>(word: string, table: readonly T[]): T | undefined {
  return table.find((entry) => entry.names.some((name) => matches(word, name)));
}
