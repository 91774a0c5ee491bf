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
import { matches } from "../dispatch/matches.js";
import { flag, type Handler, int, into, protocol, readKeywords, UsageError, type Words } from "../words.js";

const keysOf = (o: object) => Object.keys(o);

const MACVLAN = keysOf(MACVLAN_MODES) as (keyof typeof MACVLAN_MODES)[];
const IPVLAN = keysOf(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[];
const bit = int(0, 1);
// iplink_bridge.c's first keywords, in its order (a prefix picks the first).
const BRIDGE_WORDS = [
  "forward_delay",
  "hello_time",
  "max_age",
  "ageing_time",
  "stp_state",
  "priority",
  "vlan_filtering",
  "vlan_protocol",
];

/**
 * readKeywords with ip's prefix rule for a kind's words: `order` is the kind's parser's keywords in
 * its order of matching (iplink_vlan.c: protocol, id, …); a word that is a prefix of one of them
 * stands for the first, and one ip has that underlay does not set is refused by name.
 */
function readKindWords(w: Words, kind: string, handlers: Record<string, Handler>, order: readonly string[]): void {
  readKeywords(w, handlers, (word) => {
    const key = order.find((k) => matches(word, k));
    const handler = key !== undefined && Object.hasOwn(handlers, key) ? handlers[key] : undefined;
    if (handler) return handler(w, key as string);
    if (key) throw new UsageError(`link add: ${kind} "${key}" is ip's, and underlay does not set it yet`);
    // ip's kind parsers answer an unknown word with their usage and -1: exit 1.
    throw new ExitError(
      `link add: ${kind}: unknown keyword "${word}": underlay takes ${Object.keys(handlers).join(", ")}`,
      EXIT_FAILURE,
    );
  });
}

/** Reads a veth peer's link words (ip reads them as it reads the link's own). */
export type PeerReader = (w: Words) => VethPeer;

const READERS: Record<string, (w: Words, readPeer: PeerReader) => KindOptions> = {
  macvlan: (w) => {
    const o: MacvlanOptions = { kind: "macvlan" };
    const handlers = { mode: into(o, "mode", (w) => w.oneOf("macvlan mode", MACVLAN)), nopromisc: flag(o, "nopromisc", true) };
    readKindWords(w, "macvlan", handlers, ["mode", "flag", "bcqueuelen", "bclim"]);
    // ip sends no mode, so the kernel's default (vepa) applies; the library's own default is bridge.
    o.mode ??= "vepa";
    return o;
  },
  ipvlan: (w) => {
    const o: IpvlanOptions = { kind: "ipvlan" };
    const flags = Object.fromEntries(keysOf(IPVLAN_FLAGS).map((f) => [f, flag(o, "flag", f as IpvlanOptions["flag"])]));
    readKindWords(w, "ipvlan", { mode: into(o, "mode", (w) => w.oneOf("ipvlan mode", IPVLAN)), ...flags }, [
      "mode",
      "private",
      "vepa",
      "bridge",
    ]);
    return o;
  },
  vlan: (w) => {
    const o: Partial<VlanOptions> = {};
    const handlers = { id: into(o, "id", int(0, 4094)), protocol: into(o, "protocol", protocol(VLAN_PROTOCOLS)) };
    readKindWords(w, "vlan", handlers, ["protocol", "id", "reorder_hdr", "gvrp", "mvrp", "loose_binding", "bridge_binding"]);
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
    const handlers = { stp_state: into(o, "stp_state", bit), vlan_filtering: into(o, "vlan_filtering", bit) };
    readKindWords(w, "bridge", handlers, BRIDGE_WORDS);
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
