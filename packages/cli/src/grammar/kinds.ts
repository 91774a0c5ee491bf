// The words after `type KIND` in `link add`, one small reader per kind, like ip's link_util modules.
import {
  type BridgeOptions,
  IPVLAN_FLAGS,
  IPVLAN_MODES,
  type IpvlanOptions,
  type KindOptions,
  knownKinds,
  MACVLAN_MODES,
  type MacvlanOptions,
  type VethPeer,
  VLAN_PROTOCOLS,
  type VlanOptions,
} from "@underlay/netlink";
import { flag, int, into, netns, protocol, readKeywords, text, UsageError, type Words } from "../words.js";

const keysOf = (o: object) => Object.keys(o);

const MACVLAN = keysOf(MACVLAN_MODES) as (keyof typeof MACVLAN_MODES)[];
const IPVLAN = keysOf(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[];
const bit = int(0, 1);

const READERS: Record<string, (w: Words) => KindOptions> = {
  macvlan: (w) => {
    const o: MacvlanOptions = { kind: "macvlan" };
    readKeywords(w, { mode: into(o, "mode", (w) => w.oneOf("macvlan mode", MACVLAN)), nopromisc: flag(o, "nopromisc", true) });
    return o;
  },
  ipvlan: (w) => {
    const o: IpvlanOptions = { kind: "ipvlan" };
    const flags = Object.fromEntries(keysOf(IPVLAN_FLAGS).map((f) => [f, flag(o, "flag", f as IpvlanOptions["flag"])]));
    readKeywords(w, { mode: into(o, "mode", (w) => w.oneOf("ipvlan mode", IPVLAN)), ...flags });
    return o;
  },
  vlan: (w) => {
    const o: Partial<VlanOptions> = {};
    readKeywords(w, { id: into(o, "id", int(0, 4094)), protocol: into(o, "protocol", protocol(VLAN_PROTOCOLS)) });
    if (o.id === undefined) throw new UsageError("link add: a vlan needs an id: type vlan id VID [protocol 802.1Q|802.1ad]");
    return { ...o, kind: "vlan", id: o.id };
  },
  veth: (w) => {
    const peer: VethPeer = {};
    const peerWords = {
      name: into(peer, "name", text),
      address: into(peer, "address", text),
      mtu: into(peer, "mtu", int(0, 0xffffffff)),
      netns: into(peer, "netns", netns),
    };
    readKeywords(w, { peer: (w) => readKeywords(w, peerWords, (word) => (peer.name = word)) });
    return { kind: "veth", peer };
  },
  dummy: (w) => {
    readKeywords(w, {});
    return { kind: "dummy" };
  },
  bridge: (w) => {
    const o: { stp_state?: number; vlan_filtering?: number } = {};
    readKeywords(w, { stp_state: into(o, "stp_state", bit), vlan_filtering: into(o, "vlan_filtering", bit) });
    const b: BridgeOptions = { kind: "bridge" };
    if (o.stp_state !== undefined) b.stp = o.stp_state === 1;
    if (o.vlan_filtering !== undefined) b.vlanFiltering = o.vlan_filtering === 1;
    return b;
  },
};

/** Reads the rest of the words as options of `kind`. */
export function kindOptions(kind: string, w: Words): KindOptions {
  const reader = Object.hasOwn(READERS, kind) ? READERS[kind] : undefined;
  if (!reader) throw new UsageError(`link add: unknown type "${kind}": known types are ${knownKinds().join(", ")}`);
  return reader(w);
}
