// One rtnetlink event as `ip monitor` prints it (ipmonitor.c's accept_msg): the object's own
// printer, "Deleted " in front of a removal, [LINK]-style labels only when asked (`all`, `label`);
// and as one of underlay's -j lines ({ time, topic, action, link|addr|route|neigh|rule }).
import { constants as C, type LinkMessage, type MonitorEvent, routeConstants as R } from "@underlay/netlink";
import { PROTOCOLS } from "../grammar/route-names.js";
import { addrJson } from "./address.js";
import { addrText } from "./address-print.js";
import { IpPrint, type IpPrintMode } from "./ip-print.js";
import { linkJson, linkText } from "./link.js";
import { type NeighPrintOptions, printNeigh } from "./neigh.js";
import { routeJson } from "./route.js";
import { routeText } from "./route-text.js";
import { printRule } from "./rule.js";

const LABELS: Record<MonitorEvent["topic"], string> = {
  link: "[LINK]",
  addr: "[ADDR]",
  route: "[ROUTE]",
  neigh: "[NEIGH]",
  rule: "[RULE]",
  overrun: "",
};

export interface MonitorPrintOptions extends Omit<IpPrintMode, "json"> {
  details: number;
  stats: number;
  numeric: boolean;
  banner: boolean;
  /** `dev DEV` given: ip leaves the device out of route and neigh lines then. */
  devFiltered: boolean;
  /** The links known now (ip's name cache), kept current by the caller from link events. */
  linkOf: (index: number) => LinkMessage | undefined;
}

const nameOf = (o: MonitorPrintOptions, index: number) => o.linkOf(index)?.attrs.ifname ?? `if${index}`;

function neighOptions(o: MonitorPrintOptions, json: boolean, action?: "new" | "del" | "get"): NeighPrintOptions {
  return {
    ...o,
    json,
    brief: false,
    ifname: (i) => nameOf(o, i),
    protocolName: (p) => PROTOCOLS.name(p, o.numeric),
    ...(action ? { action } : {}),
  };
}

/** Whether ip monitor prints the event at all: not the route cache's clones, nor multicast routes (ip's [MROUTE]). */
export function monitorShows(ev: MonitorEvent): boolean {
  if (ev.topic !== "route") return true;
  const h = ev.route.header;
  return !(h.flags & R.RTM_F_CLONED) && (h.family === C.AF_INET || h.family === C.AF_INET6);
}

/** The text ip monitor prints for one event (without the -t stamp), ending in a newline. */
export function monitorText(ev: MonitorEvent, o: MonitorPrintOptions): string {
  const label = o.banner ? LABELS[ev.topic] : "";
  const deleted = "action" in ev && ev.action === "del";
  const mode = { ...o, json: false };
  switch (ev.topic) {
    case "link": {
      // ip monitor resets ip address's filter, showqueue with it: no `qlen` on a link event.
      const l = { header: ev.link.header, attrs: { ...ev.link.attrs, txqlen: undefined } };
      return label + linkText(l, { ...o, doLink: false, deleted, linkOf: o.linkOf });
    }
    case "addr":
      return label + addrText(ev.addr, { ...o, deleted, withDev: nameOf(o, ev.addr.header.index) });
    case "route": {
      const text = routeText(ev.route, { ...o, name: (i) => nameOf(o, i), oifFixed: o.devFiltered });
      return `${label}${deleted ? "Deleted " : ""}${text}`;
    }
    case "neigh": {
      const p = new IpPrint(mode);
      printNeigh(p, ev.neigh, neighOptions(o, false, ev.action));
      return label + p.text;
    }
    case "rule": {
      const p = new IpPrint(mode);
      printRule(p, ev.rule, { ...mode, details: o.details, numeric: o.numeric, deleted });
      return label + p.text;
    }
    default:
      return "";
  }
}

/** underlay's -j line for one event. */
export function monitorJson(ev: MonitorEvent, o: MonitorPrintOptions, time: string): Record<string, unknown> {
  const base = { time, topic: ev.topic, ...("action" in ev ? { action: ev.action } : {}) };
  const name = (i: number | undefined) => (i === undefined ? undefined : nameOf(o, i));
  switch (ev.topic) {
    case "link":
      return { ...base, link: linkJson(ev.link, true, true, o.linkOf) };
    case "addr":
      return { ...base, addr: addrJson(ev.addr, name(ev.addr.header.index)) };
    case "route":
      return { ...base, route: routeJson(ev.route, (i) => nameOf(o, i), { details: o.details }) };
    case "neigh": {
      const p = new IpPrint({ json: true });
      printNeigh(p, ev.neigh, neighOptions(o, true));
      return { ...base, neigh: p.root };
    }
    case "rule": {
      const p = new IpPrint({ json: true });
      printRule(p, ev.rule, { json: true, details: o.details, numeric: o.numeric });
      return { ...base, rule: p.root };
    }
    default:
      return base;
  }
}
