// Namespaces built from fixture.txt, the commands run in them, and the state read back from them
// (always with ip, so both sides are read by the same reader).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { loadFixture } from "./corpus.mjs";
import { normalise } from "./normalise.mjs";

export const CLI = join(import.meta.dirname, "../../dist/main.js");

/** Runs a program to its end: { code, stdout, stderr } (code 127 when it could not start). */
export function run(file, args, input = "") {
  return new Promise((resolve) => {
    const child = execFile(file, args, { encoding: "utf8", maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      let code = 0;
      if (err) code = typeof err.code === "number" ? err.code : err.signal ? 128 : 127;
      resolve({ code, stdout, stderr: stderr || (code === 127 ? String(err?.message) : "") });
    });
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

export const ipIn = (ns, words, input) => run("ip", ["-n", ns, ...words], input);
/** underlay, or ip again when PARITY_SELF_CHECK is set (report.mjs --self-check: the harness's own noise). */
export const underlayIn = (ns, words) =>
  process.env.PARITY_SELF_CHECK ? ipIn(ns, words) : run(process.execPath, [CLI, "-n", ns, ...words]);

async function must(what, pending) {
  const r = await pending;
  if (r.code !== 0) throw new Error(`parity fixture: ${what} failed: ${r.stderr}`);
}

const fixture = loadFixture();
let sequence = 0;
const live = new Set();

/** A fresh namespace built from the fixture; its name has the same length as every other one's. */
export async function createNamespace() {
  const ns = `parity${process.pid}n${String(sequence++).padStart(4, "0")}`;
  await must(`ip netns add ${ns}`, run("ip", ["netns", "add", ns]));
  live.add(ns);
  for (const step of fixture) {
    if (step.shell)
      await must(`fixture shell in ${ns}`, run("nsenter", [`--net=/run/netns/${ns}`, "sh", "-e", "-c", step.shell]));
    else await must(`fixture ip batch in ${ns}`, ipIn(ns, ["-batch", "-"], step.batch));
  }
  return ns;
}

export async function deleteNamespace(ns) {
  live.delete(ns);
  const r = await run("ip", ["netns", "del", ns]);
  if (r.code !== 0) console.error(`parity: ip netns del ${ns}: ${r.stderr.trim()}`);
}

/** Removes every namespace this process made and has not deleted yet (for interrupted runs). */
export async function deleteAllNamespaces() {
  await Promise.all([...live].map(deleteNamespace));
}

/** What a write may have changed, read with ip in JSON with details: one batch (one JSON array a
 * line) for everything but IPv6 rules, which need -6 (`ip rule` alone lists IPv4's). */
const STATE = ["link show", "addr show", "route show table all", "neigh show", "neigh show proxy", "rule show"];

export async function readState(ns) {
  const [batch, rule6] = await Promise.all([
    ipIn(ns, ["-j", "-d", "-force", "-batch", "-"], `${STATE.join("\n")}\n`),
    ipIn(ns, ["-j", "-d", "-6", "rule", "show"]),
  ]);
  const lines = normalise(batch.stdout, ns).split("\n");
  const state = Object.fromEntries(STATE.map((what, i) => [what, lines[i] ?? ""]));
  state["-6 rule show"] = normalise(rule6.stdout, ns).trim();
  // A neighbour table's dump order follows a hash with a random seed per namespace.
  for (const k of ["neigh show", "neigh show proxy"]) state[k] = sortedArray(state[k]);
  return state;
}

function sortedArray(json) {
  try {
    return JSON.stringify(
      JSON.parse(json)
        .map((e) => JSON.stringify(e))
        .sort()
        .map((e) => JSON.parse(e)),
    );
  } catch {
    return json;
  }
}

/** -s counters included: the shared pair is used only once both namespaces read the same. */
export async function countersOf(ns) {
  return normalise((await ipIn(ns, ["-s", "-s", "-j", "-d", "link", "show"])).stdout, ns);
}
