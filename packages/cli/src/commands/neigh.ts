// `underlay neigh`: ip neigh (ipneigh.c) — the ARP and NDP caches: show, add, change, replace,
// del, get and flush, with ip's words, text, -j, -s and -br.
import { constants as C, type Handle, neighConstants as N, type NeighMessage } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import type { IpObject, VerbRun } from "../dispatch/ip-object.js";
import { bitsMatch, ipBytes } from "../grammar/inet-prefix.js";
import { type NeighFilter, neighSpec, parseNeighFilter, parseNeighModify } from "../grammar/neigh.js";
import { PROTOCOLS } from "../grammar/route-names.js";
import { darkBackground, ipJsonText } from "../render/ip-print.js";
import { type NeighPrintOptions, neighOutput } from "../render/neigh.js";
import { UsageError } from "../words.js";
import { ifnames } from "./ifnames.js";

// ip's flush gives up after this many rounds of dump-and-delete.
const MAX_ROUNDS = 10;

/** Does print_neigh() show this entry under filter `f`? */
function selected(n: NeighMessage, f: NeighFilter, index: number | undefined): boolean {
  const { header: h, attrs: a } = n;
  const family = h.family === C.AF_INET ? 4 : h.family === C.AF_INET6 ? 6 : undefined;
  if (f.family && f.family !== family) return false;
  if (index !== undefined && h.index !== index) return false;
  // Proxy and externally learned entries show whatever their state.
  if (!(f.states & h.state) && !(h.flags & (N.NTF_PROXY | N.NTF_EXT_LEARNED)) && (h.state || !(f.states & 0x100))) return false;
  if (f.to && f.to.bitlen > 0) {
    if (a.dst === undefined || !bitsMatch(f.to.bytes, ipBytes(a.dst, f.to.family ?? 4), f.to.bitlen)) return false;
    if (a.dst.includes(":") !== (f.to.family === 6)) return false;
  }
  if (f.protocol && f.protocol !== (a.protocol ?? 0)) return false;
  if (f.unused && a.cacheinfo?.refcnt) return false;
  return true;
}

function printOptions(ctx: CliContext, h: Handle, devFiltered: boolean): NeighPrintOptions {
  const g = ctx.options;
  const names = ifnames(h);
  return {
    json: ctx.out.json,
    color: ctx.out.color,
    dark: darkBackground(),
    stats: g.stats,
    brief: g.brief,
    devFiltered,
    ifname: (i) => names.get(i) ?? `if${i}`,
    protocolName: (p) => (g.numeric ? String(p) : PROTOCOLS.name(p)),
  };
}

function print(ctx: CliContext, list: NeighMessage[], o: NeighPrintOptions): void {
  const { text, json } = neighOutput(list, o);
  ctx.out.write(o.json ? ipJsonText(json, ctx.out.pretty) : text);
}

/** The entries `f` selects, read from the kernel. */
/** `master DEV` or `vrf NAME` (which must be a VRF): its ifindex; ip's invarg (255) when it is not one. */
function masterIndex(ctx: CliContext, name: string, vrf: boolean): number {
  let link: ReturnType<Handle["linkGet"]>;
  try {
    link = ctx.handle().linkGet(name);
  } catch {
    throw new UsageError(`neigh show: ${vrf ? "vrf" : "master"} "${name}": Device does not exist`);
  }
  if (vrf && link.attrs.linkinfo?.kind !== "vrf") throw new UsageError(`neigh show: vrf "${name}": Not a valid VRF name`);
  return link.header.index;
}

/** -0, -M, -B: ip's filter.family is one no ARP/NDP entry has (bridge FDB entries are not read here). */
const otherFamily = (ctx: CliContext) => ctx.options.family !== undefined && ctx.family === undefined;

