// `link add`, `link set` and `link delete` words as iproute2's iplink_parse reads them: one table
// in ip's order, each keyword matched whole or by prefix as ip matches it (`a` is address, `m` is
// master, `n` is nomaster, `t` is txqueuelen), any other word the device, `type` ends the link's
// words and hands the rest to the kind. Keywords ip has and underlay does not set yet are refused
// by name rather than taken for a device.
import type { LinkAddOptions, LinkSetOptions, VethPeer, VfSettings } from "@underlay/netlink";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import { HelpRequest } from "../dispatch/ip-object.js";
import { matches } from "../dispatch/matches.js";
import { int, netns, text, UsageError, Words } from "../words.js";
import { kindOptions } from "./kinds.js";
import { groupOf } from "./link-show.js";
import { readVfSettings } from "./vf.js";

/** What iplink_parse collects: the link's settings, its name and device, and where `type` stopped it. */
export interface LinkWords {
  link: LinkSetOptions & { parent?: string };
  /** `name N`. */
  name?: string;
  /** `[dev] D`. */
  dev?: string;
  kind?: string;
  vf?: { index: number; settings: VfSettings };
}

interface Keyword {
  name: string;
  /** ip compares this one with strcmp (whole word), not matches() (prefix). */
  exact?: boolean;
  read?: (w: Words, t: LinkWords) => void;
}

const u32 = int(0, 0xffffffff);
const set =
  <K extends keyof LinkWords["link"]>(key: K, read: (w: Words, k: string) => LinkWords["link"][K]) =>
  (w: Words, t: LinkWords) => {
    t.link[key] = read(w, key);
  };
const txqlen = set("txqlen", (w) => u32(w, "txqueuelen"));
/** ip's on_off(): anything but on or off fails with exit 1, as ip returns -1 there. */
const onOffFlag = (w: Words, key: string): boolean => {
  const v = w.value(key);
  if (v !== "on" && v !== "off") throw new ExitError(`argument of "${key}" must be "on" or "off", not "${v}"`, EXIT_FAILURE);
  return v === "on";
};

/** A keyword without a value: stores `value`. */
const fixed =
  <K extends keyof LinkWords["link"]>(key: K, value: LinkWords["link"][K]) =>
  (_w: Words, t: LinkWords) => {
    t.link[key] = value;
  };

/** iplink_parse's keywords in its order; those without `read` are ip's and not underlay's yet. */
const KEYWORDS: Keyword[] = [
  { name: "up", exact: true, read: fixed("up", true) },
  { name: "down", exact: true, read: fixed("up", false) },
  {
    name: "name",
    exact: true,
    read: (w, t) => {
      const name = w.value("name");
      if (t.name !== undefined) throw new UsageError(`duplicate "name": "${name}" is the second value`);
      t.name = name;
      t.dev ??= name;
    },
  },
  { name: "index", exact: true },
  { name: "link", read: set("parent", text) },
  { name: "address", read: set("address", text) },
  { name: "broadcast" },
  { name: "brd", exact: true },
  { name: "txqueuelen", read: txqlen },
  { name: "qlen", exact: true, read: txqlen },
  { name: "txqlen", read: txqlen },
  { name: "mtu", exact: true, read: set("mtu", u32) },
  ...["xdpgeneric", "xdpdrv", "xdpoffload", "xdp"].map((name) => ({ name, exact: true })),
  { name: "netns", exact: true, read: set("netns", netns) },
  ...(["multicast", "allmulticast", "promisc", "trailers", "arp"] as const).map((name) => ({
    name,
    exact: true,
    read: set(name, onOffFlag),
  })),
  { name: "carrier", exact: true },
  {
    name: "vf",
    exact: true,
    read: (w, t) => {
      t.vf = readVfSettings(w, w.int("vf", 0, 0x7ffffffe));
    },
  },
  { name: "master", read: set("master", text) },
  { name: "vrf", exact: true },
  { name: "nomaster", read: fixed("master", null) },
  { name: "dynamic", read: set("dynamic", onOffFlag) },
  {
    name: "type",
    read: (w, t) => {
      t.kind = w.value("type");
    },
  },
  { name: "alias", read: set("alias", text) },
  { name: "group", exact: true, read: set("group", (w) => groupOf(w.value("group"))) },
  ...["mode", "state"].map((name) => ({ name, exact: true })),
  ...["numtxqueues", "numrxqueues", "addrgenmode", "link-netns", "link-netnsid"].map((name) => ({ name })),
  ...["protodown", "protodown_reason", "gso_max_size", "gso_max_segs", "gro_max_size", "parentdev"].map((name) => ({
    name,
    exact: true,
  })),
];

