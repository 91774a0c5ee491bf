// The completion model as one shell function, `__underlay_data KEY`, which puts the words for KEY
// in the array __ul_list. A `case` rather than associative arrays: the same text runs in bash and
// in zsh (under ksh emulation), and neither shell then depends on the other's array syntax.
//
// Keys (O an object's first name, V a verb's first name or _ for an object's bare words, P an own
// object's command path such as vf/show); a "name:key" entry is a word and what it stands for:
//   options          -name:FLAGS in the table's order (e: whole word only, v: takes a value)
//   option-names     what completes where an option may stand
//   option/-NAME     an option's values
//   objects          name:O for every object, in the table's order (- for ip's objects we lack)
//   object-names     the objects underlay implements
//   kind/O           ip or own
//   O/verbs          name:V, in ip's order of matching
//   O/V/keywords     O/V/takes (keywords with a value)   O/V/value/K   O/V/first
//   P/sub (name:key, aliases too)   P/options   P/optvalues (--opt:VALUE-NAME)   P/args
// @dev, @netns and @files in a list stand for device names, netns names and file names.
import type { CommandTree } from "./commander-tree.js";
import type { CliModel } from "./model.js";
import { DEVICES, type VerbGrammar } from "./usage-grammar.js";

const FILES = "@files";
/** Own objects' arguments and option values completed as device names, or as files. */
const DEVICE_ARGS = /^(pf|dev|device|link|ifname)$/;
const FILE_ARGS = /^(dir|file|path|filename)$/;

const quote = (w: string) => (/^[A-Za-z0-9@_.:/=+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

function commanderEntries(t: CommandTree, path: string, out: Map<string, string[]>) {
  out.set(`${path}/sub`, [...t.subcommands.flatMap((s) => [s.name, ...s.aliases].map((n) => `${n}:${s.name}`))]);
  out.set(`${path}/options`, [...t.options.flatMap((o) => (o.short ? [o.name, o.short] : [o.name])), "--help"]);
  out.set(
    `${path}/optvalues`,
    t.options.flatMap((o) =>
      o.value === undefined ? [] : (o.short ? [o.name, o.short] : [o.name]).map((n) => `${n}:${o.value}`),
    ),
  );
  out.set(
    `${path}/args`,
    t.args.map((a) => (DEVICE_ARGS.test(a) ? DEVICES : FILE_ARGS.test(a) ? FILES : "-")),
  );
  for (const s of t.subcommands) commanderEntries(s, `${path}/${s.name}`, out);
}

function verbEntries(prefix: string, g: VerbGrammar, out: Map<string, string[]>) {
  out.set(`${prefix}/keywords`, g.keywords);
  out.set(`${prefix}/takes`, [...g.values.keys()]);
  for (const [k, v] of g.values) out.set(`${prefix}/value/${k}`, v);
  if (g.deviceFirst) out.set(`${prefix}/first`, [DEVICES]);
}

/** Every key and its words. */
export function shellData(m: CliModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  out.set(
    "options",
    m.options.map((o) => `${o.name}:${o.exact ? "e" : ""}${o.takesValue ? "v" : ""}`),
  );
  out.set("option-names", [...m.options.map((o) => o.name), "-color"]);
  out.set("option/-netns", ["@netns"]);
  out.set("option/-family", [...m.families]);
  out.set("option/-batch", [FILES]);
  const objects = m.objects;
  out.set(
    "objects",
    objects.flatMap((o) => o.names.map((n) => `${n}:${o.kind === "ip-only" ? "-" : o.names[0]}`)),
  );
  out.set(
    "object-names",
    objects.flatMap((o) => (o.kind === "ip-only" ? [] : o.names)),
  );
  for (const o of objects) {
    const name = o.names[0] as string;
    if (o.kind === "ip-only") continue;
    out.set(`kind/${name}`, [o.kind === "ip" ? "ip" : "own"]);
    if (o.kind === "commander") {
      commanderEntries(o.tree, name, out);
      continue;
    }
    out.set(
      `${name}/verbs`,
      o.verbs.flatMap((v) => v.names.map((n) => `${n}:${v.names[0]}`)),
    );
    for (const v of o.verbs) verbEntries(`${name}/${v.names[0]}`, v.grammar, out);
    if (o.bare) verbEntries(`${name}/_`, o.bare, out);
  }
  return out;
}

export function dataFunction(m: CliModel): string {
  const cases = [...shellData(m)]
    .filter(([, words]) => words.length)
    .map(([key, words]) => `    ${quote(key)}) __ul_list=(${words.map(quote).join(" ")}) ;;`);
  return `__underlay_data() {
  case $1 in
${cases.join("\n")}
    *) __ul_list=() ;;
  esac
}
`;
}
