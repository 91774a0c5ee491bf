// Docker forgets endpoints without telling the driver: after a dockerd restart with a legacy
// plugin, when the driver was down as a container exited, when a DeleteEndpoint error was only
// logged. An endpoint is dead when its container's netns (Join's SandboxKey) is gone, or when its
// device, seen away in the container after Join, is back in the host netns. The device is found by
// identity (the mode's locate: ifindex, permanent MAC, PCI address), never by name.
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

/** Judges one endpoint. Call it holding the endpoint's lock, so that no Join is half-way. */
export async function judgeEndpoint(mode: Mode, net: NetworkRecord, ep: EndpointRecord): Promise<Liveness> {
  if (!ep.sandboxKey) return {}; // never joined: Docker is between CreateEndpoint and Join
  const where = await mode.locate(net, ep);
  if (sandboxGone(ep.sandboxKey)) return { dead: `its container's netns ${ep.sandboxKey} is gone` };
  if (where === "host" && ep.moved) return { dead: "its device is back in the host netns (the container left)" };
  if (where === "away" && ep.joined && !ep.moved) return { update: { ...ep, moved: true } };
  return {};
}
