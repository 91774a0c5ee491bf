// `underlay route show|add|del`: ip route (main table), with ip's keywords.
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { parseRoute } from "../grammar/route.js";
import { printJson, printTable } from "../output.js";
import { routeJson, routeRow } from "../render/route.js";
import { examples, group } from "./examples.js";
import { ifnames } from "./ifnames.js";
import { devOf } from "./link.js";
import { registerAddDel } from "./verbs.js";

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

export function registerRoute(route: Command, ctx: CliContext): void {
  group(route, "route", "route add default via 192.0.2.1");
  route
    .command("show", { isDefault: true })
    .argument("[words...]", "[dev DEV]")
    .description("list routes")
    .addHelpText("after", examples("route", "-j -n blue route show dev mv0"))
    .action((words: string[]) => show(ctx, words));
  registerAddDel(route, {
    usage: "{DST/LEN|default} [via GW] [dev DEV] [metric N] [src ADDR] [onlink] [scope S]",
    describe: { add: "add a route", del: "delete a route" },
    examples: (verb) => [`route ${verb} default via 192.0.2.1`, `route ${verb} 198.51.100.0/24 via 192.0.2.1 dev mv0 metric 10`],
    run: (verb, words) => {
      const spec = parseRoute(verb, words);
      const r = typeof spec.dev === "string" ? { ...spec, dev: ctx.link(spec.dev, `route ${verb} ${spec.dst}`) } : spec;
      if (verb === "add") ctx.handle().routeAdd(r);
      else ctx.handle().routeDel(r);
    },
  });
}
