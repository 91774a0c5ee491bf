// `underlay link|address|route show`: iproute2's JSON key names under -j, a table otherwise.
import {
  type AddrMessage,
  addrCidr,
  constants as C,
  IF_OPER_STATES,
  type LinkMessage,
  type RouteMessage,
  routeDst,
  vfsOf,
} from "@underlay/netlink";
import type { Command } from "commander";
import { type GlobalOptions, openHandle, printJson, printTable } from "../context.js";

const FLAG_NAMES: [number, string][] = [
  [C.IFF_BROADCAST, "BROADCAST"],
  [C.IFF_LOOPBACK, "LOOPBACK"],
  [C.IFF_POINTOPOINT, "POINTOPOINT"],
  [C.IFF_MULTICAST, "MULTICAST"],
  [C.IFF_NOARP, "NOARP"],
  [C.IFF_PROMISC, "PROMISC"],
  [C.IFF_MASTER, "MASTER"],
  [C.IFF_SLAVE, "SLAVE"],
  [C.IFF_UP, "UP"],
  [C.IFF_LOWER_UP, "LOWER_UP"],
];
const flagsOf = (f: number) => FLAG_NAMES.filter(([bit]) => f & bit).map(([, name]) => name);

/** A link as `ip -j [-d] link show` prints it. */
export function linkJson(l: LinkMessage, detailed: boolean): Record<string, unknown> {
  const a = l.attrs;
  const out: Record<string, unknown> = {
    ifindex: l.header.index,
    ifname: a.ifname,
    flags: flagsOf(l.header.flags),
    mtu: a.mtu,
    operstate: IF_OPER_STATES[a.operstate ?? 0] ?? `${a.operstate}`,
    address: a.address,
  };
  if (a.link !== undefined) out.link_index = a.link;
  if (a.master !== undefined) out.master_index = a.master;
  if (a.ifalias) out.ifalias = a.ifalias;
  if (detailed) {
    if (a.minMtu !== undefined) Object.assign(out, { min_mtu: a.minMtu, max_mtu: a.maxMtu });
    if (a.linkinfo?.kind)
      out.linkinfo = {
        info_kind: a.linkinfo.kind,
        ...(Buffer.isBuffer(a.linkinfo.data) || !a.linkinfo.data ? {} : { info_data: a.linkinfo.data }),
      };
    if (a.vfinfoList) out.vfinfo_list = vfsOf(l);
  }
  return out;
}

function addrJson(a: AddrMessage): Record<string, unknown> {
  return {
    ifindex: a.header.index,
    family: a.header.family === C.AF_INET6 ? "inet6" : "inet",
    local: a.attrs.local ?? a.attrs.address,
    prefixlen: a.header.prefixlen,
    label: a.attrs.label,
  };
}

function routeJson(r: RouteMessage): Record<string, unknown> {
  return {
    dst: routeDst(r),
    gateway: r.attrs.gateway,
    oif_index: r.attrs.oif,
    metric: r.attrs.priority,
    prefsrc: r.attrs.prefsrc,
  };
}

export function registerShow(program: Command, g: () => GlobalOptions): void {
  const link = program.command("link").description("network links (ip link)");
  link
    .command("show", { isDefault: true })
    .argument("[dev]", "one link, by name")
    .option("-d, --details", "kind, kind data and VFs")
    .description("list links, or show one")
    .addHelpText("after", "\nExamples:\n  underlay link show\n  underlay -j link show eth0 -d\n  underlay -n blue link")
    .action((dev: string | undefined, o: { details?: boolean }) => {
      const h = openHandle(g());
      const links = dev ? [h.linkGet(dev, { vf: Boolean(o.details) })] : h.linkList({ vf: Boolean(o.details) });
      h.close();
      if (g().json)
        return printJson(
          g(),
          links.map((l) => linkJson(l, Boolean(o.details))),
        );
      printTable(
        links.map((l) => [
          `${l.header.index}:`,
          l.attrs.ifname ?? "",
          `<${flagsOf(l.header.flags).join(",")}>`,
          `mtu ${l.attrs.mtu}`,
          l.attrs.address ?? "",
          l.attrs.linkinfo?.kind ?? "",
        ]),
      );
    });
  program
    .command("address")
    .alias("addr")
    .description("addresses (ip address show)")
    .option("--dev <dev>", "only this link")
    .addHelpText("after", "\nExamples:\n  underlay addr\n  underlay -j addr --dev eth0")
    .action((o: { dev?: string }) => {
      const h = openHandle(g());
      const addrs = h.addrList(o.dev ? { dev: o.dev } : {});
      h.close();
      if (g().json) return printJson(g(), addrs.map(addrJson));
      printTable(
        addrs.map((a) => [
          `${a.header.index}:`,
          a.header.family === C.AF_INET6 ? "inet6" : "inet",
          addrCidr(a),
          a.attrs.label ?? "",
        ]),
      );
    });
  program
    .command("route")
    .description("routes of the main table (ip route show)")
    .addHelpText("after", "\nExamples:\n  underlay route\n  underlay -j -n blue route")
    .action(() => {
      const h = openHandle(g());
      const routes = h.routeList();
      h.close();
      if (g().json) return printJson(g(), routes.map(routeJson));
      printTable(routes.map((r) => [routeDst(r), r.attrs.gateway ? `via ${r.attrs.gateway}` : "", `oif ${r.attrs.oif ?? ""}`]));
    });
}
