// Records written before 0.2 (state version 1: records in objects keyed by id), brought to what
// the driver now relies on, so that nothing held before an upgrade is forgotten after it:
// - child endpoints get the link name they were given (it was derived from the id, not recorded);
// - passthrough endpoints get the device's own name, to find it and put it back;
// - joined endpoints are marked joined, long ago (their liveness is then judged as any other);
// - an --internal network with a parent kept its containers on an isolated parent: it still does;
// - a network's createdParent is kept for the driver to move into the host-wide created links.
import { endpointLinkName } from "./modes/child.js";

type Json = Record<string, unknown>;

function upgradeNetwork(n: Json): Json {
  const options = { ...(n.options as Json) };
  const child = options.mode === "macvlan" || options.mode === "ipvlan";
  if (n.internal === true && child && options.parent) options.parent = "";
  return { ...n, options };
}

function upgradeEndpoint(e: Json, network: Json | undefined): Json {
  const options = (network?.options ?? {}) as Json;
  const joined = typeof e.srcName === "string";
  const out: Json = { ...e, ...(joined ? { joined: true, joinedAt: 0 } : {}) };
  if ((options.mode === "macvlan" || options.mode === "ipvlan") && joined)
    out.link = endpointLinkName(e as { id: string; networkId: string });
  if (options.mode === "passthrough" && e.saved) out.saved = { name: options.parent, ...(e.saved as Json) };
  return out;
}

/** Version 1 state as version 2; anything else is returned as it is. */
export function fromVersion1(v: unknown): unknown {
  const old = v as { version?: number; networks?: Record<string, Json>; endpoints?: Record<string, Json> };
  if (old?.version !== 1) return v;
  const networks = Object.values(old.networks ?? {});
  const byId = new Map(networks.map((n) => [n.id, n]));
  return {
    version: 2,
    networks: networks.map(upgradeNetwork),
    endpoints: Object.values(old.endpoints ?? {}).map((e) => upgradeEndpoint(e, byId.get(e.networkId))),
  };
}
