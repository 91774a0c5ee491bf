// `underlay address …`: ip address, read as ipaddress.c reads it and printed as it prints.
import {
  addrModify,
  constants as C,
  dump,
  type Handle,
  type LinkMessage,
  linkMessage,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  type NlMessage,
} from "@underlay/netlink";
import type { CliContext } from "../context.js";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import type { IpObject, IpVerb } from "../dispatch/ip-object.js";
import { parseAddressModify } from "../grammar/address.js";
import { type AddressFilter, addressMatches, parseAddressFilter } from "../grammar/address-filter.js";
import { invalidArgument } from "../grammar/link-show.js";
import { printAddr } from "../render/address-print.js";
import { darkBackground, IpPrint, ipJsonText, type JsonValue } from "../render/ip-print.js";
import { type LinkPrintOptions, printLink } from "../render/link-print.js";
import { printStats64 } from "../render/link-stats.js";
import { flushInRounds } from "./flush-rounds.js";
import { ifindexOf, linkIn } from "./ifnames.js";
import { linkFilterMatches, netnsNames } from "./link.js";

const USAGE = `Usage: underlay address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]
       underlay address del IFADDR dev IFNAME
       underlay address {show|flush} [ dev IFNAME ] [ scope SCOPE-ID ] [ to PREFIX ] [ FLAG-LIST ]
                        [ label LABEL ] [up] [ type TYPE ] [ master DEVICE ] [ nomaster ]
IFADDR := PREFIX | ADDR peer PREFIX [ broadcast ADDR ] [ anycast ADDR ] [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
SCOPE-ID := [ host | link | global | NUMBER ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ permanent | dynamic | secondary | primary | [-]tentative | [-]deprecated | [-]dadfailed | temporary | CONFFLAG-LIST ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS
`;

/** The dev selector's link: ip says `Device "X" does not exist.` and exits 1. */
function devIndex(ctx: CliContext, f: AddressFilter): number | undefined {
  if (f.dev === undefined) return undefined;
  try {
    return ctx.handle().linkGet(f.dev).header.index;
  } catch (e) {
    if ((e as { code?: string }).code === "ENODEV") throw new ExitError(`Device "${f.dev}" does not exist.`, EXIT_FAILURE);
    throw e;
  }
}

/** master DEV / vrf DEV: ll_name_to_index, or ip's invarg. */
function masterOf(h: Handle, f: AddressFilter): number | undefined {
  const name = f.vrf ?? f.master;
  if (name === undefined) return undefined;
  try {
    const m = h.linkGet(name);
    if (f.vrf && m.attrs.linkinfo?.kind !== "vrf") throw new Error("not a vrf");
    return m.header.index;
  } catch {
    throw invalidArgument(name, f.vrf ? "Not a valid VRF name" : "Device does not exist");
  }
}

/** print_linkinfo's own tests: a link failing them is left out with its addresses. */
const linkShown = (l: LinkMessage, f: AddressFilter, master: number | undefined) =>
  linkFilterMatches(l, f, master) && !(f.nomaster && l.attrs.master !== undefined);

/**
 * ip -6 dumps links with family AF_INET6, which the kernel answers from IPv6's own dumper
 * (inet6_dump_ifinfo): name, MTU, link, operstate, but no qdisc, group or txqlen — so ip prints
 * no qdisc or group (only -6 does this, not a family that `to` implies; a single link, dev X, is
 * asked for as usual). The queue length ip reads by ioctl (print_queuelen's SIOCGIFTXQLEN);
 * here from a full dump.
 */
function inet6Links(h: Handle): LinkMessage[] {
  const header = { family: C.AF_INET6, type: 0, index: 0, flags: 0, change: 0 };
  const decode = (m: NlMessage) => (m.header.type === C.RTM_NEWLINK ? linkMessage.decode(m.payload) : undefined);
  const links = h.run(
    dump(
      { type: C.RTM_GETLINK, flags: 0, payload: linkMessage.encode({ header, attrs: {} }), operation: "address show" },
      decode,
    ),
  );
  const txqlen = new Map(h.linkList().map((l) => [l.header.index, l.attrs.txqlen]));
  for (const l of links) l.attrs.txqlen ??= txqlen.get(l.header.index);
  return links;
}

