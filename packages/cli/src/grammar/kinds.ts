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
import { EXIT_FAILURE, EXIT_KERNEL, ExitError } from "../dispatch/exit-codes.js";
import { flag, int, into, protocol, readKeywords, UsageError, type Words } from "../words.js";

const keysOf = (o: object) => Object.keys(o);

const MACVLAN = keysOf(MACVLAN_MODES) as (keyof typeof MACVLAN_MODES)[];
const IPVLAN = keysOf(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[];
const bit = int(0, 1);

/** Reads a veth peer's link words (ip reads them as it reads the link's own). */
export type PeerReader = (w: Words) => VethPeer;

const READERS: Record<string, (w: Words, readPeer: PeerReader) => KindOptions> = {
  macvlan: (w) => {
    const o: MacvlanOptions = { kind: "macvlan" };
    readKeywords(w, { mode: into(o, "mode", (w) => w.oneOf("macvlan mode", MACVLAN)), nopromisc: flag(o, "nopromisc", true) });
    // ip sends no mode, so the kernel's default (vepa) applies; the library's own default is bridge.
    o.mode ??= "vepa";
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
  veth: (w, readPeer) => {
    if (w.done) return { kind: "veth" };
    const word = w.next() as string;
    if (word !== "peer") throw new ExitError("Usage: underlay link <options> type veth [peer <options>]", EXIT_FAILURE);
    return { kind: "veth", peer: readPeer(w) };
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
export function kindOptions(kind: string, w: Words, readPeer: PeerReader): KindOptions {
  const reader = Object.hasOwn(READERS, kind) ? READERS[kind] : undefined;
  // ip sends any type and the kernel refuses one it lacks (exit 2); underlay sends only the types it knows.
  if (!reader) throw new ExitError(`link add: unknown type "${kind}": underlay knows ${knownKinds().join(", ")}`, EXIT_KERNEL);
  return reader(w, readPeer);
}
