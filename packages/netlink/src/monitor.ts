// Decoded rtnetlink events, as `ip monitor` prints them.
import { type AddrMessage, addrMessage } from "./rtnl/addr.js";
import * as C from "./rtnl/constants.js";
import { type LinkMessage, linkMessage } from "./rtnl/link.js";
import { type NeighMessage, neighMessage, RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH, RTNLGRP_NEIGH } from "./rtnl/neigh.js";
import { type RouteMessage, routeMessage } from "./rtnl/route.js";
import { RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, type RuleMessage, ruleMessage } from "./rtnl/rule.js";
import type { NlMessage } from "./wire/header.js";

export type MonitorTopic = "link" | "addr" | "route" | "neigh" | "rule";

/** Every topic, in ip monitor's order. */
export const MONITOR_TOPICS: readonly MonitorTopic[] = ["link", "addr", "route", "neigh", "rule"];

/** The groups of a topic: [both families] or [IPv4's, IPv6's], so that -4/-6 can join one (as ip monitor does). */
const GROUPS: Record<MonitorTopic, { any?: number[]; 4?: number[]; 6?: number[] }> = {
  link: { any: [C.RTNLGRP_LINK] },
  addr: { 4: [C.RTNLGRP_IPV4_IFADDR], 6: [C.RTNLGRP_IPV6_IFADDR] },
  route: { 4: [C.RTNLGRP_IPV4_ROUTE], 6: [C.RTNLGRP_IPV6_ROUTE] },
  // One group for every family's neighbours; ip monitor -4 filters the messages instead.
  neigh: { any: [RTNLGRP_NEIGH] },
  rule: { 4: [RTNLGRP_IPV4_RULE], 6: [RTNLGRP_IPV6_RULE] },
};

/** The multicast groups to join for `topics`, for one family or both. */
export function monitorGroups(topics: readonly MonitorTopic[], family?: 4 | 6): number[] {
  return topics.flatMap((t) => {
    const g = GROUPS[t];
    if (g.any) return g.any;
    return family ? (g[family] ?? []) : [...(g[4] ?? []), ...(g[6] ?? [])];
  });
}

export type MonitorEvent =
  | { topic: "link"; action: "new" | "del"; link: LinkMessage }
  | { topic: "addr"; action: "new" | "del"; addr: AddrMessage }
  | { topic: "route"; action: "new" | "del"; route: RouteMessage }
  /** "get": the kernel asks user space to resolve it (RTM_GETNEIGH, ip's "miss"). */
  | { topic: "neigh"; action: "new" | "del" | "get"; neigh: NeighMessage }
  | { topic: "rule"; action: "new" | "del"; rule: RuleMessage }
  /** The kernel dropped events (ENOBUFS): re-read state if it matters. */
  | { topic: "overrun" };

const action = (type: number, add: number): "new" | "del" => (type === add ? "new" : "del");

export function decodeEvent(m: NlMessage | "overrun"): MonitorEvent | undefined {
  if (m === "overrun") return { topic: "overrun" };
  const t = m.header.type;
  switch (t) {
    case C.RTM_NEWLINK:
    case C.RTM_DELLINK:
      return { topic: "link", action: action(t, C.RTM_NEWLINK), link: linkMessage.decode(m.payload) };
    case C.RTM_NEWADDR:
    case C.RTM_DELADDR:
      return { topic: "addr", action: action(t, C.RTM_NEWADDR), addr: addrMessage.decode(m.payload) };
    case C.RTM_NEWROUTE:
    case C.RTM_DELROUTE:
      return { topic: "route", action: action(t, C.RTM_NEWROUTE), route: routeMessage.decode(m.payload) };
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH:
    case RTM_GETNEIGH:
      return {
        topic: "neigh",
        action: t === RTM_GETNEIGH ? "get" : action(t, RTM_NEWNEIGH),
        neigh: neighMessage.decode(m.payload),
      };
    case C.RTM_NEWRULE:
    case C.RTM_DELRULE:
      return { topic: "rule", action: action(t, C.RTM_NEWRULE), rule: ruleMessage.decode(m.payload) };
    default:
      return undefined;
  }
}
