// `underlay address show|add|del`: ip address, with ip's keywords.
import type { LinkMessage } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import type { IpObject } from "../dispatch/ip-object.js";
import { parseAddress } from "../grammar/address.js";
import { printJson, printTable } from "../output.js";
import { addrInfoJson, addrRow } from "../render/address.js";
import { linkJson } from "../render/link.js";
import { linkIn } from "./ifnames.js";
import { devOf } from "./link.js";
import { addDelVerbs } from "./verbs.js";

function show(ctx: CliContext, words: string[]) {
  const dev = words.length ? devOf(words, "address show") : undefined;
  const h = ctx.handle();
  const links = dev ? [h.linkGet(dev)] : h.linkList();
  const family = ctx.family;
  const addrs = h.addrList({ ...(dev ? { dev: links[0]?.header.index ?? dev } : {}), ...(family ? { family } : {}) });
  const out = ctx.out;
  // As ip -j address show: every link, with its addresses nested in addr_info. With -4 or -6,
  // ip lists only links with such addresses, and leaves out their link-layer fields.
  const infoOf = (l: LinkMessage) => addrs.filter((a) => a.header.index === l.header.index).map(addrInfoJson);
  const shown = family ? links.filter((l) => infoOf(l).length) : links;
  const hidden = [
    "linkmode",
    ...(family ? ["link_type", "address", "broadcast"] : []),
    ...(family === 6 ? ["qdisc", "group"] : []),
  ];
  const linkOf = linkIn(links, h);
  if (out.json)
    return printJson(
      out,
      shown.map((l) => {
        const link = linkJson(l, Boolean(ctx.options.details), false, linkOf);
        for (const k of hidden) delete link[k];
        return { ...link, addr_info: infoOf(l) };
      }),
    );
  const names = new Map(links.map((l) => [l.header.index, l.attrs.ifname]));
  printTable(
    out,
    addrs.map((a) => addrRow(a, names.get(a.header.index))),
  );
}

/** ip address's verbs, in ipaddress.c's order of matching. */
export const address: IpObject = {
  verbs: [
    ...addDelVerbs((ctx, verb, words) => {
      const r = parseAddress(verb, words);
      const h = ctx.handle();
      const dev = ctx.link(r.dev, `address ${verb} ${r.cidr}`);
      if (verb === "add") h.addrAdd(dev, r.cidr, r.options);
      else h.addrDel(dev, r.cidr);
    }),
    { names: ["list", "show", "lst"], run: show },
  ],
  bare: show,
  usage: `Usage: underlay address { add | del } ADDR/LEN dev DEV [peer P] [broadcast B] [label L] [scope S] [nodad] [noprefixroute]
       underlay address { show | list } [[dev] DEV]
`,
};
