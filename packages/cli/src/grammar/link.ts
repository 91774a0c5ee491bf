// `link add` and `link set` words, in ip's vocabulary. iproute2 parses both with one function
// (iplink_parse), so both take the same link keywords here too.
import type { LinkAddOptions, LinkSetOptions, NetnsRef, VfSettings } from "@underlay/netlink";
import { readKeywords, UsageError, Words } from "../words.js";
import { kindOptions } from "./kinds.js";
import { readVfSettings } from "./vf.js";

/** `netns NAME` or `netns PID`, as ip takes it. */
export function netnsRef(text: string): NetnsRef {
  return /^\d+$/.test(text) ? { pid: Number(text) } : { name: text };
}

/** The keywords `ip link add` and `ip link set` share, writing into `o`. */
function linkKeywords(o: LinkSetOptions): Record<string, (w: Words) => void> {
  const txqlen = (w: Words) => {
    o.txqlen = w.int("txqueuelen", 0, 0xffffffff);
  };
  return {
    up: () => {
      o.up = true;
    },
    down: () => {
      o.up = false;
    },
    name: (w) => {
      o.name = w.value("name");
    },
    mtu: (w) => {
      o.mtu = w.int("mtu", 0, 0xffffffff);
    },
    address: (w) => {
      o.address = w.value("address");
    },
    txqueuelen: txqlen,
    txqlen,
    qlen: txqlen,
    alias: (w) => {
      o.alias = w.value("alias");
    },
    master: (w) => {
      o.master = w.value("master");
    },
    nomaster: () => {
      o.master = null;
    },
    netns: (w) => {
      o.netns = netnsRef(w.value("netns"));
    },
  };
}

/** `link add [link PARENT] [name] NAME [link keywords] type KIND [kind options]`. */
export function parseLinkAdd(words: readonly string[]): LinkAddOptions {
  const w = new Words(words, "link add");
  const o: LinkSetOptions & { parent?: string } = {};
  let name: string | undefined;
  let kind: string | undefined;
  const keywords = {
    ...linkKeywords(o),
    link: (w: Words) => {
      o.parent = w.value("link");
    },
    type: (w: Words) => {
      kind = w.value("type");
    },
  };
  const setName = (word: string) => {
    if (name !== undefined) w.unknown(word, Object.keys(keywords));
    name = word;
  };
  readKeywords(w, { ...keywords, dev: (w) => setName(w.value("dev")) }, setName, () => kind !== undefined);
  name ??= o.name;
  delete o.name;
  if (name === undefined) throw new UsageError("link add: give the new link a name: link add NAME type KIND");
  if (kind === undefined) throw new UsageError(`link add ${name}: give a type: link add ${name} type KIND`);
  if (o.master === null) throw new UsageError("link add: nomaster only makes sense for link set");
  return { ...o, name, ...kindOptions(kind, w) } as LinkAddOptions;
}

export interface LinkSetRequest {
  dev: string;
  link: LinkSetOptions;
  /** `vf N …` settings, when given. */
  vf?: { index: number; settings: VfSettings };
}

/** `link set [dev] DEV [link keywords] [vf N vf-settings]`. */
export function parseLinkSet(words: readonly string[]): LinkSetRequest {
  const w = new Words(words, "link set");
  const link: LinkSetOptions = {};
  let dev: string | undefined;
  let vf: LinkSetRequest["vf"];
  const keywords = {
    ...linkKeywords(link),
    vf: (w: Words) => {
      vf = readVfSettings(w, w.int("vf", 0, 0x7ffffffe));
    },
  };
  const setDev = (word: string) => {
    if (dev !== undefined) w.unknown(word, Object.keys(keywords));
    dev = word;
  };
  readKeywords(w, { ...keywords, dev: (w) => setDev(w.value("dev")) }, setDev);
  if (dev === undefined) throw new UsageError("link set: which link? link set DEV up|down|name|mtu|address|master|netns …");
  if (Object.keys(link).length === 0 && !vf)
    throw new UsageError(`link set ${dev}: nothing to change: give ${Object.keys(keywords).join(", ")}`);
  return { dev, link, ...(vf ? { vf } : {}) };
}
