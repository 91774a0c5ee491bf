// Docker forgets endpoints without telling the driver: after a dockerd restart with a legacy
// plugin, when the driver was down as a container exited, when a DeleteEndpoint error was only
// logged. An endpoint is dead when
// - its container's netns (Join's SandboxKey) is gone, once that file was seen or Join is settled
//   (Docker makes the file when the container starts, just after Join; it removes it up to a
//   minute after the container ends), unless its device is a physical one still away: that one
//   comes back to the host netns, and is restored then;
// - its device is back in the host netns after Join was settled: seen away in between, or Join
//   answered longer ago than the grace (Docker moves the device within moments, slow hooks aside);
// - it never finished Join long after CreateEndpoint (Docker joins right away).
// The device is found by identity (the mode's locate: ifindex, permanent MAC, PCI), not by name.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { HostView } from "./host-view.js";
import type { Mode } from "./modes/mode.js";
import type { EndpointRecord, NetworkRecord } from "./store.js";

/** Whether the container's netns file exists; undefined when its folder is not visible to us. */
function sandboxExists(key: string): boolean | undefined {
  return existsSync(dirname(key)) ? existsSync(key) : undefined;
}

export interface Liveness {
  /** Why the endpoint is dead, or undefined when it is alive (or cannot be told). */
  dead?: string;
  /** The record changed (the netns or the device was seen): persist it. */
  update?: EndpointRecord;
}

export interface LivenessClock {
  /** When this driver process started: times before it count from it (it saw nothing earlier). */
  since: number;
  /** How long a joined device may stay in the host netns on its way into the container. */
  joinGraceMs: number;
  now: number;
}

/** An endpoint created this long ago whose Join never finished was forgotten. */
export const NEVER_JOINED_MS = 5 * 60_000;

/**
 * Judges one endpoint. Call it holding the endpoint's lock, so that no Join is half-way. With a
 * view (HostView), the device and the netns file are looked up there, not asked for, and the lock
 * is not needed: such a verdict is only trusted when it finds nothing to do; one that acts must be
 * judged again, under the lock, without the view.
 */
export async function judgeEndpoint(
  mode: Mode,
  net: NetworkRecord,
  ep: EndpointRecord,
  clock: LivenessClock,
  view?: HostView,
): Promise<Liveness> {
  const age = (t: number | undefined) => clock.now - Math.max(t ?? 0, clock.since);
  if (!ep.joined) return age(ep.createdAt) > NEVER_JOINED_MS ? { dead: "its Join never finished, and Docker joins at once" } : {};
  const where = await mode.locate(net, ep, view?.links);
  const key = ep.sandboxKey;
  const exists = key === undefined ? undefined : view ? view.fileExists(key) : sandboxExists(key);
  const settled = Boolean(ep.moved) || age(ep.joinedAt) > clock.joinGraceMs;
  const stillAway = where === "away" && mode.devicesReturn;
  if (exists === false && (ep.sandboxSeen || settled) && !stillAway)
    return { dead: `its container's netns ${ep.sandboxKey} is gone` };
  if (where === "host" && settled) return { dead: "its device is back in the host netns (the container left)" };
  const seen = {
    ...(exists && !ep.sandboxSeen ? { sandboxSeen: true } : {}),
    ...(where === "away" && !ep.moved ? { moved: true } : {}),
  };
  return Object.keys(seen).length ? { update: { ...ep, ...seen } } : {};
}
