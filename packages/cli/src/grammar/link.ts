// `link add` and `link set` words, in ip's vocabulary. iproute2 parses both with one function
// (iplink_parse), so both take the same link keywords here too.
import type { LinkAddOptions, LinkSetOptions, VfSettings } from "@underlay/netlink";
import { flag, type Handler, int, into, netns, readWithSubject, text, UsageError, Words } from "../words.js";
import { kindOptions } from "./kinds.js";
import { readVfSettings } from "./vf.js";

/** The keywords `ip link add` and `ip link set` share, writing into `o`. */
function linkKeywords(o: LinkSetOptions): Record<string, Handler> {
  const txqlen = into(o, "txqlen", int(0, 0xffffffff));
  return {
    up: flag(o, "up", true),
    down: flag(o, "up", false),
    name: into(o, "name", text),
    mtu: into(o, "mtu", int(0, 0xffffffff)),
    address: into(o, "address", text),
    txqueuelen: txqlen,
    txqlen,
    qlen: txqlen,
    alias: into(o, "alias", text),
    master: into(o, "master", text),
    nomaster: flag(o, "master", null),
    netns: into(o, "netns", netns),
  };
}

/** `link add [link PARENT] [name] NAME [link keywords] type KIND [kind options]`. */
export function parseLinkAdd(words: readonly string[]): LinkAddOptions {
  const w = new Words(words, "link add");
  const o: LinkSetOptions & { parent?: string } = {};
  const subject: { name?: string } = {};
  let kind: string | undefined;
  const keywords = {
    ...linkKeywords(o),
    link: into(o, "parent", text),
    type: (w: Words) => {
      kind = w.value("type");
    },
  };
  readWithSubject(w, { ...keywords, dev: into(subject, "name", text) }, subject, "name", () => kind !== undefined);
  let name = subject.name;
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
  const subject: { dev?: string } = {};
  let vf: LinkSetRequest["vf"];
  const keywords = {
    ...linkKeywords(link),
    vf: (w: Words) => {
      vf = readVfSettings(w, w.int("vf", 0, 0x7ffffffe));
    },
  };
  readWithSubject(w, { ...keywords, dev: into(subject, "dev", text) }, subject, "dev");
  const dev = subject.dev;
  if (dev === undefined) throw new UsageError("link set: which link? link set DEV up|down|name|mtu|address|master|netns …");
  if (Object.keys(link).length === 0 && !vf)
    throw new UsageError(`link set ${dev}: nothing to change: give ${Object.keys(keywords).join(", ")}`);
  return { dev, link, ...(vf ? { vf } : {}) };
}
