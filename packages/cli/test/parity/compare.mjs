// One corpus line through both tools, and what differs: exit code, stdout (normalised), whether
// stderr is empty, and after a writing line the state of both namespaces.
import { createNamespace, deleteNamespace, ipIn, readState, underlayIn } from "./namespaces.mjs";
import { normalise } from "./normalise.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `ip -n nsIp LINE` and `underlay -n nsUl LINE` side by side. */
export async function runBoth(entry, nsIp, nsUl) {
  const [ip, ul] = await Promise.all([ipIn(nsIp, entry.words), underlayIn(nsUl, entry.words)]);
  ip.stdout = normalise(ip.stdout, nsIp);
  ul.stdout = normalise(ul.stdout, nsUl);
  return { ip, ul };
}

export function outputMisses({ ip, ul }) {
  const misses = [];
  if (ip.code !== ul.code) misses.push(`exit ${ul.code} (ip ${ip.code})`);
  if (ip.stdout !== ul.stdout) misses.push("stdout differs");
  const empty = (s) => (s === "" ? "empty" : "not empty");
  if (empty(ip.stderr) !== empty(ul.stderr)) misses.push(`stderr ${empty(ul.stderr)} (ip ${empty(ip.stderr)})`);
  return misses;
}

/** The objects whose state differs; a change the kernel finishes asynchronously gets more reads
 * (1.7 s in all) before it counts as a difference: a link-local address after a link comes up,
 * a bridge's operstate after its last port goes (linkwatch, at most once a second). */
async function stateMisses(nsIp, nsUl) {
  let differing = [];
  let states = {};
  for (const wait of [0, 200, 500, 1000]) {
    await sleep(wait);
    const [a, b] = await Promise.all([readState(nsIp), readState(nsUl)]);
    states = { ip: a, ul: b };
    differing = Object.keys(a).filter((k) => a[k] !== b[k]);
    if (differing.length === 0) break;
  }
  return { differing, states };
}

/** Waits until a fresh namespace reads like the settled reference (the kernel finishes some of
 * the fixture, IPv6 link-locals and their routes, after ip has returned). */
async function settled(ns, reference) {
  for (let i = 0; i < 150; i++) {
    const state = await readState(ns);
    if (Object.keys(reference).every((k) => state[k] === reference[k])) return;
    await sleep(100);
  }
  throw new Error(`parity fixture: namespace ${ns} never read like the reference after 15 s`);
}

/** A writing line on a fresh pair of namespaces, deleted afterwards; both start as `reference`.
 * A fixture that fails is this line's miss (named as the harness's), not the end of the run. */
export async function runWrite(entry, reference) {
  let pair = [];
  try {
    pair = await Promise.all([createNamespace(), createNamespace()]);
    const [nsIp, nsUl] = pair;
    await Promise.all([settled(nsIp, reference), settled(nsUl, reference)]);
    const out = await runBoth(entry, nsIp, nsUl);
    const { differing, states } = await stateMisses(nsIp, nsUl);
    const misses = outputMisses(out);
    if (differing.length > 0) misses.push(`state differs: ${differing.join(", ")}`);
    return { ...entry, ...out, misses, states: differing.length > 0 ? states : undefined };
  } catch (err) {
    const none = { code: -1, stdout: "", stderr: "" };
    return { ...entry, ip: none, ul: none, misses: [`harness failed: ${err.message}`] };
  } finally {
    await Promise.all(pair.map(deleteNamespace));
  }
}

/** A reading line on the shared pair. */
export async function runRead(entry, nsIp, nsUl) {
  const out = await runBoth(entry, nsIp, nsUl);
  return { ...entry, ...out, misses: outputMisses(out) };
}
