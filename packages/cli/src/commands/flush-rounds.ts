// ip's flush loop (ipaddr_flush, iproute_flush): list what the selector matches, delete it, and
// list again until nothing is left, since deleting can uncover more (a promoted secondary
// address, a route that depended on another). With -s, ip reports each round.
import type { Output } from "../output.js";

const MAX_ROUNDS = 10;

export interface FlushRounds<T> {
  /** What the selector matches now. */
  list: () => T[];
  remove: (item: T) => void;
  /** "entries" (routes) or "addresses", as ip words its report. */
  noun: string;
  /** -s, counted: 0 prints nothing. */
  stats: number;
  /** Stop after one round (ip flushing primaries only, lest promoted secondaries go next). */
  oneRound?: boolean;
}

export function flushInRounds<T>(out: Output, o: FlushRounds<T>): void {
  const done = (round: number) => {
    if (o.stats)
      out.write(round === 0 ? "Nothing to flush.\n" : `*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const items = o.list();
    if (!items.length) {
      done(round);
      return;
    }
    for (const item of items) o.remove(item);
    if (o.stats) out.write(`\n*** Round ${round + 1}, deleting ${items.length} ${o.noun} ***\n`);
    if (o.oneRound) {
      done(round + 1);
      return;
    }
  }
}
