// The per-endpoint child link of macvlan and ipvlan networks, created at Join in the host netns
// under a temporary name (recorded first); Docker moves it into the container and renames it.
// What the two kinds share lives here: the parent rules, the link's life, and finding it again.
import { type Handle, type IpvlanFlag, type IpvlanMode, linkAdd, type MacvlanMode, NetlinkError } from "@underlay/netlink";
import type { HostResources } from "../host-resources.js";
import type { JoinResponse } from "../protocol/api.js";
import type { EndpointRecord, NetworkRecord } from "../store.js";
import type { Mode, ModeContext } from "./mode.js";
import { baseOf, deleteIfPresent, ensureParent, missing, parentOf, releaseCreatedLink } from "./parent.js";
import { vfPoolNetwork } from "./sriov.js";

/** The host-side name of an endpoint's link until Docker moves and renames it. */
export function endpointLinkName(ep: EndpointRecord): string {
  return `ul${ep.id.slice(0, 12)}`;
}

export type ChildKind = { kind: "macvlan"; mode: MacvlanMode } | { kind: "ipvlan"; mode: IpvlanMode; flag: IpvlanFlag };

/** What differs between macvlan and ipvlan networks; childMode supplies the rest. */
export interface ChildModeSpec {
  /** Refuses a network that cannot share its parent with `same`: the networks of its mode there. */
  checkSharing(net: NetworkRecord, same: NetworkRecord[]): void;
  createEndpoint: Mode["createEndpoint"];
  kind(net: NetworkRecord): ChildKind;
  /** Gateway or routes for Join. */
  routing(net: NetworkRecord, ep: EndpointRecord): Omit<JoinResponse, "InterfaceName">;
}

const isChild = (n: NetworkRecord) => n.options.mode === "macvlan" || n.options.mode === "ipvlan";

/** The rules every child network obeys on its parent, whatever its kind. */
function checkParent(host: HostResources, net: NetworkRecord, others: NetworkRecord[]): NetworkRecord[] {
  const parent = parentOf(net);
  const pool = vfPoolNetwork(host, baseOf(parent));
  if (pool) throw new Error(`parent ${parent} is a VF of ${pool.options.parent}, whose VFs sriov network ${pool.id} hands out`);
  const handed = others.find((o) => o.options.mode === "passthrough" && o.options.parent === baseOf(parent));
  if (handed)
    throw new Error(
      `parent ${parent} is handed to containers whole by passthrough network ${handed.id}; it cannot carry ${net.options.mode} links`,
    );
  const onParent = others.filter((o) => isChild(o) && parentOf(o) === parent);
  const other = onParent.find((o) => o.options.mode !== net.options.mode);
  if (other) {
    throw new Error(
      `parent ${parent} already carries ${other.options.mode} network ${other.id}: a link cannot have macvlan and ipvlan children at once`,
    );
  }
  return onParent;
}

/** Synchronous, on HostResources.hs: see there why the request path's link calls are. */
function createChild(h: Handle, net: NetworkRecord, ep: EndpointRecord, kind: ChildKind, persist: (e: EndpointRecord) => void) {
  const name = endpointLinkName(ep);
  // The intent, before the link exists: CreateEndpoint recorded it already (records from before
  // it did are written here), which spares Join one fsync'd write.
  if (ep.link !== name) {
    ep.link = name;
    persist(ep);
  }
  const mtu = net.options.mtu === undefined ? {} : { mtu: net.options.mtu };
  const add = () => h.run(linkAdd({ name, parent: parentOf(net), ...kind, ...mtu, echo: true }));
  ep.ifindex = addReplacing(h, name, add) ?? h.linkIndex(name);
  return name;
}

/**
 * The add, with no lookup before it: a link of this name exists only when a Join was retried
 * after a crash between its add and its record (the record cannot tell: that write is what the
 * crash cut short), and then the kernel refuses the add (EEXIST, the add being exclusive). That
 * link is deleted and the add made again; any other refusal stands.
 */
function addReplacing<T>(h: Handle, name: string, add: () => T): T {
  try {
    return add();
  } catch (e) {
    const old = e instanceof NetlinkError && e.code === "EEXIST" ? linkOrNone(h, name) : undefined;
    if (!old) throw e;
    h.linkDel(old.header.index);
    return add();
  }
}

function linkOrNone(h: Handle, ref: string | number) {
  try {
    return h.linkGet(ref);
  } catch (e) {
    if (missing(e)) return undefined;
    throw e;
  }
}

/** A mode whose endpoints are child links of a parent, created at Join. */
export function childMode(ctx: ModeContext, spec: ChildModeSpec): Mode {
  const { h, host } = ctx;
  const parents = { h, links: host.createdLinks };
  return {
    async createNetwork(net, others) {
      const onParent = checkParent(host, net, others);
      spec.checkSharing(
        net,
        onParent.filter((o) => o.options.mode === net.options.mode),
      );
      await ensureParent(parents, net);
    },
    deleteNetwork: async (net, others) => void (await releaseCreatedLink(parents, parentOf(net), others)),
    async reconcile(net, links) {
      if (links?.get(parentOf(net))) return [];
      const existed = await h.promises.linkGet(parentOf(net)).then(
        () => true,
        (e) => (missing(e) ? false : Promise.reject(e)),
      );
      if (existed) return [];
      await ensureParent(parents, net);
      return [`network ${net.id}: its parent ${parentOf(net)} was missing: re-created`];
    },
    async createEndpoint(net, ep, siblings) {
      const made = await spec.createEndpoint(net, ep, siblings);
      ep.link = endpointLinkName(ep); // recorded with the endpoint, before Join adds it
      return made;
    },
    async join(net, ep, persist) {
      const name = createChild(host.hs, net, ep, spec.kind(net), persist);
      return { InterfaceName: { SrcName: name, DstPrefix: net.options.prefix }, ...spec.routing(net, ep) };
    },
    leave: async () => {},
    async deleteEndpoint(net, ep) {
      if (!ep.link) return;
      // Docker moved it back under its SrcName; only ours (by ifindex, when known) is deleted.
      const link = linkOrNone(host.hs, ep.link);
      if (!link || (ep.ifindex !== undefined && link.header.index !== ep.ifindex)) return;
      const kind = spec.kind(net);
      // A passthru parent takes no second child while one exists, even one waiting to go.
      if (kind.kind === "macvlan" && kind.mode === "passthru") return deleteIfPresent(h, ep.link);
      await host.reaper.setAside({ index: link.header.index, name: ep.link }, kind.kind);
    },
    async locate(_net, ep, links) {
      if (!ep.link) return undefined;
      // By ifindex (a record from before 0.2 has only the name).
      const ref = ep.ifindex ?? ep.link;
      const link = links
        ? links.get(ref)
        : await h.promises.linkGet(ref).catch((e) => (missing(e) ? undefined : Promise.reject(e)));
      return link?.attrs.ifname === ep.link ? "host" : "away";
    },
  };
}
