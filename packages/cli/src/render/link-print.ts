// One link as `ip link show` prints it (ipaddress.c's print_linkinfo), text or JSON from one walk:
//   N: NAME[@LINK]: <FLAGS> mtu M qdisc Q [master M] state S mode DEFAULT group G qlen N
//       link/ether MAC brd MAC [link-netnsid N] [details…]
//       [alias A] [stats] [vf lines] [altname A]
import { constants as C, type LinkMessage } from "@underlay/netlink";
import { groupName } from "../grammar/ip-names.js";
import { IpPrint, type IpPrintMode, type JsonValue } from "./ip-print.js";
import { linkAddrText, linkTypeName, printLinkFlags, printOperstate } from "./link-names.js";
import { printStats64 } from "./link-stats.js";
import { printVfs } from "./link-vf.js";
import { printLinkinfo } from "./linkinfo.js";

/** ifindex -> link in the same netns, for `NAME@PEER`, `master NAME` and M-DOWN as ip prints them. */
export type LinkOf = (index: number) => LinkMessage | undefined;

export interface LinkPrintOptions {
  /** `ip link` (the default) rather than `ip address`: mode, alias, stats and VFs are link's. */
  doLink?: boolean;
  /** -d, counted. */
  details?: number;
  /** -s, counted. */
  stats?: number;
  /** -br. */
  brief?: boolean;
  /** ip's filter.family: the link/ether line is printed for none, for link (-0) and with -d. */
  family?: "inet" | "inet6" | "link" | "bridge" | "mpls";
  linkOf?: LinkOf;
  /** nsid -> netns name, for ` link-netns NAME` (ip's get_name_from_nsid). */
  nsName?: (nsid: number) => string | undefined;
  /** A monitor's RTM_DELLINK: `Deleted ` first. */
  deleted?: boolean;
}

/** ll_index_to_name(): a link's name, `if%u` when it is not in this netns. */
const nameOf = (index: number, linkOf?: LinkOf) => linkOf?.(index)?.attrs.ifname ?? `if${index}`;

/**
 * print_name_and_link(): `NAME@LINK` printed as `fmt` formats it (ip colours the whole of it), and
 * whether the link is down (M-DOWN). In JSON the link goes under "link" or "link_index".
 */
export function printNameAndLink(p: IpPrint, l: LinkMessage, fmt: (name: string) => string, linkOf?: LinkOf): boolean {
  const a = l.attrs;
  let name = a.ifname ?? `if${l.header.index}`;
  let mDown = false;
  if (a.link !== undefined) {
    if (a.link === 0) {
      if (p.json) p.js("link", null);
      else name += "@NONE";
    } else if (a.linkNetnsid !== undefined) {
      if (p.json) p.js("link_index", a.link);
      else name += `@if${a.link}`;
    } else {
      const parent = linkOf?.(a.link);
      const parentName = nameOf(a.link, linkOf);
      if (p.json) p.js("link", parentName);
      else name += `@${parentName}`;
      mDown = parent !== undefined && !(parent.header.flags & C.IFF_UP);
    }
  }
  p.any("ifname", name, fmt(name), "ifname");
  return mDown;
}

function printLinkLayer(p: IpPrint, l: LinkMessage): void {
  const a = l.attrs;
  const type = l.header.type;
  p.nl();
  const typeName = linkTypeName(type, p.mode.numeric);
  p.any("link_type", typeName, `    link/${typeName} `);
  const mac = (key: string, addr: string) => {
    const text = linkAddrText(addr, type);
    p.any(key, text, text, "mac");
  };
  if (a.address !== undefined) mac("address", a.address);
  if (a.broadcast !== undefined) {
    if (l.header.flags & C.IFF_POINTOPOINT) {
      p.fp(" peer ");
      p.js("link_pointtopoint", true);
    } else p.fp(" brd ");
    mac("broadcast", a.broadcast);
  }
  if (a.permAddress !== undefined && a.permAddress !== a.address) {
    p.fp(" permaddr ");
    mac("permaddr", a.permAddress);
  }
}

