// Docker forgets endpoints without telling the driver: after a dockerd restart with a legacy
// plugin, when the driver was down as a container exited, when a DeleteEndpoint error was only
// logged. An endpoint is dead when its container's netns (Join's SandboxKey) is gone, or when its
// device is back in the host netns after Join (seen away in between, or Join is long past, or was
// answered by an earlier process: Docker moves the device within moments of Join's answer). The
// device is found by identity (the mode's locate: ifindex, permanent MAC, PCI address), not by name.
// Docker removes a dead container's netns file only up to a minute later, so that alone is slow.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
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

/** How long after Join a device still in the host netns may be on its way into the container. */
export const JOIN_GRACE_MS = 60_000;

/**
 * Judges one endpoint. Call it holding the endpoint's lock, so that no Join is half-way.
 * `since`: when this driver process started (a Join answered before it cannot be in progress).
 * Docker creates the netns file only when the container starts, just after Join: a missing
 * file counts once it has been seen, or once Join is settled.
 */
export async function judgeEndpoint(mode: Mode, net: NetworkRecord, ep: EndpointRecord, since: number): Promise<Liveness> {
  if (!ep.sandboxKey || !ep.joined) return {}; // Docker is between CreateEndpoint and the end of Join
  const where = await mode.locate(net, ep);
  const exists = sandboxExists(ep.sandboxKey);
  const settled = ep.moved || (ep.joinedAt ?? 0) < since || Date.now() - (ep.joinedAt ?? 0) > JOIN_GRACE_MS;
  if (exists === false && (ep.sandboxSeen || settled)) return { dead: `its container's netns ${ep.sandboxKey} is gone` };
  if (where === "host" && settled) return { dead: "its device is back in the host netns (the container left)" };
  const seen = {
    ...(exists && !ep.sandboxSeen ? { sandboxSeen: true } : {}),
    ...(where === "away" && !ep.moved ? { moved: true } : {}),
  };
  return Object.keys(seen).length ? { update: { ...ep, ...seen } } : {};
}
