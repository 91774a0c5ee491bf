// `underlay route …`: ip route, read as iproute.c reads it and printed as it prints.
import {
  constants as C,
  type Handle,
  NLM_F_APPEND,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  type RouteMessage,
  routeDump,
  routeModify,
} from "@underlay/netlink";
import type { CliContext } from "../context.js";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import type { IpObject, IpVerb } from "../dispatch/ip-object.js";
import { parseRouteModify } from "../grammar/route.js";
import { hiddenBy, parseRouteFilter, type RouteFilter, routeMatches } from "../grammar/route-filter.js";
import { darkBackground, ipJsonText } from "../render/ip-print.js";
import { routeJson } from "../render/route.js";
import { routeText } from "../render/route-text.js";
import { flushInRounds } from "./flush-rounds.js";
import { ifindexOf, ifnames } from "./ifnames.js";
import { routeGetVerb } from "./route-get.js";

/** Names by ifindex, read once per command (ip's ll_index_to_name cache). */
export function nameOf(h: Handle): (index: number) => string {
  let names: Map<number, string> | undefined;
  return (index) => {
    names ??= ifnames(h);
    return names.get(index) ?? `if${index}`;
  };
}

function selected(ctx: CliContext, command: string, words: string[]): { f: RouteFilter; routes: RouteMessage[] } {
  const f = parseRouteFilter(command, words, ctx.family);
  if (f.oifName !== undefined) f.oif = ifindexOf(ctx, f.oifName, command);
  if (f.iifName !== undefined) f.iif = ifindexOf(ctx, f.iifName, command);
  const all = ctx
    .handle()
    .run(
      routeDump(f.family, { table: f.table, ...(f.oif ? { oif: f.oif } : {}), ...(f.protocol ? { protocol: f.protocol } : {}) }),
    );
  return { f, routes: all.filter((r) => routeMatches(r, f)) };
}

function show(ctx: CliContext, words: string[]) {
  const { f, routes } = selected(ctx, "route show", words);
  const name = nameOf(ctx.handle());
  const out = ctx.out;
  const o = ctx.options;
  const jo = { details: Number(o.details ?? 0), stats: Number(o.stats ?? 0), tableFixed: f.table !== 0, numeric: o.numeric };
  if (out.json)
    return out.write(
      ipJsonText(
        routes.map((r) => routeJson(r, name, jo)),
        out.pretty,
      ),
    );
  const opts = {
    name,
    details: Number(o.details ?? 0),
    stats: Number(o.stats ?? 0),
    oneline: Boolean(o.oneline),
    numeric: o.numeric,
    color: out.color,
    dark: darkBackground(),
    ...hiddenBy(f),
  };
  out.write(routes.map((r) => routeText(r, opts)).join(""));
}

// The IPv6 null route (unreachable default, metric 0xffffffff) that ip's flush leaves alone.
const ip6Null = (r: RouteMessage) =>
  r.header.family === C.AF_INET6 &&
  r.header.dstLen === 0 &&
  r.header.type === C.RTN_UNREACHABLE &&
  r.attrs.priority === 0xffffffff;

/** `route flush SELECTOR…`: deletes what show would list, in rounds until none is left. */
function flush(ctx: CliContext, words: string[]) {
  if (!words.length) throw new ExitError('"ip route flush" requires arguments.', EXIT_FAILURE);
  flushInRounds(ctx.out, {
    list: () => selected(ctx, "route flush", words).routes.filter((r) => !ip6Null(r)),
    remove: (r) => ctx.handle().run(routeModify(C.RTM_DELROUTE, 0, r, "route flush")),
    noun: "entries",
    stats: Number(ctx.options.stats ?? 0),
  });
}

/** A verb that sends iproute_modify's message with its own NLM_F_* flags. */
function modify(names: string[], type: number, flags: number): IpVerb {
  const verb = names[0] as string;
  return {
    names,
    run: (ctx, words) => {
      const command = `route ${verb}`;
      const msg = parseRouteModify(command, words, type === C.RTM_DELROUTE, ctx.family, (n, what) => ifindexOf(ctx, n, what));
      ctx.handle().run(routeModify(type, flags, msg, `${command} ${words.join(" ")}`));
    },
  };
}

/** ip route's verbs, in iproute.c's order of matching. */
export const route: IpObject = {
  verbs: [
    modify(["add"], C.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL),
    modify(["change", "chg"], C.RTM_NEWROUTE, NLM_F_REPLACE),
    modify(["replace"], C.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE),
    modify(["prepend"], C.RTM_NEWROUTE, NLM_F_CREATE),
    modify(["append"], C.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND),
    modify(["test"], C.RTM_NEWROUTE, NLM_F_EXCL),
    modify(["delete"], C.RTM_DELROUTE, 0),
    { names: ["list", "show", "lst"], run: show },
    routeGetVerb,
    { names: ["flush"], run: flush },
  ],
  bare: show,
  usage: `Usage: underlay route { list | flush } SELECTOR
       underlay route get ADDRESS [ from ADDRESS ] [ iif STRING ] [ oif STRING ] [ mark NUMBER ] [ fibmatch ]
       underlay route { add | del | change | append | replace | prepend | test } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ] [ table TABLE_ID ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ] [ dev STRING ] [ via ADDRESS ] [ src ADDRESS ] [ metric NUMBER ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ] [ table TABLE_ID ] [ proto RTPROTO ] [ scope SCOPE ] [ metric METRIC ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ via [ FAMILY ] ADDRESS ] [ dev STRING ] [ weight NUMBER ] NHFLAGS
OPTIONS := [ mtu [ lock ] NUMBER ] [ advmss NUMBER ] [ hoplimit NUMBER ] [ src ADDRESS ] [ pref PREF ] …
TYPE := { unicast | local | broadcast | multicast | throw | unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER ]
SCOPE := [ host | link | global | NUMBER ]
NHFLAGS := [ onlink | pervasive ]
PREF := [ low | medium | high ]
`,
};
