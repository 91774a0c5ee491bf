// Decoded rtnetlink events, as `ip monitor` prints them.
import { type AddrMessage, addrMessage } from "./rtnl/addr.js";
import * as C from "./rtnl/constants.js";
import { type LinkMessage, linkMessage } from "./rtnl/link.js";
import { type RouteMessage, routeMessage } from "./rtnl/route.js";
import type { NlMessage } from "./wire/header.js";

export type MonitorTopic = "link" | "addr" | "route";

export const MONITOR_GROUPS: Record<MonitorTopic, number[]> = {
  link: [C.RTNLGRP_LINK],
  addr: [C.RTNLGRP_IPV4_IFADDR, C.RTNLGRP_IPV6_IFADDR],
  route: [C.RTNLGRP_IPV4_ROUTE, C.RTNLGRP_IPV6_ROUTE],
};

export type MonitorEvent =
  | { topic: "link"; action: "new" | "del"; link: LinkMessage }
  | { topic: "addr"; action: "new" | "del"; addr: AddrMessage }
  | { topic: "route"; action: "new" | "del"; route: RouteMessage }
  /** The kernel dropped events (ENOBUFS): re-read state if it matters. */
  | { topic: "overrun" };

export function decodeEvent(m: NlMessage | "overrun"): MonitorEvent | undefined {
  if (m === "overrun") return { topic: "overrun" };
  switch (m.header.type) {
    case C.RTM_NEWLINK:
    case C.RTM_DELLINK:
      return { topic: "link", action: m.header.type === C.RTM_NEWLINK ? "new" : "del", link: linkMessage.decode(m.payload) };
    case C.RTM_NEWADDR:
    case C.RTM_DELADDR:
      return { topic: "addr", action: m.header.type === C.RTM_NEWADDR ? "new" : "del", addr: addrMessage.decode(m.payload) };
    case C.RTM_NEWROUTE:
    case C.RTM_DELROUTE:
      return { topic: "route", action: m.header.type === C.RTM_NEWROUTE ? "new" : "del", route: routeMessage.decode(m.payload) };
    default:
      return undefined;
  }
}
