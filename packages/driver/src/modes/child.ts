// The per-endpoint child link of macvlan and ipvlan networks, created at Join in the host netns
// under a temporary name; Docker moves it into the container and renames it.
import type { Handle, IpvlanFlag, IpvlanMode, MacvlanMode } from "@underlay/netlink";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import { deleteIfPresent, parentOf } from "./parent.js";

/** The host-side name of an endpoint's link until Docker moves and renames it. */
export function endpointLinkName(ep: EndpointRecord): string {
  return `ul${ep.id.slice(0, 12)}`;
}

type ChildKind = { kind: "macvlan"; mode: MacvlanMode } | { kind: "ipvlan"; mode: IpvlanMode; flag: IpvlanFlag };

export async function createChild(h: Handle, net: NetworkRecord, ep: EndpointRecord, kind: ChildKind): Promise<string> {
  const name = endpointLinkName(ep);
  await deleteIfPresent(h, name); // a Join retried after a crash
  const mtu = net.options.mtu === undefined ? {} : { mtu: net.options.mtu };
  await h.promises.linkAdd({ name, parent: parentOf(net), ...kind, ...mtu });
  return name;
}
