// ip's command-line grammar: bare keywords followed by their values (`mtu 1400 up master br0`).
// A Words reader walks them and turns a missing or bad value into an error that names the command,
// the keyword and what is allowed.

export class UsageError extends Error {}

export class Words {
  private i = 0;

  constructor(
    private readonly words: readonly string[],
    /** The command, for error messages ("link set"). */
    readonly command: string,
  ) {}

  get done(): boolean {
    return this.i >= this.words.length;
  }

  peek(): string | undefined {
    return this.words[this.i];
  }

  next(): string | undefined {
    return this.words[this.i++];
  }

  /** The value after `keyword`. */
  value(keyword: string): string {
    const v = this.next();
    if (v === undefined) throw new UsageError(`${this.command}: "${keyword}" needs a value`);
    return v;
  }

  /** An integer value within [min, max]. */
  int(keyword: string, min: number, max: number): number {
    const text = this.value(keyword);
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new UsageError(`${this.command}: invalid ${keyword} "${text}": allowed values are ${min}-${max}`);
    return n;
  }

  /** A value out of a fixed set. */
  oneOf<T extends string>(keyword: string, allowed: readonly T[]): T {
    const text = this.value(keyword);
    if (!(allowed as readonly string[]).includes(text))
      throw new UsageError(`${this.command}: invalid ${keyword} "${text}": allowed values are ${allowed.join(", ")}`);
    return text as T;
  }

  /** on|off, as ip takes it for spoofchk, trust and the like. */
  onOff(keyword: string): boolean {
    return this.oneOf(keyword, ["on", "off"]) === "on";
  }

  unknown(word: string, allowed: readonly string[]): never {
    if (!allowed.length) throw new UsageError(`${this.command}: unexpected "${word}"`);
    throw new UsageError(`${this.command}: unknown keyword "${word}": allowed are ${allowed.join(", ")}`);
  }
}

/**
 * Reads keywords until the words run out (or `stop` says to stop at one). Each handler reads its own
 * values from `w`; a word without a handler goes to `positional`, or is an error naming the keywords.
 */
export function readKeywords(
  w: Words,
  handlers: Record<string, Handler>,
  positional?: (word: string) => void,
  stop?: (word: string) => boolean,
): void {
  while (!w.done) {
    const word = w.peek() as string;
    if (stop?.(word)) return;
    w.next();
    const handler = Object.hasOwn(handlers, word) ? handlers[word] : undefined;
    if (handler) handler(w, word);
    else if (positional) positional(word);
    else w.unknown(word, Object.keys(handlers));
  }
}

/** readKeywords where the one bare word is target[key] (a name, an address, a destination); a second is an error. */
export function readWithSubject<T extends object, K extends keyof T>(
  w: Words,
  handlers: Record<string, Handler>,
  target: T,
  key: K,
  stop?: (word: string) => boolean,
): void {
  const subject = (word: string) => {
    if (target[key] !== undefined) w.unknown(word, Object.keys(handlers));
    target[key] = word as T[K];
  };
  readKeywords(w, handlers, subject, stop);
}

/** What a keyword does with the words after it; `keyword` is the word that named it. */
export type Handler = (w: Words, keyword: string) => void;
type Reader<V> = (w: Words, keyword: string) => V;

/** A handler that reads the keyword's value with `read` and stores it in target[key]. */
export function into<T extends object, K extends keyof T>(target: T, key: K, read: Reader<T[K]>): Handler {
  return (w, keyword) => {
    target[key] = read(w, keyword);
  };
}

/** A handler for a bare keyword (`up`, `nodad`): stores `value` in target[key]. */
export function flag<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): Handler {
  return () => {
    target[key] = value;
  };
}

export const text: Reader<string> = (w, k) => w.value(k);
/** `netns NAME` or `netns PID`, as ip takes it. */
export const netns: Reader<{ name: string } | { pid: number }> = (w, k) => {
  const v = w.value(k);
  return /^\d+$/.test(v) ? { pid: Number(v) } : { name: v };
};
export const onOff: Reader<boolean> = (w, k) => w.onOff(k);
export const int =
  (min: number, max: number): Reader<number> =>
  (w, k) =>
    w.int(k, min, max);
export const oneOf =
  <T extends string>(allowed: readonly T[]): Reader<T> =>
  (w, k) =>
    w.oneOf(k, allowed);
/** A VLAN protocol by name; ip accepts 802.1q as well as 802.1Q. */
export const protocol =
  <T extends string>(table: Record<T, number>): Reader<T> =>
  (w, k) => {
    const p = w.value(k).replace(/q$/, "Q");
    return Object.hasOwn(table, p) ? (p as T) : w.unknown(p, Object.keys(table));
  };
