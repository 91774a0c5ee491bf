// The per-endpoint child link of macvlan and ipvlan networks, created at Join in the host netns
// under a temporary name; Docker moves it into the container and renames it.
import type { Handle, IpvlanFlag, IpvlanMode, MacvlanMode } from "@underlay/netlink";
import type { JoinResponse } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import type { Mode, ModeContext } from "./mode.js";
import { deleteIfPresent, ensureParent, parentOf, releaseParent } from "./parent.js";

/** The host-side name of an endpoint's link until Docker moves and renames it. */
export function endpointLinkName(ep: EndpointRecord): string {
  return `ul${ep.id.slice(0, 12)}`;
}

export type ChildKind = { kind: "macvlan"; mode: MacvlanMode } | { kind: "ipvlan"; mode: IpvlanMode; flag: IpvlanFlag };

export async function createChild(h: Handle, net: NetworkRecord, ep: EndpointRecord, kind: ChildKind): Promise<string> {
  const name = endpointLinkName(ep);
  await deleteIfPresent(h, name); // a Join retried after a crash
  const mtu = net.options.mtu === undefined ? {} : { mtu: net.options.mtu };
  await h.promises.linkAdd({ name, parent: parentOf(net), ...kind, ...mtu });
  return name;
}

/** What differs between macvlan and ipvlan networks; childMode supplies the rest. */
export interface ChildModeSpec {
  /** Refuses a network that cannot share its parent with `same`: the networks of its mode there. */
  checkSharing(net: NetworkRecord, same: NetworkRecord[]): void;
  createEndpoint: Mode["createEndpoint"];
  kind(net: NetworkRecord): ChildKind;
  /** Gateway or routes for Join. */
  routing(net: NetworkRecord, ep: EndpointRecord): Omit<JoinResponse, "InterfaceName">;
}

/** A mode whose endpoints are child links of a parent, created at Join. */
export function childMode(ctx: ModeContext, spec: ChildModeSpec): Mode {
  const { h } = ctx;
  return {
    async createNetwork(net, others) {
      const onParent = others.filter((o) => parentOf(o) === parentOf(net));
      const other = onParent.find(
        (o) => o.options.mode !== net.options.mode && (o.options.mode === "macvlan" || o.options.mode === "ipvlan"),
      );
      if (other) {
        throw new Error(
          `parent ${parentOf(net)} already carries ${other.options.mode} network ${other.id}: a link cannot have macvlan and ipvlan children at once`,
        );
      }
      spec.checkSharing(
        net,
        onParent.filter((o) => o.options.mode === net.options.mode),
      );
      return ensureParent(h, net);
    },
    deleteNetwork: (net, others) => releaseParent(h, net, others),
    resume: async (net) => void (await ensureParent(h, net)),
    createEndpoint: spec.createEndpoint,
    async join(net, ep) {
      const name = await createChild(h, net, ep, spec.kind(net));
      return { InterfaceName: { SrcName: name, DstPrefix: net.options.prefix }, ...spec.routing(net, ep) };
    },
    leave: async () => {},
    deleteEndpoint: (_net, ep) => deleteIfPresent(h, endpointLinkName(ep)),
  };
}