function listed(ctx: CliContext, f: NeighFilter): { list: NeighMessage[]; index: number | undefined } {
  const h = ctx.handle();
  const indexOf = (name: string) => h.linkIndex(ctx.link(name, "neigh show"));
  const index = f.dev === undefined ? undefined : indexOf(f.dev);
  const master = f.master === undefined || f.master === -1 ? f.master : masterIndex(ctx, f.master, f.vrf);
  const all = h.neighList({
    ...(f.family ? { family: f.family } : {}),
    ...(index !== undefined ? { dev: index } : {}),
    ...(master !== undefined ? { master } : {}),
    proxy: f.proxy,
  });
  return { list: otherFamily(ctx) ? [] : all.filter((n) => selected(n, f, index)), index };
}

const show: VerbRun = (ctx, words) => {
  const f = parseNeighFilter(words, false, ctx.family);
  const { list, index } = listed(ctx, f);
  print(ctx, list, printOptions(ctx, ctx.handle(), index !== undefined));
};

/** ip neigh flush: delete what the filter selects, in rounds until a dump finds nothing more. */
const flush: VerbRun = (ctx, words) => {
  const f = parseNeighFilter(words, true, ctx.family);
  const h = ctx.handle();
  const stats = ctx.options.stats;
  const write = (t: string) => ctx.out.write(t);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { list, index } = listed(ctx, f);
    if (!list.length) {
      if (stats)
        write(round === 0 ? "Nothing to flush.\n" : `*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
      return;
    }
    if (stats > 1) print(ctx, list, { ...printOptions(ctx, h, index !== undefined), json: false });
    for (const n of list) {
      const proxy = Boolean(n.header.flags & N.NTF_PROXY);
      h.neighDel({ dst: n.attrs.dst ?? "", ...(n.header.index ? { dev: n.header.index } : {}), proxy });
    }
    if (stats) write(`\n*** Round ${round + 1}, deleting ${list.length} entries ***\n`);
    // A FAILED entry the kernel keeps is not worth another round.
    f.states &= ~N.NUD_FAILED;
  }
  write(`*** Flush not complete bailing out after ${MAX_ROUNDS} rounds\n`);
};

const modify =
  (verb: "add" | "change" | "replace" | "del"): VerbRun =>
  (ctx, words) => {
    const r = parseNeighModify(verb, words, ctx.family);
    const spec = neighSpec(r, r.dev === undefined ? undefined : ctx.link(r.dev, `neigh ${verb} ${r.dst}`));
    const h = ctx.handle();
    if (verb === "add") h.neighAdd(spec);
    else if (verb === "change") h.neighChange(spec);
    else if (verb === "replace") h.neighReplace(spec);
    else h.neighDel(spec);
  };

const get: VerbRun = (ctx, words) => {
  const r = parseNeighModify("get", words, ctx.family);
  const h = ctx.handle();
  const dev = r.dev === undefined ? {} : { dev: ctx.link(r.dev, `neigh get ${r.dst}`) };
  const n = h.neighGet({ dst: r.dst, ...dev, ...(r.proxy ? { proxy: true } : {}) });
  // ip's get prints text even under -j (it never opens a JSON context): so does this.
  print(ctx, [n], { ...printOptions(ctx, h, false), json: false });
};

/** ip neigh's verbs, in ipneigh.c's order of matching. */
export const neigh: IpObject = {
  verbs: [
    { names: ["add"], run: modify("add") },
    { names: ["change", "chg"], run: modify("change") },
    { names: ["replace"], run: modify("replace") },
    { names: ["delete"], run: modify("del") },
    { names: ["get"], run: get },
    { names: ["show", "lst", "list"], run: show },
    { names: ["flush"], run: flush },
  ],
  bare: show,
  usage: `Usage: underlay neigh { add | del | change | replace }
                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]
                [ protocol PROTO ]

	underlay neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
				  [ vrf NAME ] [ nomaster ] [ unused ]
	underlay neigh get { ADDR | proxy ADDR } dev DEV

STATE := { delay | failed | incomplete | noarp | none |
           permanent | probe | reachable | stale }
`,
};
