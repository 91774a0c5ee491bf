// ip's keyword loops (`if (strcmp(*argv, "src") == 0) … else if (matches(*argv, "metric") == 0)`)
// as a table in ip's order: an entry is either exact (strcmp) or a prefix (matches), and the first
// entry that takes the word wins, so `p` is priority and `pro` protocol, as in iproute.c.
import { matches } from "../dispatch/matches.js";
import type { Words } from "../words.js";

export interface IpKeyword {
  /** ip's word(s) for it. */
  names: readonly string[];
  /** strcmp in ip: only the whole word. Otherwise matches(): any prefix. */
  exact?: boolean;
  /** Reads the keyword's values from `w` (the keyword itself is already read). */
  run: (w: Words, word: string) => void;
}

/** The entry that takes `word`, in table order. */
export function ipKeyword(word: string, table: readonly IpKeyword[]): IpKeyword | undefined {
  return table.find((k) => k.names.some((n) => (k.exact ? word === n : matches(word, n))));
}

/** A keyword entry: `exact` for ip's strcmp, else a prefix as ip's matches(). */
export const kw = (names: string | readonly string[], run: IpKeyword["run"], exact = false): IpKeyword => ({
  names: typeof names === "string" ? [names] : names,
  exact,
  run,
});

/** Reads every word: a keyword of `table` runs, any other word goes to `rest` (ip's final `else`). */
export function readIp(w: Words, table: readonly IpKeyword[], rest: (word: string) => void): void {
  while (!w.done) {
    const word = w.next() as string;
    const k = ipKeyword(word, table);
    if (k) k.run(w, word);
    else rest(word);
  }
}

/** A keyword ip compares with strcmp: only the whole word. */
export const exact = (names: string | readonly string[], run: IpKeyword["run"]): IpKeyword => kw(names, run, true);

/** `tos N` (whole word) and `dsfield N` (any prefix): the same value under two names, as ip reads them. */
export function tosKeywords(set: (tos: number) => void): IpKeyword[] {
  const read: IpKeyword["run"] = (w, k) => set(w.int(k, 0, 255));
  return [exact("tos", read), kw("dsfield", read)];
}