function findKeyword(word: string): Keyword | undefined {
  return KEYWORDS.find((k) => (k.exact ? word === k.name : matches(word, k.name)));
}

const KEYWORD_LIST = KEYWORDS.filter((k) => k.read)
  .map((k) => k.name)
  .join(", ");

/**
 * iplink_parse(): reads words until they run out or `type KIND` (whose words are left in `w`).
 * `usage` is what `help` shows.
 */
export function readLinkWords(w: Words, usage: string): LinkWords {
  const t: LinkWords = { link: {} };
  while (!w.done && t.kind === undefined) {
    const word = w.next() as string;
    const k = findKeyword(word);
    if (k?.read) k.read(w, t);
    else if (k) throw new UsageError(`${w.command}: "${k.name}" is ip's, and underlay does not set it yet`);
    else {
      if (matches(word, "help")) throw new HelpRequest(usage);
      const dev = word === "dev" ? w.value("dev") : word;
      if (t.dev !== undefined && t.dev !== t.name)
        throw new UsageError(`either "dev" is duplicate, or "${dev}" is a garbage. (${w.command} keywords: ${KEYWORD_LIST})`);
      t.dev = dev;
    }
  }
  return t;
}

/** `link add [link PARENT] [name] NAME [link keywords] type KIND [kind options]`. */
export function parseLinkAdd(words: readonly string[], usage = ""): LinkAddOptions {
  const w = new Words(words, "link add");
  const t = readLinkWords(w, usage);
  if (t.name !== undefined && t.dev !== undefined && t.name !== t.dev)
    throw new UsageError('both "name" and "dev" cannot be used when creating devices.');
  if (t.kind === undefined) throw new ExitError('Not enough information: "type" argument is required', EXIT_FAILURE);
  if (t.link.master === null) throw new UsageError("link add: nomaster only makes sense for link set");
  if (t.vf) throw new UsageError("link add: vf settings are for link set");
  const name = t.dev;
  if (name === undefined) throw new UsageError("link add: give the new link a name: link add NAME type KIND");
  return { ...t.link, name, ...kindOptions(t.kind, w, (w) => peerOf(readLinkWords(w, usage))) } as LinkAddOptions;
}

/** A veth peer's words (veth_parse_opt reads them with iplink_parse too). */
function peerOf(t: LinkWords): VethPeer {
  if (t.kind !== undefined) throw new UsageError(`duplicate "type": "${t.kind}" is the second value`);
  const { mtu, address, netns, ...rest } = t.link;
  const extra = Object.keys(rest).filter((k) => (rest as Record<string, unknown>)[k] !== undefined);
  if (extra.length)
    throw new UsageError(`link add: a veth peer takes name, address, mtu and netns here, not ${extra.join(", ")}`);
  const peer: VethPeer = {};
  if (t.dev !== undefined) peer.name = t.dev;
  if (mtu !== undefined) peer.mtu = mtu;
  if (address !== undefined) peer.address = address;
  if (netns !== undefined) peer.netns = netns;
  return peer;
}

export interface LinkSetRequest {
  dev: string;
  link: LinkSetOptions;
  /** `vf N …` settings, when given. */
  vf?: { index: number; settings: VfSettings };
}

/** `link set [dev] DEV [link keywords] [vf N vf-settings]`. */
export function parseLinkSet(words: readonly string[], usage = ""): LinkSetRequest {
  const w = new Words(words, "link set");
  const t = readLinkWords(w, usage);
  if (t.kind !== undefined) throw new UsageError(`link set: "type ${t.kind}" options are not set by underlay yet`);
  if (t.dev === undefined) throw new UsageError('Not enough information: "dev" argument is required.');
  if (t.link.parent !== undefined) throw new UsageError("link set: a link's parent (link) is fixed when it is created");
  const { parent: _parent, ...link } = t.link;
  // ip renames only when the name differs from the device (`name X` alone names the device).
  if (t.name !== undefined && t.name !== t.dev) link.name = t.name;
  return { dev: t.dev, link, ...(t.vf ? { vf: t.vf } : {}) };
}

/** `link delete [dev] DEV` (ip parses it with the same keywords, and needs a device). */
export function parseLinkDel(words: readonly string[], usage = ""): string {
  const w = new Words(words, "link delete");
  const t = readLinkWords(w, usage);
  if (t.dev === undefined) throw new UsageError('Not enough information: "dev" argument is required.');
  return t.dev;
}
