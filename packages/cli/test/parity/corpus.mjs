// Reads the parity corpus, its fixture and the two lists of known misses (the data files beside
// this one), so the vitest file and report.mjs judge the same lines the same way.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const HERE = import.meta.dirname;
const DELIBERATE = join(HERE, "deliberate.json");
const NOT_YET = join(HERE, "not-yet.json");

/** Lines without the comments and blanks of a data file; a line ending in "\\" goes on on the next. */
function dataLines(file) {
  return readFileSync(join(HERE, file), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** corpus.txt: "r LINE" (reads only) or "w LINE" (may write); LINE is split on blanks like a shell would. */
export function loadCorpus() {
  const seen = new Set();
  return dataLines("corpus.txt").map((l) => {
    const m = /^([rw])\s+(.+)$/.exec(l);
    if (!m) throw new Error(`corpus.txt: "${l}" is neither "r LINE" nor "w LINE"`);
    const line = m[2].replace(/\s+/g, " ");
    if (seen.has(line)) throw new Error(`corpus.txt: "${line}" is there twice`);
    seen.add(line);
    return { line, words: line.split(" "), writes: m[1] === "w" };
  });
}

/** fixture.txt as steps in order: { shell } (run inside the namespace) or { batch } (ip -batch input). */
export function loadFixture() {
  const steps = [];
  for (const l of dataLines("fixture.txt")) {
    const kind = l.startsWith("ip ") ? "batch" : "shell";
    const text = kind === "batch" ? l.slice(3) : l;
    const last = steps.at(-1);
    if (last && kind in last) last[kind] += `${text}\n`;
    else steps.push({ [kind]: `${text}\n` });
  }
  return steps;
}

/** deliberate.json and not-yet.json: { "LINE": "why it differs / what differs" }. */
export function loadLists() {
  const read = (file) => JSON.parse(readFileSync(file, "utf8"));
  return { deliberate: read(DELIBERATE), notYet: read(NOT_YET) };
}

export function writeNotYet(notYet) {
  const sorted = Object.fromEntries(Object.entries(notYet).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(NOT_YET, `${JSON.stringify(sorted, null, 2)}\n`);
}