function printNetnsids(p: IpPrint, l: LinkMessage, o: LinkPrintOptions): void {
  const id = l.attrs.linkNetnsid;
  if (id !== undefined) {
    if (p.json) p.js("link_netnsid", id);
    else if (id < 0) p.fp(" link-netnsid unknown");
    else {
      const name = o.nsName?.(id);
      p.fp(name ? ` link-netns ${name}` : ` link-netnsid ${id}`);
    }
  }
  const newId = l.attrs.newNetnsid;
  if (newId !== undefined) {
    const name = o.nsName?.(newId);
    p.fp(name ? ` new-netns ${name}` : ` new-netnsid ${newId}`);
  }
  if (l.attrs.newIfindex !== undefined) p.fp(` new-ifindex ${l.attrs.newIfindex}`);
  if (l.attrs.protoDown) p.any("proto_down", true, " protodown on ");
}

const ADDR_GEN_MODES = ["eui64", "none", "stable_secret", "random"];

/** The `-d` fields, in print_linkinfo's order. */
function printDetails(p: IpPrint, l: LinkMessage, doLink: boolean, linkOf?: LinkOf): void {
  const a = l.attrs;
  const uint = (key: string, word: string, v: number | undefined) => {
    if (v !== undefined) p.any(key, v, `${word} ${v} `);
  };
  if (a.promiscuity !== undefined) p.any("promiscuity", a.promiscuity, ` promiscuity ${a.promiscuity} `);
  if (a.allmulti !== undefined) p.any("allmulti", a.allmulti, ` allmulti ${a.allmulti} `);
  uint("min_mtu", "minmtu", a.minMtu);
  uint("max_mtu", "maxmtu", a.maxMtu);
  if (a.linkinfo) printLinkinfo(p, a.linkinfo, (index) => nameOf(index, linkOf));
  const mode = a.afSpec?.inet6?.addrGenMode;
  if (doLink && mode !== undefined) {
    const name = ADDR_GEN_MODES[mode] ?? `0x${mode.toString(16).padStart(2, "0")}`;
    p.any("inet6_addr_gen_mode", name, `addrgenmode ${name} `);
  }
  uint("num_tx_queues", "numtxqueues", a.numTxQueues);
  uint("num_rx_queues", "numrxqueues", a.numRxQueues);
  uint("gso_max_size", "gso_max_size", a.gsoMaxSize);
  uint("gso_max_segs", "gso_max_segs", a.gsoMaxSegs);
  uint("tso_max_size", "tso_max_size", a.tsoMaxSize);
  uint("tso_max_segs", "tso_max_segs", a.tsoMaxSegs);
  uint("gro_max_size", "gro_max_size", a.groMaxSize);
  const str = (key: string, word: string, v: string | undefined) => {
    if (v !== undefined) p.any(key, v, `${word} ${v} `);
  };
  str("phys_port_name", "portname", a.physPortName);
  str("phys_port_id", "portid", a.physPortId?.toString("hex"));
  str("phys_switch_id", "switchid", a.physSwitchId?.toString("hex"));
  str("parentbus", "parentbus", a.parentDevBusName);
  str("parentdev", "parentdev", a.parentDevName);
}

/** print_linkinfo_brief(): `NAME@LINK        STATE          MAC FLAGS` (MAC and flags only for ip link). */
function printBrief(p: IpPrint, l: LinkMessage, o: LinkPrintOptions): void {
  const mDown = printNameAndLink(p, l, (name) => `${name.padEnd(16)} `, o.linkOf);
  if (l.attrs.operstate !== undefined) printOperstate(p, l.attrs.operstate, true);
  if (o.family === "link") {
    if (l.attrs.address !== undefined) {
      const mac = linkAddrText(l.attrs.address, l.header.type);
      p.any("address", mac, `${mac} `, "mac");
    }
    printLinkFlags(p, l.header.flags, mDown);
    p.fp("\n");
  }
}

