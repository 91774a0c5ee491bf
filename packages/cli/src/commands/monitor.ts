// `underlay monitor [link|addr|route|all]`: decoded events as they happen; -j prints one JSON
// object per line with a timestamp (ip monitor cannot print JSON).
import type { Handle, MonitorEvent, MonitorTopic } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import type { IpObject } from "../dispatch/ip-object.js";
import { type Cell, printJson, printTable } from "../output.js";
import { addrJson, addrRow } from "../render/address.js";
import { linkJson, linkRow } from "../render/link.js";
import { routeJson, routeRow } from "../render/route.js";
import { readKeywords, Words } from "../words.js";
import { ifnames } from "./ifnames.js";

const TOPICS = ["link", "addr", "route", "all"] as const;

/** ifindex -> name, from one dump at the start and kept current from the link events themselves. */
class LinkNames {
  private readonly names: Map<number, string>;
  constructor(h: Handle) {
    this.names = ifnames(h);
  }
  see(ev: MonitorEvent): void {
    if (ev.topic !== "link") return;
    if (ev.action === "new" && ev.link.attrs.ifname) this.names.set(ev.link.header.index, ev.link.attrs.ifname);
    // Kept after a delete: the addr and route deletions that follow still name the link.
  }
  of(index: number | undefined): string | undefined {
    return index === undefined ? undefined : this.names.get(index);
  }
}

/** The cells of one event, as `ip monitor` would print it, with [TOPIC] in front. */
function cells(ev: MonitorEvent, names: LinkNames): Cell[] {
  const del = "action" in ev && ev.action === "del" ? ["Deleted"] : [];
  if (ev.topic === "link") return ["[LINK]", ...del, ...linkRow(ev.link)];
  if (ev.topic === "addr") return ["[ADDR]", ...del, ...addrRow(ev.addr, names.of(ev.addr.header.index))];
  if (ev.topic === "route") return ["[ROUTE]", ...del, ...routeRow(ev.route, names.of(ev.route.attrs.oif))];
  return ["[OVERRUN]", "the kernel dropped events (ENOBUFS): re-read the state"];
}

function toJson(ev: MonitorEvent, names: LinkNames): Record<string, unknown> {
  const base = { time: new Date().toISOString(), topic: ev.topic, ...("action" in ev ? { action: ev.action } : {}) };
  if (ev.topic === "link") return { ...base, link: linkJson(ev.link, true, true) };
  if (ev.topic === "addr") return { ...base, addr: addrJson(ev.addr, names.of(ev.addr.header.index)) };
  if (ev.topic === "route") return { ...base, route: routeJson(ev.route, names.of(ev.route.attrs.oif)) };
  return base;
}

async function run(ctx: CliContext, words: string[]) {
  const w = new Words(words, "monitor");
  const topics: string[] = [];
  let count: number | undefined;
  readKeywords(
    w,
    {
      "--count": (w) => {
        count = w.int("--count", 1, 2 ** 31);
      },
    },
    (word) => {
      if (!(TOPICS as readonly string[]).includes(word)) w.unknown(word, [...TOPICS, "--count"]);
      topics.push(word);
    },
  );
  const chosen = !topics.length || topics.includes("all") ? undefined : (topics as MonitorTopic[]);
  const names = new LinkNames(ctx.handle());
  const events = ctx.handle().monitor(chosen ? { topics: chosen } : {});
  process.once("SIGINT", () => void events.return?.());
  let n = 0;
  for await (const ev of events) {
    names.see(ev);
    if (ctx.out.json) printJson(ctx.out, toJson(ev, names));
    else printTable(ctx.out, [cells(ev, names)]);
    if (count !== undefined && ++n >= count) break;
  }
}

/** ip monitor takes its topics where other objects take a verb: no verbs, everything goes to `bare`. */
export const monitor: IpObject = {
  verbs: [],
  bare: run,
  usage: `Usage: underlay monitor [ all | OBJECTS ] [--count N]
OBJECTS := link | addr | route
`,
};
