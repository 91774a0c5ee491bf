// `underlay monitor [ all | OBJECTS ] [ label ] [ dev DEV ] [--count N]`: ip monitor's events as ip
// prints them (with -t/-ts stamps), or with -j one JSON object per line with a timestamp (ip
// monitor cannot print JSON); --count N exits after N events.
import { constants as C, type Handle, type LinkMessage, MONITOR_TOPICS, type MonitorEvent } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, ExitError } from "../dispatch/exit-codes.js";
import type { IpObject } from "../dispatch/ip-object.js";
import { parseMonitor } from "../grammar/monitor.js";
import { printJson } from "../output.js";
import { darkBackground } from "../render/ip-print.js";
import { type MonitorPrintOptions, monitorJson, monitorShows, monitorText } from "../render/monitor-event.js";
import { timestampText } from "../render/timestamp.js";

/**
 * ip's name cache: every link from one dump at the start, kept by the link events (ll_remember_index),
 * and a link it has not seen asked of the kernel (ll_idx_n2a does), as when link is not a topic.
 */
class Links {
  private readonly links: Map<number, LinkMessage | undefined>;
  constructor(private readonly h: Handle) {
    this.links = new Map(h.linkList().map((l) => [l.header.index, l]));
  }
  readonly of = (index: number): LinkMessage | undefined => {
    if (!this.links.has(index)) {
      try {
        this.links.set(index, this.h.linkGet(index));
      } catch {
        return undefined; // gone already: ip prints if<N>
      }
    }
    return this.links.get(index);
  };
  forget(ev: MonitorEvent): void {
    if (ev.topic === "link" && ev.action === "del") this.links.delete(ev.link.header.index);
  }
  see(ev: MonitorEvent): void {
    if (ev.topic === "link" && ev.action === "new") this.links.set(ev.link.header.index, ev.link);
  }
}

/** The link an event is about, for `dev DEV` (rules have none: ip prints them all). */
function indexOf(ev: MonitorEvent): number | undefined {
  if (ev.topic === "link") return ev.link.header.index;
  if (ev.topic === "addr") return ev.addr.header.index;
  if (ev.topic === "route") return ev.route.attrs.oif;
  if (ev.topic === "neigh") return ev.neigh.header.index;
  return undefined;
}

/** ip monitor's `dev DEV` must exist when it starts (ip's invarg: exit 255). */
function devIndex(ctx: CliContext, dev: string): number {
  try {
    return ctx.handle().linkIndex(ctx.link(dev, "monitor"));
  } catch (e) {
    throw new ExitError((e as Error).message, EXIT_USAGE);
  }
}

const familyOf = (f: number) => (f === C.AF_INET ? 4 : f === C.AF_INET6 ? 6 : undefined);

async function run(ctx: CliContext, words: string[]) {
  const r = parseMonitor(words);
  const h = ctx.handle();
  const dev = r.dev === undefined ? undefined : devIndex(ctx, r.dev);
  const links = new Links(h);
  const g = ctx.options;
  const o: MonitorPrintOptions = {
    details: g.details,
    stats: g.stats,
    numeric: g.numeric,
    oneline: g.oneline,
    color: ctx.out.color,
    dark: darkBackground(),
    banner: r.banner,
    devFiltered: dev !== undefined,
    linkOf: links.of,
  };
  const family = ctx.family;
  const events = h.monitor({ topics: r.topics.length ? r.topics : [...MONITOR_TOPICS], ...(family ? { family } : {}) });
  process.once("SIGINT", () => void events.return?.());
  let n = 0;
  for await (const ev of events) {
    links.see(ev);
    if (ev.topic === "overrun") process.stderr.write("netlink receive error No buffer space available (105)\n");
    const shown =
      ev.topic !== "overrun" &&
      monitorShows(ev) &&
      (dev === undefined || ev.topic === "rule" || indexOf(ev) === dev) &&
      !(ev.topic === "neigh" && family && familyOf(ev.neigh.header.family) !== family);
    if (shown) {
      if (ctx.out.json) printJson(ctx.out, monitorJson(ev, o, new Date().toISOString()));
      else ctx.out.write(timestampText(g.timestamp) + monitorText(ev, o));
    }
    links.forget(ev);
    if (shown && r.count !== undefined && ++n >= r.count) break;
  }
}

/** ip monitor takes its topics where other objects take a verb: no verbs, everything goes to `bare`. */
export const monitor: IpObject = {
  verbs: [],
  bare: run,
  usage: `Usage: underlay monitor [ all | OBJECTS ] [ label ] [ dev DEVICE ] [ --count N ]
OBJECTS :=  address | link | neigh | route | rule
`,
};
