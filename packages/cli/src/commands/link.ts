// `underlay link show|add|del|set`: ip link, with ip's keywords.
import { constants as C, type LinkMessage, vfsOf } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import type { IpObject } from "../dispatch/ip-object.js";
import { parseLinkAdd, parseLinkSet } from "../grammar/link.js";
import { printJson, printTable } from "../output.js";
import { detailLines, linkJson, linkRow, vfLine } from "../render/link.js";
import { readKeywords, Words } from "../words.js";
import { linkIn } from "./ifnames.js";

function show(ctx: CliContext, words: string[]) {
  let vf = false;
  const w = new Words(words, "link show");
  let dev: string | undefined;
  let kind: string | undefined;
  let upOnly = false;
  readKeywords(
    w,
    {
      dev: (w) => {
        dev = w.value("dev");
      },
      type: (w) => {
        kind = w.value("type");
      },
      up: () => {
        upOnly = true;
      },
      vf: () => {
        vf = true;
      },
      "--vf": () => {
        vf = true;
      },
    },
    (word) => {
      dev = word;
    },
  );
  const h = ctx.handle();
  const details = Boolean(ctx.options.details);
  const withVfs = vf || details;
  let links = dev ? [h.linkGet(dev, { vf: withVfs })] : h.linkList({ vf: withVfs, ...(kind ? { kind } : {}) });
  if (upOnly) links = links.filter((l) => l.header.flags & C.IFF_UP);
  const out = ctx.out;
  const linkOf = linkIn(links, h);
  if (out.json)
    return printJson(
      out,
      links.map((l) => linkJson(l, details, withVfs, linkOf)),
    );
  const below = (i: number) => {
    const l = links[i] as LinkMessage;
    return [...(details ? detailLines(l) : []), ...(withVfs ? vfsOf(l).map(vfLine) : [])];
  };
  printTable(out, links.map(linkRow), undefined, below);
}

/** `[dev] DEV`, the only words some commands take. */
export function devOf(words: string[], command: string): string {
  const w = new Words(words, command);
  const dev = w.next() === "dev" ? w.value("dev") : (words[0] as string);
  readKeywords(w, {});
  return dev;
}

const LINK_USAGE = `Usage: underlay link add [link PARENT] NAME [mtu M] [address A] [master M] [up] type KIND [kind options]
       underlay link delete [dev] DEV
       underlay link set [dev] DEV up|down|name N|mtu M|address A|master M|nomaster|alias A|txqueuelen N|netns NS|vf N …
       underlay link show [[dev] DEV] [type KIND] [up] [vf]
Kind options:
  macvlan  mode private|vepa|bridge|passthru|source [nopromisc]
  ipvlan   mode l2|l3|l3s [bridge|private|vepa]
  vlan     id VID [protocol 802.1Q|802.1ad]
  veth     peer [name] NAME [address A] [mtu M] [netns NS]
  bridge   [stp_state 0|1] [vlan_filtering 0|1]
  dummy
`;

function add(ctx: CliContext, words: string[]) {
  ctx.linksChanged();
  ctx.handle().linkAdd(parseLinkAdd(words));
}

function del(ctx: CliContext, words: string[]) {
  ctx.linksChanged();
  ctx.handle().linkDel(devOf(words, "link del"));
}

function set(ctx: CliContext, words: string[]) {
  const r = parseLinkSet(words);
  const h = ctx.handle();
  ctx.linksChanged();
  if (Object.keys(r.link).length) h.linkSet(r.dev, r.link);
  if (r.vf) h.vfSet(r.dev, r.vf.index, r.vf.settings);
}

/** ip link's verbs, in iplink.c's order of matching. */
export const link: IpObject = {
  verbs: [
    { names: ["add"], run: add },
    { names: ["set", "change"], run: set },
    { names: ["delete"], run: del },
    { names: ["show", "lst", "list"], run: show },
  ],
  bare: show,
  usage: LINK_USAGE,
};
