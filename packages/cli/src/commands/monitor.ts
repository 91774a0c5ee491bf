// `underlay monitor [link|addr|route|all]`: decoded events as they happen; -j prints one JSON
// object per line with a timestamp (ip monitor cannot print JSON).
import { addrCidr, type MonitorEvent, type MonitorTopic, routeDst } from "@underlay/netlink";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { printJson } from "../output.js";
import { linkJson } from "../render/link.js";
import { examples } from "./examples.js";

const TOPICS = ["link", "addr", "route", "all"] as const;

function describe(ev: MonitorEvent): string {
  const del = "action" in ev && ev.action === "del" ? "Deleted " : "";
  if (ev.topic === "link") return `${del}link ${ev.link.header.index}: ${ev.link.attrs.ifname}`;
  if (ev.topic === "addr") return `${del}addr ${addrCidr(ev.addr)} dev ${ev.addr.header.index}`;
  if (ev.topic === "route")
    return `${del}route ${routeDst(ev.route)}${ev.route.attrs.gateway ? ` via ${ev.route.attrs.gateway}` : ""}`;
  return "events were dropped (ENOBUFS): re-read the state";
}

function toJson(ev: MonitorEvent): Record<string, unknown> {
  const base = { time: new Date().toISOString(), topic: ev.topic, ...("action" in ev ? { action: ev.action } : {}) };
  if (ev.topic === "link") return { ...base, link: linkJson(ev.link, true) };
  if (ev.topic === "addr") return { ...base, ifindex: ev.addr.header.index, address: addrCidr(ev.addr) };
  if (ev.topic === "route")
    return { ...base, dst: routeDst(ev.route), gateway: ev.route.attrs.gateway, oif_index: ev.route.attrs.oif };
  return base;
}

export function registerMonitor(program: Command, ctx: CliContext): void {
  program
    .command("monitor")
    .argument("[topics...]", `${TOPICS.join(", ")}`, ["all"])
    .option("--count <n>", "exit after N events", (v) => Number.parseInt(v, 10))
    .description("print rtnetlink events as they happen (ip monitor)")
    .addHelpText("after", examples("monitor", "-j monitor link", "-j -n blue monitor addr route --count 10"))
    .action(async (topics: string[], o: { count?: number }) => {
      const bad = topics.filter((t) => !(TOPICS as readonly string[]).includes(t));
      if (bad.length) throw new Error(`invalid topic ${bad.join(", ")}: allowed values are ${TOPICS.join(", ")}`);
      const chosen = topics.includes("all") ? undefined : (topics as MonitorTopic[]);
      const events = ctx.handle().monitor(chosen ? { topics: chosen } : {});
      process.once("SIGINT", () => void events.return?.());
      let n = 0;
      for await (const ev of events) {
        if (ctx.out.json) printJson(ctx.out, toJson(ev));
        else process.stdout.write(`${describe(ev)}\n`);
        if (o.count !== undefined && ++n >= o.count) break;
      }
    });
}