function show(ctx: CliContext, words: string[]) {
  const f = parseAddressFilter("address show", words, ctx.family, USAGE);
  const h = ctx.handle();
  const g = ctx.options;
  const index = devIndex(ctx, f);
  const master = masterOf(h, f);
  const query = { vf: true, stats: g.stats > 0 };
  const all = index !== undefined ? [h.linkGet(index, query)] : ctx.family === 6 ? inet6Links(h) : h.linkList(query);
  const addrs = h.addrList(f.family ? { family: f.family } : {});
  const names = new Map(all.map((l) => [l.header.index, l.attrs.ifname]));
  const selected = addrs.filter((a) => addressMatches(a, f, (i) => names.get(i)));
  // ipaddr_filter: a link stays if one of its addresses passes, or it has none and no family was asked for.
  const links = all.filter(
    (l) =>
      selected.some((a) => a.header.index === l.header.index) ||
      (!f.family && !addrs.some((a) => a.header.index === l.header.index)),
  );
  const linkOf = linkIn(all, h);
  const family: LinkPrintOptions["family"] = f.family === 6 ? "inet6" : f.family === 4 ? "inet" : undefined;
  const lo: LinkPrintOptions = {
    doLink: false,
    details: g.details,
    stats: g.stats,
    brief: g.brief,
    linkOf,
    nsName: netnsNames(h),
  };
  if (family) lo.family = family;
  const out = ctx.out;
  const mode = { json: out.json, color: out.color, dark: darkBackground(), oneline: g.oneline, numeric: g.numeric };
  const objects: Record<string, JsonValue>[] = [];
  let text = "";
  for (const l of links) {
    if (!linkShown(l, f, master)) {
      // ip opens the link's JSON object before print_linkinfo refuses it: an empty {} stays.
      objects.push({});
      continue;
    }
    const p = new IpPrint(mode);
    const header = f.label === undefined && (g.brief || !g.oneline);
    if (header) printLink(p, l, lo);
    p.openArray("addr_info");
    for (const a of selected) {
      if (a.header.index !== l.header.index) continue;
      p.open(null);
      printAddr(p, a, { brief: g.brief, ...(g.oneline && !g.brief ? { withDev: l.attrs.ifname ?? `if${l.header.index}` } : {}) });
      p.close();
    }
    p.close();
    if (g.brief) p.fp("\n");
    else if (header && g.stats && l.attrs.stats64) {
      // ip address's print_link_stats: the block right under the addresses, then a newline.
      printStats64(p, l.attrs.stats64, l.attrs.carrierChanges, g.stats);
      p.nl();
    }
    objects.push(p.root);
    text += p.text;
  }
  if (out.json) return out.write(ipJsonText(objects, out.pretty));
  out.write(text);
}

/** `address flush SELECTOR`: deletes what show would list, in rounds, as ipaddr_flush. */
function flush(ctx: CliContext, words: string[]) {
  if (!words.length) throw new ExitError("Flush requires arguments.", EXIT_FAILURE);
  const f = parseAddressFilter("address flush", words, ctx.family, USAGE);
  const h = ctx.handle();
  const index = devIndex(ctx, f);
  const names = new Map<number, string | undefined>();
  const nameOf = (i: number) => {
    if (!names.has(i)) names.set(i, h.linkList().find((l) => l.header.index === i)?.attrs.ifname);
    return names.get(i);
  };
  flushInRounds(ctx.out, {
    list: () =>
      h
        .addrList(f.family ? { family: f.family } : {})
        .filter((a) => (index === undefined || a.header.index === index) && addressMatches(a, f, nameOf)),
    remove: (a) => {
      try {
        h.run(addrModify(C.RTM_DELADDR, 0, a, "address flush"));
      } catch (e) {
        // A secondary goes with its primary (unless promoted): already gone is not a failure.
        if ((e as { code?: string }).code !== "EADDRNOTAVAIL") throw e;
      }
    },
    noun: "addresses",
    stats: ctx.options.stats,
    // Flushing primaries only: one round, or the promoted secondaries would go next.
    oneRound: Boolean(f.flagmask & C.IFA_F_SECONDARY && !(f.flags & C.IFA_F_SECONDARY)),
  });
}

/** A verb that sends ipaddr_modify's message with its own NLM_F_* flags. */
function modify(names: string[], type: number, flags: number): IpVerb {
  const verb = names[0] as string;
  return {
    names,
    run: (ctx, words) => {
      const command = `address ${verb}`;
      const r = parseAddressModify(command, words, type === C.RTM_DELADDR, ctx.family, (t) => process.stderr.write(t));
      r.msg.header.index = ifindexOf(ctx, r.dev, `${command}${r.cidr ? ` ${r.cidr}` : ""}`);
      if (r.msg.header.family === C.AF_UNSPEC) r.msg.header.family = C.AF_INET;
      ctx.handle().run(addrModify(type, flags, r.msg, `${command} ${words.join(" ")}`));
    },
  };
}

/** ip address's verbs, in ipaddress.c's order of matching. */
export const address: IpObject = {
  verbs: [
    modify(["add"], C.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL),
    modify(["change", "chg"], C.RTM_NEWADDR, NLM_F_REPLACE),
    modify(["replace"], C.RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE),
    modify(["delete"], C.RTM_DELADDR, 0),
    { names: ["list", "show", "lst"], run: show },
    { names: ["flush"], run: flush },
  ],
  bare: show,
  usage: USAGE,
};
