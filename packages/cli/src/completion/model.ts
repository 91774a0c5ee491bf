// Everything completion and the man page say about underlay, read from the sources the CLI runs
// on: the object table (names, descriptions, kinds), each ip object's verbs and usage (loaded
// through the table), the global options table, and the own objects' commander trees. Nothing
// here is a copy: a verb or option added there appears in completion and the man page.
import { CliContext } from "../context.js";
import { defaultOptions, FAMILIES, OPTIONS, type OptionSpec } from "../dispatch/global-options.js";
import { matches } from "../dispatch/matches.js";
import { OBJECTS } from "../dispatch/objects.js";
import { usage } from "../dispatch/usage.js";
import { COLOR_WHEN } from "../output.js";
import { VERSION } from "../version.js";
import { type CommandTree, commandTree } from "./commander-tree.js";
import { type VerbGrammar, verbGrammars } from "./usage-grammar.js";

export interface GlobalOption {
  /** As in the table: -stats, -netns. */
  name: string;
  exact: boolean;
  /** The shortest word ip's prefix rule reads as this option (-s for -stats), if any. */
  shortest?: string;
  /** It reads the next word as its value. */
  takesValue: boolean;
}

export interface IpObjectModel {
  kind: "ip";
  names: readonly string[];
  description: string;
  usage: string;
  verbs: { names: readonly string[]; grammar: VerbGrammar }[];
  /** The grammar of the words given without a verb (monitor's topics). */
  bare?: VerbGrammar;
}

export type ObjectModel =
  | IpObjectModel
  | { kind: "commander"; names: readonly string[]; description: string; tree: CommandTree }
  | { kind: "ip-only"; names: readonly string[] };

export interface CliModel {
  version: string;
  options: GlobalOption[];
  /** -c[olor][=WHEN]: read apart from the table, as ip reads it. */
  colors: readonly string[];
  families: readonly string[];
  objects: ObjectModel[];
  /** `underlay help`, whose examples the man page shows. */
  usage: string;
}

const findOption = (word: string) => OPTIONS.find((o) => (o.exact ? word === o.name : matches(word, o.name)));

function globalOption(o: OptionSpec): GlobalOption {
  let takesValue = false;
  // The table says what an option does only through apply(): one that asks for a value takes one.
  o.apply(defaultOptions(), () => {
    takesValue = true;
    return FAMILIES[0];
  });
  const shortest = o.exact
    ? o.name
    : [...o.name].map((_, i) => o.name.slice(0, i + 1)).find((p) => p.length > 1 && findOption(p) === o);
  return { name: o.name, exact: Boolean(o.exact), ...(shortest ? { shortest } : {}), takesValue };
}

async function objectModel(entry: (typeof OBJECTS)[number], ctx: CliContext): Promise<ObjectModel> {
  if (entry.kind === "ip-only") return entry;
  if (entry.kind === "commander")
    return { ...entry, tree: commandTree(entry.names[0] as string, entry.description, await entry.load(), ctx) };
  const object = await entry.load();
  const grammars = verbGrammars(
    object.usage,
    object.verbs.map((v) => v.names),
  );
  const empty = (): VerbGrammar => ({ keywords: [], values: new Map(), deviceFirst: false });
  const bare = grammars.get(-1);
  return {
    kind: "ip",
    names: entry.names,
    description: entry.description,
    usage: object.usage,
    verbs: object.verbs.map((v, i) => ({ names: v.names, grammar: grammars.get(i) ?? empty() })),
    ...(bare ? { bare } : {}),
  };
}

export async function loadModel(): Promise<CliModel> {
  const ctx = new CliContext(() => defaultOptions());
  return {
    version: VERSION,
    options: OPTIONS.map(globalOption),
    colors: COLOR_WHEN,
    families: FAMILIES,
    objects: await Promise.all(OBJECTS.map((o) => objectModel(o, ctx))),
    usage: usage(),
  };
}
