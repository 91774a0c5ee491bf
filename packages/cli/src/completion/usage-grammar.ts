// What shell completion offers inside an ip object, read from the object's usage text (the one
// `underlay OBJECT help` prints), so that completion follows the grammar as its authors write it.
//
// The rule, applied to ip's usage notation:
// - A command line is `[Usage:] underlay OBJ VERB-PART REST`, continued by the indented lines
//   after it. Its verbs are the words of VERB-PART that name one of the object's verbs by ip's
//   prefix rule (`del` is delete): a word, `{ add | del }`, or `[ list …` (an optional verb).
//   A line whose first word names no verb belongs to the object's bare words (monitor).
// - A definition is `[where] NAME := BODY`, continued by the indented lines after it.
//   Any other unindented line ("Kind options:") and what is indented under it are not grammar.
// - In REST, a lower-case word is a keyword, unless it stands in a keyword's value position:
//   right after a keyword (`mode private|vepa`), after a keyword's closing bracket (`[dev] DEV`),
//   or inside a bracket or brace opened right after a keyword (`nud { delay | … }`,
//   `mtu [ lock ] NUMBER`); `|` carries the position of the word before it to the one after.
// - An upper-case PLACEHOLDER in keyword position is replaced by its definition (ROUTE,
//   SELECTOR); in value position it gives the keyword's values: device names when it is a device
//   placeholder (DEV, DEVICE, IFNAME, PARENT, PF) or the keyword is dev, link, master, iif or oif;
//   netns names after netns; otherwise every lower-case word of its definition (SCOPE := …).
// - A device placeholder as the first word after the verb (`link set [dev] DEV`, `{ DEVICE | dev
//   DEVICE }`) makes device names complete there too.
import { matches } from "../dispatch/matches.js";

/** A value list entry standing for something read when completing: device names, netns names. */
export const DEVICES = "@dev";
export const NETNS = "@netns";

export interface VerbGrammar {
  /** Keywords in the order the usage gives them. */
  keywords: string[];
  /** The values of each keyword that takes one (possibly none known: a number, an address). */
  values: Map<string, string[]>;
  /** Device names complete as the first word after the verb. */
  deviceFirst: boolean;
}

const DEVICE_PLACEHOLDERS = new Set(["DEV", "DEVICE", "IFNAME", "PARENT", "PF"]);
const DEVICE_KEYWORDS = new Set(["dev", "link", "master", "iif", "oif"]);

const isPlaceholder = (t: string) => /^[A-Z][A-Z0-9_-]*$/.test(t) && /[A-Z]{2}|^[A-Z]$/.test(t);
const isKeyword = (t: string) => /^-{0,2}[a-z][a-z0-9_.-]*$/.test(t);
/** A literal value: a keyword, or a value such as 802.1Q, 0, on. */
const isLiteral = (t: string) => !isPlaceholder(t) && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(t);

function tokens(text: string): string[] {
  return text
    .replace(/…|\.\.\./g, " ")
    .split(/([[\]{}|])|\s+/)
    .filter((t): t is string => Boolean(t));
}

interface Block {
  /** `underlay OBJ …` lines: the tokens after the object; definitions: their body. */
  tokens: string[];
  define?: string;
}

function blocks(usage: string): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  for (const raw of usage.split("\n")) {
    const line = raw.replace(/\t/g, "        ");
    const command = /^\s*(?:Usage:\s*)?(?:underlay|ip)\s+\S+\s*(.*)$/.exec(line);
    const define = /^\s*(?:where\s+)?([A-Z][A-Z0-9_-]*)\s*:=\s*(.*)$/.exec(line);
    if (command || define) {
      current = define
        ? { tokens: tokens(define[2] as string), define: define[1] as string }
        : { tokens: tokens(command?.[1] ?? "") };
      out.push(current);
    } else if (/^\s+\S/.test(line) && current) current.tokens.push(...tokens(line));
    else current = undefined;
  }
  return out;
}

/** The verb names a command line starts with, and where the rest begins. */
function verbPart(t: string[], verbs: readonly (readonly string[])[]): { verbs: number[]; rest: number } {
  const verbOf = (w: string | undefined) => (w === undefined ? -1 : verbs.findIndex((names) => names.some((n) => matches(w, n))));
  const first = t[0];
  if (first === "{") {
    const close = t.indexOf("}");
    const found = t.slice(1, close).map(verbOf);
    if (close > 0 && found.some((v) => v >= 0)) return { verbs: found.filter((v) => v >= 0), rest: close + 1 };
  }
  if (first === "[" && verbOf(t[1]) >= 0) return { verbs: [verbOf(t[1])], rest: 2 };
  if (first !== undefined && isKeyword(first) && verbOf(first) >= 0) return { verbs: [verbOf(first)], rest: 1 };
  return { verbs: [], rest: 0 };
}

class Reader {
  readonly grammar: VerbGrammar = { keywords: [], values: new Map(), deviceFirst: false };

