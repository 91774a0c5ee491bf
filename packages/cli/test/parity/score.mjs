// How a run reads: the score, a table of misses, and per miss a short diff of what differs.

export function scoreLine(v) {
  const pct = v.total === 0 ? 0 : (100 * v.passed) / v.total;
  return `parity: ${v.passed} of ${v.total} lines behave like ip (${pct.toFixed(1)}%); misses: ${v.deliberate.length} deliberate, ${v.notYet.length} not yet, ${v.unlisted.length} unlisted`;
}

export function missTable(rows, lists) {
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.line.length)));
  return rows
    .map((r) => {
      const tag = r.line in lists.deliberate ? "deliberate" : r.line in lists.notYet ? "not-yet" : "UNLISTED";
      return `${tag.padEnd(10)}  ${r.line.padEnd(width)}  ${r.misses.join("; ")}`;
    })
    .join("\n");
}

/** Where two texts first differ: their lines, the line's index and the character's in it. */
function firstDifference(ip, ul) {
  const a = ip.split("\n");
  const b = ul.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let c = 0;
  while (c < (a[i] ?? "").length && a[i][c] === b[i]?.[c]) c++;
  return { a, b, i, c };
}

/** The first differing line of two texts with a little context, ip's as "-", underlay's as "+";
 * a long line is cut to a window around its first differing character. */
export function shortDiff(ip, ul, context = 2) {
  const { a, b, i, c } = firstDifference(ip, ul);
  const cut = (l, at) => (l.length <= 160 ? l : `${at > 0 ? "…" : ""}${l.slice(Math.max(0, at - 60), at + 100)}…`);
  const from = Math.max(0, i - context);
  const to = i + context + 1;
  const show = (lines, sign) => lines.slice(from, to).map((l, k) => (from + k === i ? `${sign} ${cut(l, c)}` : `  ${cut(l, 0)}`));
  return [...show(a, "-"), "  ---", ...show(b, "+")].join("\n");
}

/** One line for not-yet.json: what differs, and where stdout first does. */
export function whatDiffers(r) {
  const what = r.misses.join("; ");
  if (r.ip.stdout === r.ul.stdout) return what;
  const { a, b, i, c } = firstDifference(r.ip.stdout, r.ul.stdout);
  const at = (l) => JSON.stringify((l ?? "(none)").slice(Math.max(0, c - 20), c + 40));
  return `${what} (line ${i + 1}: ip ${at(a[i])}, underlay ${at(b[i])})`;
}

export function explain(r) {
  const parts = [`${r.writes ? "w" : "r"} ${r.line}: ${r.misses.join("; ")}`];
  if (r.ip.stdout !== r.ul.stdout) parts.push(indent(shortDiff(r.ip.stdout, r.ul.stdout)));
  if (r.ip.stderr !== "" || r.ul.stderr !== "") {
    parts.push(indent(`- stderr: ${firstLine(r.ip.stderr)}\n+ stderr: ${firstLine(r.ul.stderr)}`));
  }
  for (const [k, v] of Object.entries(r.states?.ip ?? {})) {
    if (v !== r.states.ul[k]) parts.push(indent(`state ${k}:\n${shortDiff(pretty(v), pretty(r.states.ul[k]), 1)}`));
  }
  return parts.join("\n");
}

const indent = (s) => s.replace(/^/gm, "    ");
const firstLine = (s) => s.split("\n")[0];

/** JSON one element a line so a state diff points at the entry that differs. */
function pretty(text) {
  try {
    return JSON.parse(text)
      .map((e) => JSON.stringify(e))
      .join("\n");
  } catch {
    return text;
  }
}
