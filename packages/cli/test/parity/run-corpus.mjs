// Runs the whole corpus (or the lines a filter picks): reading lines on one shared pair of
// namespaces, a few at a time; each writing line on a fresh pair of its own.
import { runRead, runWrite } from "./compare.mjs";
import { loadCorpus, loadLists } from "./corpus.mjs";
import { countersOf, createNamespace, deleteAllNamespaces, readState } from "./namespaces.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs tasks with at most `limit` in flight; results in the tasks' order. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The shared pair, once both namespaces read the same (counters included) twice in a row. */
async function sharedPair() {
  const [a, b] = await Promise.all([createNamespace(), createNamespace()]);
  const snapshot = async (ns) => ({ ...(await readState(ns)), counters: await countersOf(ns) });
  let previous = {};
  let differing = [];
  for (let i = 0; i < 150; i++) {
    const [sa, sb] = await Promise.all([snapshot(a), snapshot(b)]);
    differing = Object.keys(sa).filter((k) => sa[k] !== sb[k] || sa[k] !== previous[k]);
    if (differing.length === 0) return [a, b];
    previous = sa;
    await sleep(100);
  }
  throw new Error(`parity fixture: namespaces ${a} and ${b} still differ or change after 15 s (${differing.join(", ")})`);
}

/**
 * @param {{ filter?: RegExp, concurrency?: number }} o
 * @returns the results per line in corpus order, and notes about the run itself
 */
export async function runCorpus(o = {}) {
  const started = Date.now();
  const entries = loadCorpus().filter((e) => !o.filter || o.filter.test(e.line));
  const notes = [];
  try {
    const [nsIp, nsUl] = await sharedPair();
    const before = await readState(nsIp);
    const tasks = entries.map((e) => () => (e.writes ? runWrite(e, before) : runRead(e, nsIp, nsUl)));
    const results = await pool(tasks, o.concurrency ?? 8);
    const after = await readState(nsIp);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    if (changed.length > 0) notes.push(`a line marked "r" changed the shared namespace (${changed.join(", ")}): mark it "w"`);
    return { results, notes, seconds: (Date.now() - started) / 1000 };
  } finally {
    await deleteAllNamespaces();
  }
}

/** Splits the misses by the two lists: deliberate, not yet fixed, and unlisted (a regression or a new line). */
export function judge(results) {
  const { deliberate, notYet } = loadLists();
  const misses = results.filter((r) => r.misses.length > 0);
  const lines = new Set(loadCorpus().map((e) => e.line));
  return {
    total: results.length,
    passed: results.length - misses.length,
    misses,
    deliberate: misses.filter((r) => r.line in deliberate),
    notYet: misses.filter((r) => !(r.line in deliberate) && r.line in notYet),
    unlisted: misses.filter((r) => !(r.line in deliberate) && !(r.line in notYet)),
    fixed: results.filter((r) => r.misses.length === 0 && r.line in notYet).map((r) => r.line),
    stale: [...Object.keys(deliberate), ...Object.keys(notYet)].filter((l) => !lines.has(l)),
  };
}
