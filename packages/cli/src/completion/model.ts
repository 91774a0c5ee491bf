// Everything completion and the man page say about underlay, read from the sources the CLI runs
// on: the object table (names, descriptions, kinds), each ip object's verbs and usage (loaded
// through the table), the global options table, and the own objects' commander trees. Nothing
// here is a copy: a verb or option added there appears in completion and the man page.
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import type { GlobalOptions, OptionSpec } from "../dispatch/global-options.js";
import { matches } from "../dispatch/matches.js";
import type { ObjectEntry } from "../dispatch/objects.js";
import { type CommandTree, commandTree } from "./commander-tree.js";
import { type VerbGrammar, verbGrammars } from "./usage-grammar.js";

/**
 * What the model is read from, handed over by the completion command (commands/completion.ts):
 * the CLI's own tables, which the bundle keeps in main.js, while this code is in a file of its own.
 */
export interface Sources {
  objects: readonly ObjectEntry[];
  options: readonly OptionSpec[];
  defaultOptions: () => GlobalOptions;
  families: readonly string[];
  colors: readonly string[];
  /** `underlay help`. */
  usage: string;
  version: string;
  /** A context for registering own objects' commands (never run). */
  ctx: CliContext;
  newCommand: (name: string) => Command;
}

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

function globalOption(o: OptionSpec, s: Sources): GlobalOption {
  let takesValue = false;
  // The table says what an option does only through apply(): one that asks for a value takes one.
  o.apply(s.defaultOptions(), () => {
    takesValue = true;
    return s.families[0] as string;
  });
  const find = (word: string) => s.options.find((p) => (p.exact ? word === p.name : matches(word, p.name)));
  const shortest = o.exact
    ? o.name
    : [...o.name].map((_, i) => o.name.slice(0, i + 1)).find((p) => p.length > 1 && find(p) === o);
  return { name: o.name, exact: Boolean(o.exact), ...(shortest ? { shortest } : {}), takesValue };
}

async function objectModel(entry: ObjectEntry, s: Sources): Promise<ObjectModel> {
  if (entry.kind === "ip-only") return entry;
  const name = entry.names[0] as string;
  if (entry.kind === "commander")
    return { ...entry, tree: commandTree(s.newCommand(name), entry.description, await entry.load(), s.ctx) };
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

export async function loadModel(s: Sources): Promise<CliModel> {
  return {
    version: s.version,
    options: s.options.map((o) => globalOption(o, s)),
    colors: s.colors,
    families: s.families,
    objects: await Promise.all(s.objects.map((o) => objectModel(o, s))),
    usage: s.usage,
  };
}