  constructor(private readonly defs: Map<string, string[]>) {}

  private keyword(k: string) {
    if (!this.grammar.keywords.includes(k)) this.grammar.keywords.push(k);
  }

  private value(k: string, v: string) {
    const list = this.grammar.values.get(k) ?? [];
    if (!list.includes(v)) list.push(v);
    this.grammar.values.set(k, list);
  }

  /** Every lower-case word a definition can produce (SCOPE := [ host | link | … ]). */
  private literalsOf(name: string, seen = new Set<string>()): string[] {
    if (seen.has(name)) return [];
    seen.add(name);
    return (this.defs.get(name) ?? []).flatMap((t) => (isPlaceholder(t) ? this.literalsOf(t, seen) : isLiteral(t) ? [t] : []));
  }

  private placeholderValue(k: string, p: string) {
    if (DEVICE_PLACEHOLDERS.has(p) || DEVICE_KEYWORDS.has(k)) this.value(k, DEVICES);
    else if (k === "netns") this.value(k, NETNS);
    else for (const v of this.literalsOf(p)) this.value(k, v);
    if (!this.grammar.values.has(k)) this.grammar.values.set(k, []);
  }

  /** Reads tokens in keyword position; `seen` stops a definition that refers to itself. */
  read(t: readonly string[], seen: Set<string>) {
    // The keyword whose value comes next, and the bracket depth its value group opened at.
    let owner: string | undefined;
    let valueGroup = -1;
    let depth = 0;
    let prev: "keyword" | "value" | "close" | "other" = "other";
    let carried: "keyword" | "value" | undefined;
    for (const tok of t) {
      if (tok === "[" || tok === "{") {
        if (prev === "keyword" && owner !== undefined && valueGroup < 0) {
          valueGroup = depth;
          if (!this.grammar.values.has(owner)) this.grammar.values.set(owner, []);
        }
        depth++;
        prev = "other";
        carried = undefined;
        continue;
      }
      if (tok === "]" || tok === "}") {
        depth--;
        if (valueGroup >= 0 && depth <= valueGroup) valueGroup = -1;
        prev = prev === "keyword" ? "close" : "other";
        carried = undefined;
        continue;
      }
      if (tok === "|") {
        carried = prev === "keyword" || prev === "close" ? "keyword" : prev === "value" ? "value" : undefined;
        prev = "other";
        continue;
      }
      const inValue =
        (valueGroup >= 0 && depth > valueGroup) ||
        carried === "value" ||
        prev === "keyword" ||
        (prev === "close" && isPlaceholder(tok));
      carried = undefined;
      if (inValue && owner !== undefined) {
        // `mode private|vepa`: the alternatives go on; `name N|mtu M`: after a placeholder a keyword comes.
        if (isPlaceholder(tok)) {
          this.placeholderValue(owner, tok);
          prev = "other";
        } else {
          if (isLiteral(tok)) this.value(owner, tok);
          prev = "value";
        }
        continue;
      }
      if (isPlaceholder(tok)) {
        if (this.defs.has(tok) && !seen.has(tok)) this.read(this.defs.get(tok) as string[], new Set([...seen, tok]));
        prev = "other";
        owner = undefined;
      } else if (isKeyword(tok)) {
        this.keyword(tok);
        owner = tok;
        prev = "keyword";
      } else prev = "other";
    }
  }

  /** Whether the words right after the verb can be a device (`[dev] DEV`, `{ DEVICE | dev DEVICE }`). */
  static deviceFirst(t: readonly string[]): boolean {
    let i = 0;
    while (t[i] === "[" || t[i] === "{") i++;
    const first = t[i];
    if (first === undefined) return false;
    if (DEVICE_PLACEHOLDERS.has(first)) return true;
    // `[dev] DEV`: the keyword is optional, so the placeholder after its bracket may come first.
    return t[i + 1] === "]" && DEVICE_PLACEHOLDERS.has(t[i + 2] ?? "");
  }
}

/**
 * The grammar of each verb (by index into `verbs`), and of the bare words under key -1 (the
 * words of lines that name no verb: an object without verbs, such as monitor).
 */
export function verbGrammars(usage: string, verbs: readonly (readonly string[])[]): Map<number, VerbGrammar> {
  const all = blocks(usage);
  const defs = new Map(all.flatMap((b) => (b.define ? [[b.define, b.tokens] as const] : [])));
  const readers = new Map<number, Reader>();
  const readerOf = (v: number) => readers.get(v) ?? (readers.set(v, new Reader(defs)).get(v) as Reader);
  for (const b of all) {
    if (b.define) continue;
    const part = verbPart(b.tokens, verbs);
    const rest = b.tokens.slice(part.rest);
    for (const v of part.verbs.length ? part.verbs : [-1]) {
      const r = readerOf(v);
      r.read(rest, new Set());
      if (Reader.deviceFirst(rest)) r.grammar.deviceFirst = true;
    }
  }
  return new Map([...readers].map(([v, r]) => [v, r.grammar]));
}
