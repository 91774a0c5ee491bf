// `underlay route show|add|del`: ip route (main table), with ip's keywords.
import type { CliContext } from "../context.js";
import type { IpObject } from "../dispatch/ip-object.js";
import { parseRoute } from "../grammar/route.js";
import { printJson, printTable } from "../output.js";
import { routeJson, routeRow } from "../render/route.js";
import { ifnames } from "./ifnames.js";
import { devOf } from "./link.js";
import { addDelVerbs } from "./verbs.js";

function show(ctx: CliContext, words: string[]) {
  const dev = words.length ? devOf(words, "route show") : undefined;
  const h = ctx.handle();
  // Like ip: IPv4 unless -6.
  const routes = h.routeList({ family: ctx.family ?? 4, ...(dev ? { dev } : {}) });
  const names = ifnames(h);
  const name = (oif: number | undefined) => (oif === undefined ? undefined : names.get(oif));
  const out = ctx.out;
  if (out.json)
    return printJson(
      out,
      routes.map((r) => routeJson(r, name(r.attrs.oif))),
    );
  printTable(
    out,
    routes.map((r) => routeRow(r, name(r.attrs.oif))),
  );
}

/** ip route's verbs, in iproute.c's order of matching. */
export const route: IpObject = {
  verbs: [
    ...addDelVerbs((ctx, verb, words) => {
      const spec = parseRoute(verb, words);
      const r = typeof spec.dev === "string" ? { ...spec, dev: ctx.link(spec.dev, `route ${verb} ${spec.dst}`) } : spec;
      if (verb === "add") ctx.handle().routeAdd(r);
      else ctx.handle().routeDel(r);
    }),
    { names: ["list", "show", "lst"], run: show },
  ],
  bare: show,
  usage: `Usage: underlay route { list | show } [dev DEV]
       underlay route { add | del } {DST/LEN|default} [via GW] [dev DEV] [metric N] [src ADDR] [onlink] [scope S]
`,
};
