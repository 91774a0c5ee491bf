#!/usr/bin/env node
// The parity corpus outside vitest: the score, then each miss with a short diff.
//   node packages/cli/test/parity/report.mjs [--only REGEX] [--write-not-yet] [--quiet]
// --only runs the lines REGEX matches; --write-not-yet rewrites not-yet.json from the misses
// (deliberate ones stay in deliberate.json; with --only, entries for lines not run are kept);
// --self-check runs ip in underlay's place: anything but 100% is the harness's own noise.
// Build first: pnpm run --silent build.
import { loadLists, writeNotYet } from "./corpus.mjs";
import { deleteAllNamespaces } from "./namespaces.mjs";
import { judge, runCorpus } from "./run-corpus.mjs";
import { explain, missTable, scoreLine, whatDiffers } from "./score.mjs";

const args = process.argv.slice(2);
if (args.includes("--self-check")) process.env.PARITY_SELF_CHECK = "1";
const only = args.includes("--only") ? new RegExp(args[args.indexOf("--only") + 1]) : undefined;

process.on("SIGINT", () => deleteAllNamespaces().then(() => process.exit(130)));

const { results, notes, seconds } = await runCorpus({ filter: only });
const verdict = judge(results);
const lists = loadLists();
if (!args.includes("--quiet")) for (const r of verdict.misses) console.log(`${explain(r)}\n`);
console.log(missTable(verdict.misses, lists));
for (const n of notes) console.log(`NOTE: ${n}`);
if (verdict.fixed.length > 0) console.log(`now passing, still in not-yet.json: ${verdict.fixed.join(" | ")}`);
if (verdict.stale.length > 0) console.log(`listed but not in the corpus: ${verdict.stale.join(" | ")}`);
console.log(`${scoreLine(verdict)} (${seconds.toFixed(1)} s)`);

if (args.includes("--write-not-yet")) {
  const ran = new Set(results.map((r) => r.line));
  const kept = Object.entries(lists.notYet).filter(([line]) => !ran.has(line));
  const current = verdict.misses.filter((r) => !(r.line in lists.deliberate)).map((r) => [r.line, whatDiffers(r)]);
  writeNotYet(Object.fromEntries([...kept, ...current]));
  console.log(`not-yet.json: ${kept.length + current.length} lines`);
}
process.exitCode = verdict.unlisted.length > 0 ? 1 : 0;