// ipaddress.c's link_events[], by IFLA_EVENT_* value (NONE is not printed).
const LINK_EVENTS = ["NONE", "REBOOT", "FEATURE CHANGE", "BONDING FAILOVER", "NOTIFY PEERS", "RESEND IGMP", "BONDING OPTION"];

/** print_link_event(): what a monitor's notification was for. */
function printEvent(p: IpPrint, event: number): void {
  const name = LINK_EVENTS[event];
  if (name === undefined) p.any("event", event, `event ${event} `);
  else if (event) p.any("event", name, `event ${name} `);
}

/** Everything print_linkinfo prints for one link, into `p` (text ends with a newline). */
export function printLink(p: IpPrint, l: LinkMessage, o: LinkPrintOptions = {}): void {
  const a = l.attrs;
  const doLink = o.doLink ?? true;
  const details = o.details ?? 0;
  if (o.deleted) p.any("deleted", true, "Deleted ");
  if (o.brief) {
    printBrief(p, l, o);
    return;
  }
  p.any("ifindex", l.header.index, `${l.header.index}: `);
  const mDown = printNameAndLink(p, l, (name) => `${name}: `, o.linkOf);
  printLinkFlags(p, l.header.flags, mDown);
  if (a.mtu !== undefined) p.any("mtu", a.mtu, `mtu ${a.mtu} `);
  if (a.qdisc !== undefined) p.any("qdisc", a.qdisc, `qdisc ${a.qdisc} `);
  if (a.master !== undefined) {
    const master = nameOf(a.master, o.linkOf);
    p.any("master", master, `master ${master} `);
  }
  if (a.operstate !== undefined) printOperstate(p, a.operstate, false);
  if (doLink && a.linkmode !== undefined) {
    if (a.linkmode > 1) p.any("linkmode_index", a.linkmode, `mode ${a.linkmode} `);
    else p.any("linkmode", a.linkmode ? "DORMANT" : "DEFAULT", `mode ${a.linkmode ? "DORMANT" : "DEFAULT"} `);
  }
  if (a.group !== undefined) {
    const group = groupName(a.group, p.mode.numeric);
    p.any("group", group, `group ${group} `);
  }
  if (a.txqlen) p.any("txqlen", a.txqlen, `qlen ${a.txqlen}`);
  if (a.event !== undefined) printEvent(p, a.event);
  if (!o.family || o.family === "link" || details) printLinkLayer(p, l);
  printNetnsids(p, l, o);
  if (details) printDetails(p, l, doLink, o.linkOf);
  if ((doLink || details) && a.ifalias !== undefined) {
    p.fp(`${p.sl}    `);
    p.any("ifalias", a.ifalias, `alias ${a.ifalias}`);
  }
  if (doLink && o.stats) printLinkStats(p, l, o.stats);
  if (doLink || details) printVfs(p, l, o.stats ?? 0);
  const altnames = a.propList?.altIfname;
  if (altnames) {
    p.openArray("altnames");
    for (const name of altnames) {
      p.fp(`${p.sl}    altname `);
      p.any(null, name, name);
    }
    p.close();
  }
  p.fp("\n");
}

/** ip's link statistics block (ip link -s, and ip address -s after the addresses). */
export function printLinkStats(p: IpPrint, l: LinkMessage, level: number): void {
  if (!l.attrs.stats64) return;
  p.nl();
  printStats64(p, l.attrs.stats64, l.attrs.carrierChanges, level);
}

/** The text `ip [-d] [-s] [-o] link show` prints for one link. */
export function linkText(l: LinkMessage, o: LinkPrintOptions & Omit<IpPrintMode, "json"> = {}): string {
  const p = new IpPrint({ ...o, json: false });
  printLink(p, l, o);
  return p.text;
}

/** The object `ip -j [-d] [-s] link show` prints for one link. */
export function linkObject(l: LinkMessage, o: LinkPrintOptions & { numeric?: boolean } = {}): Record<string, JsonValue> {
  const p = new IpPrint({ json: true, numeric: Boolean(o.numeric) });
  printLink(p, l, o);
  return p.root;
}
