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

/** The container's netns file is gone, from a folder we can see (else we cannot tell). */
function sandboxGone(key: string): boolean {
  return existsSync(dirname(key)) && !existsSync(key);
}

export interface Liveness {
  /** Why the endpoint is dead, or undefined when it is alive (or cannot be told). */
  dead?: string;
  /** The record changed (the device was seen away): persist it. */
  update?: EndpointRecord;
}

/** How long after Join a device still in the host netns may be on its way into the container. */
export const JOIN_GRACE_MS = 60_000;

/**
 * Judges one endpoint. Call it holding the endpoint's lock, so that no Join is half-way.
 * `since`: when this driver process started (a Join answered before it cannot be in progress).
 */
export async function judgeEndpoint(mode: Mode, net: NetworkRecord, ep: EndpointRecord, since: number): Promise<Liveness> {
  if (!ep.sandboxKey) return {}; // never joined: Docker is between CreateEndpoint and Join
  const where = await mode.locate(net, ep);
  if (sandboxGone(ep.sandboxKey)) return { dead: `its container's netns ${ep.sandboxKey} is gone` };
  const settled = ep.moved || (ep.joinedAt ?? 0) < since || Date.now() - (ep.joinedAt ?? 0) > JOIN_GRACE_MS;
  if (where === "host" && ep.joined && settled) return { dead: "its device is back in the host netns (the container left)" };
  if (where === "away" && ep.joined && !ep.moved) return { update: { ...ep, moved: true } };
  return {};
}
