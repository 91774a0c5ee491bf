// ip's global options, read the way ip reads them: one or two dashes, each word matched by
// prefix against a table in ip's order (so -b is -batch and -br is -brief, -s is -stats, -c is
// -color=always, -h is -human), stopping at the first word that is not an option (the object).
// underlay adds --debug and --version; an unknown option is refused as ip refuses it.
import { COLOR_WHEN, type ColorWhen } from "../output.js";
import { UsageError } from "../words.js";
import { matches } from "./matches.js";
/** -f/-family's values, and the families -4, -6, -0, -B and -M stand for. */
export const FAMILIES = ["inet", "inet6", "link", "bridge", "mpls"] as const;
export type Family = (typeof FAMILIES)[number];

export interface GlobalOptions {
  json: boolean;
  pretty: boolean;
  netns?: string;
  /** -d, counted as ip counts it. */
  details: number;
  /** -s, counted: -s -s shows the error counters too. */
  stats: number;
  brief: boolean;
  oneline: boolean;
  /** -t: 1 = long timestamps on monitor, 2 = short (-ts). */
  timestamp: number;
  numeric: boolean;
  human: boolean;
  resolve: boolean;
  all: boolean;
  echo: boolean;
  family?: Family;
  color: ColorWhen;
  batch?: string;
  force: boolean;
  debug: boolean;
  version: boolean;
  help: boolean;
}

export function defaultOptions(): GlobalOptions {
  return {
    json: false,
    pretty: false,
    details: 0,
    stats: 0,
    brief: false,
    oneline: false,
    timestamp: 0,
    numeric: false,
    human: false,
    resolve: false,
    all: false,
    echo: false,
    color: "never",
    force: false,
    debug: false,
    version: false,
    help: false,
  };
}

type Apply = (g: GlobalOptions, value: () => string) => void;
export interface OptionSpec {
  /** Matched by prefix (ip's matches()); `exact` ones only whole. */
  name: string;
  exact?: boolean;
  apply: Apply;
}

/** Sets `key` to `v`. */
const to =
  <K extends keyof GlobalOptions>(key: K, v: GlobalOptions[K]): Apply =>
  (g) => {
    g[key] = v;
  };
/** Sets `key` to the next word. */
const nextWord =
  (key: "batch" | "netns"): Apply =>
  (g, value) => {
    g[key] = value();
  };
const count =
  (key: "details" | "stats"): Apply =>
  (g) => {
    g[key]++;
  };
const set = (
  key: "json" | "pretty" | "brief" | "oneline" | "numeric" | "human" | "resolve" | "all" | "echo" | "force" | "debug",
) => to(key, true);
const skipValue: Apply = (_g, value) => {
  value();
};

function familyValue(g: GlobalOptions, value: () => string): void {
  const v = value();
  if (!(FAMILIES as readonly string[]).includes(v))
    throw new UsageError(`invalid family "${v}": allowed values are ${FAMILIES.join(", ")}`);
  g.family = v as Family;
}

