// `underlay link show|add|del|set`: ip link, with ip's keywords.

import { constants as C, type Handle, type LinkMessage, netnsidOf, netnsList } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import type { IpObject } from "../dispatch/ip-object.js";
import { parseLinkAdd, parseLinkDel, parseLinkSet } from "../grammar/link.js";
import { invalidArgument, type LinkShowFilter, parseLinkShow } from "../grammar/link-show.js";
import { kindUsage } from "../kinds/registry.js";
import { darkBackground, ipJsonText } from "../render/ip-print.js";
import { linkObject, linkText } from "../render/link-print.js";
import { readKeywords, UsageError, Words } from "../words.js";
import { linkIn } from "./ifnames.js";

/** print_linkinfo()'s filters: a link they drop is still an empty object in ip's JSON. */
export function linkFilterMatches(l: LinkMessage, f: LinkShowFilter, master: number | undefined): boolean {
  const a = l.attrs;
  if (f.up && !(l.header.flags & C.IFF_UP)) return false;
  if (f.group !== undefined && (a.group ?? 0) !== f.group) return false;
  if (master !== undefined && a.master !== master) return false;
  if (f.kind !== undefined && a.linkinfo?.kind !== f.kind) return false;
  return f.slaveKind === undefined || a.linkinfo?.slaveKind === f.slaveKind;
}

/** ip link show prints no link at all for a label (an address filter). */
const wanted = (l: LinkMessage, f: LinkShowFilter, master: number | undefined) =>
  linkFilterMatches(l, f, master) && f.label === undefined;

/** What the kernel leaves out of a dump that names a master (or none, for nomaster): not even `{}`. */
function inDump(l: LinkMessage, f: LinkShowFilter, master: number | undefined): boolean {
  if (master !== undefined) return l.attrs.master === master;
  return !f.nomaster || l.attrs.master === undefined;
}

/** ll_name_to_index() for a filter's device: missing is ip's invarg (255). */
function masterIndex(h: Handle, f: LinkShowFilter): number | undefined {
  const name = f.vrf ?? f.master;
  if (name === undefined) return undefined;
  let m: LinkMessage;
  try {
    m = h.linkGet(name);
  } catch {
    throw invalidArgument(name, f.vrf ? "Not a valid VRF name" : "Device does not exist");
  }
  if (f.vrf && m.attrs.linkinfo?.kind !== "vrf") throw invalidArgument(name, "Not a valid VRF name");
  return m.header.index;
}

/** ip's get_name_from_nsid(): the named netns (/run/netns) this netns knows by `nsid`, looked up once. */
export function netnsNames(h: Handle): (nsid: number) => string | undefined {
  let names: Map<number, string> | undefined;
  return (nsid) => {
    if (!names) {
      names = new Map();
      for (const name of netnsList()) {
        try {
          const id = h.run(netnsidOf({ name }));
          if (id >= 0 && !names.has(id)) names.set(id, name);
        } catch {
          // gone meanwhile, or not ours to open: ip skips it as well
        }
      }
    }
    return names.get(nsid);
  };
}

function show(ctx: CliContext, words: string[]) {
  const f = parseLinkShow(words, LINK_USAGE);
  const h = ctx.handle();
  const g = ctx.options;
  const master = masterIndex(h, f);
  const query = { vf: true, stats: g.stats > 0 };
  let links: LinkMessage[];
  if (f.dev !== undefined) {
    try {
      links = [h.linkGet(f.dev, query)];
    } catch (e) {
      if ((e as { code?: string }).code === "ENODEV") throw new ExitError(`Device "${f.dev}" does not exist.`, EXIT_FAILURE);
      throw e;
    }
  }
  // The kernel filters a dump by kind when it knows the kind; ip checks every link again.
  else links = h.linkList({ ...query, ...(f.kind ? { kind: f.kind } : {}) }).filter((l) => inDump(l, f, master));
  const linkOf = linkIn(links, h);
  const o = {
    details: g.details,
    stats: g.stats,
    brief: g.brief,
    numeric: g.numeric,
    family: "link" as const,
    linkOf,
    nsName: netnsNames(h),
  };
  const out = ctx.out;
  const shown = links.filter((l) => wanted(l, f, master));
  if (out.json) {
    // A Set: shown.includes() per link was quadratic (a million comparisons for 1,000 links).
    const isShown = new Set(shown);
    const objects = links.map((l) => (isShown.has(l) ? linkObject(l, o) : {}));
    out.write(ipJsonText(objects, out.pretty));
    return;
  }
  const mode = { color: out.color, dark: darkBackground(), oneline: g.oneline, human: g.human };
  out.write(shown.map((l) => linkText(l, { ...o, ...mode })).join(""));
}

/** `[dev] DEV`, the only words some commands take. */
export function devOf(words: string[], command: string): string {
  const w = new Words(words, command);
  const dev = w.next() === "dev" ? w.value("dev") : (words[0] as string);
  readKeywords(w, {});
  return dev;
}

const LINK_USAGE = `Usage: underlay link add [link PARENT] [name] NAME [mtu M] [address A] [txqueuelen N] [master M] [alias A] [up] type KIND [kind options]
       underlay link delete [dev] DEV
       underlay link set [dev] DEV [up|down] [name N] [mtu M] [address A] [txqueuelen N] [master M|nomaster] [alias A]
                [netns NS] [group G] [promisc { on | off }] [allmulticast { on | off }] [multicast { on | off }]
                [arp { on | off }] [trailers { on | off }] [dynamic { on | off }] [vf N …]
       underlay link show [[dev] DEV] [type KIND[_slave]] [master DEV] [nomaster] [vrf NAME] [group G] [up]
Kind options:
${kindUsage()}`;

function add(ctx: CliContext, words: string[]) {
  const o = parseLinkAdd(words, LINK_USAGE);
  ctx.linksChanged();
  ctx.handle().linkAdd(o);
}

function del(ctx: CliContext, words: string[]) {
  const dev = parseLinkDel(words, LINK_USAGE);
  ctx.linksChanged();
  ctx.handle().linkDel(dev);
}

function set(ctx: CliContext, words: string[]) {
  const r = parseLinkSet(words, LINK_USAGE);
  const h = ctx.handle();
  ctx.linksChanged();
  if (Object.keys(r.link).length) h.linkSet(r.dev, r.link);
  if (r.vf) h.vfSet(r.dev, r.vf.index, r.vf.settings);
  // ip sends the request even with nothing in it: a missing device still fails.
  if (!Object.keys(r.link).length && !r.vf) h.linkGet(r.dev);
}

/** ip link's verbs underlay does not have: named, so that a prefix picks them as it does in ip. */
const notYet = (verb: string) => () => {
  throw new UsageError(`link ${verb}: ip has it; underlay does not yet`);
};

/** ip link's verbs, in iplink.c's order of matching. */
export const link: IpObject = {
  verbs: [
    { names: ["add"], run: add },
    { names: ["set", "change"], run: set },
    { names: ["replace"], run: notYet("replace") },
    { names: ["delete"], run: del },
    { names: ["show", "lst", "list"], run: show },
    ...["xstats", "afstats", "property"].map((name) => ({ names: [name], run: notYet(name) })),
  ],
  bare: show,
  usage: LINK_USAGE,
};
