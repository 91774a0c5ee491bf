// The parity corpus (issue 13): every line of corpus.txt through `ip` and `underlay` against two
// namespaces built alike, scored; a miss fails the test unless deliberate.json or not-yet.json
// lists its line. report.mjs runs the same outside vitest, with diffs.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { missingCliBuild } from "../support/cli.js";
import { loadLists } from "./corpus.mjs";
import { judge, runCorpus } from "./run-corpus.mjs";
import { explain, missTable, scoreLine } from "./score.mjs";

function missingIp(): string | undefined {
  try {
    execFileSync("ip", ["-V"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "iproute2's ip is not installed: the parity corpus compares underlay with it";
  }
}

const skip = missingIp();
if (skip) console.log(`parity corpus skipped: ${skip}`);

describe.skipIf(skip !== undefined)("parity with ip (corpus.txt)", () => {
  it("behaves like ip on every line not listed as deliberate or not yet", { timeout: 600_000 }, async () => {
    expect(missingCliBuild()).toBeUndefined();
    const { results, notes, seconds } = await runCorpus();
    const verdict = judge(results);
    console.log(`${scoreLine(verdict)} (${seconds.toFixed(1)} s)`);
    if (verdict.misses.length > 0) console.log(missTable(verdict.misses, loadLists()));
    for (const r of verdict.unlisted) console.log(explain(r));
    if (verdict.fixed.length > 0) console.log(`now passing, remove from not-yet.json: ${verdict.fixed.join(" | ")}`);
    expect(notes).toEqual([]);
    expect(verdict.stale, "lines listed in deliberate.json/not-yet.json but not in corpus.txt").toEqual([]);
    expect(
      verdict.unlisted.map((r) => `${r.line}: ${r.misses.join("; ")}`),
      "misses listed neither in deliberate.json nor in not-yet.json",
    ).toEqual([]);
  });
});