/** In ip's order (ip.c's main loop); underlay's own first, as whole words. Shell completion and the man page read it too. */
export const OPTIONS: OptionSpec[] = [
  { name: "-debug", exact: true, apply: set("debug") },
  { name: "-version", exact: true, apply: to("version", true) },
  { name: "-loops", apply: skipValue },
  { name: "-family", apply: familyValue },
  { name: "-4", exact: true, apply: to("family", "inet") },
  { name: "-6", exact: true, apply: to("family", "inet6") },
  { name: "-0", exact: true, apply: to("family", "link") },
  { name: "-M", exact: true, apply: to("family", "mpls") },
  { name: "-B", exact: true, apply: to("family", "bridge") },
  { name: "-human", apply: set("human") },
  { name: "-human-readable", apply: set("human") },
  { name: "-iec", apply: set("human") },
  { name: "-stats", apply: count("stats") },
  { name: "-statistics", apply: count("stats") },
  { name: "-details", apply: count("details") },
  { name: "-resolve", apply: set("resolve") },
  { name: "-oneline", apply: set("oneline") },
  {
    name: "-timestamp",
    apply: (g) => {
      g.timestamp ||= 1;
    },
  },
  { name: "-tshort", apply: to("timestamp", 2) },
  { name: "-Version", apply: to("version", true) },
  { name: "-force", apply: set("force") },
  { name: "-batch", apply: nextWord("batch") },
  { name: "-brief", apply: set("brief") },
  { name: "-json", apply: set("json") },
  { name: "-pretty", apply: set("pretty") },
  { name: "-rcvbuf", apply: skipValue },
  { name: "-help", apply: to("help", true) },
  { name: "-netns", apply: nextWord("netns") },
  { name: "-Numeric", apply: set("numeric") },
  { name: "-all", apply: set("all") },
  { name: "-echo", exact: true, apply: set("echo") },
];
/** ip's matches_color(): -c, -color, -color=always|auto|never (-c alone is always). */
function colorOf(word: string): ColorWhen | undefined {
  const [name = "", when] = word.split("=", 2) as [string, string?];
  if (!matches(name, "-color") && !matches(name, "-colour")) return undefined;
  if (when === undefined) return "always";
  if ((COLOR_WHEN as readonly string[]).includes(when)) return when as ColorWhen;
  throw new UsageError(`invalid colour "${when}": allowed values are ${COLOR_WHEN.join(", ")}`);
}

// No name in OPTIONS starts with -c, so -color (which ip reads before -help) is read when none matches.
function find(word: string): OptionSpec | undefined {
  return OPTIONS.find((o) => (o.exact ? word === o.name : matches(word, o.name)));
}

/** Reads the options in front of the object; returns them and the words from the object on. */
export function parseGlobalOptions(argv: readonly string[]): { options: GlobalOptions; rest: string[] } {
  const g = defaultOptions();
  let i = 0;
  for (; i < argv.length; i++) {
    const raw = argv[i] as string;
    if (raw === "--") {
      i++;
      break;
    }
    if (!raw.startsWith("-") || raw === "-") break;
    const word = raw.startsWith("--") ? raw.slice(1) : raw;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option "${raw}" needs a value`);
      return v;
    };
    const spec = find(word);
    const color = spec ? undefined : colorOf(word);
    if (color) {
      // underlay also takes `--color WHEN` with a space, as its earlier versions did.
      const next = argv[i + 1];
      g.color = word.includes("=") || !(COLOR_WHEN as readonly string[]).includes(next ?? "") ? color : (value() as ColorWhen);
      continue;
    }
    if (!spec) throw new UsageError(`Option "${raw}" is unknown, try "underlay -help".`);
    spec.apply(g, value);
  }
  return { options: g, rest: argv.slice(i) };
}

/** Spellings of the options underlay's own objects also take after the object (commander allowed it). */
const TRAILING: Record<string, Apply> = {
  "-n": nextWord("netns"),
  "--netns": nextWord("netns"),
  "-j": set("json"),
  "--json": set("json"),
  "-p": set("pretty"),
  "--pretty": set("pretty"),
  "-d": count("details"),
  "--details": count("details"),
  "--debug": set("debug"),
  "--force": set("force"),
};

/**
 * For underlay's own objects (vf, sriov, decode, driver): global options written after the object
 * (`driver serve -n NS`, `sriov disable eth2 --force`) go into `g`; the other words are returned.
 */
export function takeTrailingOptions(words: readonly string[], g: GlobalOptions): string[] {
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const apply = Object.hasOwn(TRAILING, word) ? TRAILING[word] : undefined;
    if (!apply) {
      rest.push(word);
      continue;
    }
    apply(g, () => {
      const v = words[++i];
      if (v === undefined) throw new UsageError(`option "${word}" needs a value`);
      return v;
    });
  }
  return rest;
}
