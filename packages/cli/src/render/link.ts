// Links as `ip -j -d link show` prints them (iproute2's key names), and as table rows.
import { constants as C, IF_OPER_STATES, type LinkMessage, type Vf, type VfInfoAttrs, vfsOf } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";
import { IFF_NAMES, namesOf } from "./flags.js";
import { infoDataJson } from "./linkinfo.js";

export const flagsOf = (f: number): string[] => namesOf(f, IFF_NAMES);

/** ip's flag list: NO-CARRIER when up without carrier, M-DOWN when the parent (or peer) is down. */
function ipFlags(l: LinkMessage, parent: LinkMessage | undefined): string[] {
  const f = l.header.flags;
  const noCarrier = f & C.IFF_UP && !(f & C.IFF_RUNNING) ? ["NO-CARRIER"] : [];
  const mDown = parent && !(parent.header.flags & C.IFF_UP) ? ["M-DOWN"] : [];
  return [...noCarrier, ...flagsOf(f), ...mDown];
}

/** IFLA_VF_VLAN_LIST as ip prints it: vlan and qos when set, 802.1ad when it is that, `{}` for none. */
function vlanListJson(v: Vf, raw: VfInfoAttrs | undefined): Record<string, unknown>[] | undefined {
  const list = raw?.vlanList?.info ?? (v.vlan ? [{ vlan: v.vlan, qos: v.qos, vlanProto: C.ETH_P_8021Q }] : undefined);
  return list?.map((e) => ({
    ...(e.vlan ? { vlan: e.vlan } : {}),
    ...(e.qos ? { qos: e.qos } : {}),
    // ip names the protocol only when it is not the default 802.1Q.
    ...(e.vlan && e.vlanProto === C.ETH_P_8021AD ? { protocol: "802.1ad" } : {}),
  }));
}

/** One VF as iproute2's JSON has it in vfinfo_list (`raw`: its IFLA_VF_INFO, for what Vf leaves out). */
export function vfJson(v: Vf, raw?: VfInfoAttrs): Record<string, unknown> {
  const out: Record<string, unknown> = { vf: v.vf, link_type: "ether", address: v.mac };
  if (v.broadcast) out.broadcast = v.broadcast;
  const vlans = vlanListJson(v, raw);
  if (vlans) out.vlan_list = vlans;
  if (raw?.txRate?.rate) out.tx_rate = raw.txRate.rate;
  out.rate = { max_tx: v.maxTxRate, min_tx: v.minTxRate };
  if (v.spoofchk !== undefined) out.spoofchk = v.spoofchk;
  out.link_state = v.linkState;
  if (v.trust !== undefined) out.trust = v.trust;
  if (v.rssQueryEn !== undefined) out.query_rss_en = v.rssQueryEn;
  if (v.nodeGuid) out.node_guid = v.nodeGuid;
  if (v.portGuid) out.port_guid = v.portGuid;
  return out;
}

/** The VF table of a PF link, as ip's vfinfo_list. */
export function vfinfoListJson(l: LinkMessage): Record<string, unknown>[] {
  const raw = l.attrs.vfinfoList?.info ?? [];
  return vfsOf(l).map((v, i) => vfJson(v, raw[i]));
}

const LINK_TYPES: Record<number, string> = {
  [C.ARPHRD_ETHER]: "ether",
  [C.ARPHRD_LOOPBACK]: "loopback",
  [C.ARPHRD_INFINIBAND]: "infiniband",
};

/** ifindex -> link in the same netns, for `"link": "vb"` and M-DOWN as ip prints a parent or peer. */
export type LinkOf = (index: number) => LinkMessage | undefined;

/** A link as `ip -j [-d] link show` prints it, in ip's key order. */
export function linkJson(l: LinkMessage, detailed: boolean, vfs = detailed, linkOf?: LinkOf): Record<string, unknown> {
  const a = l.attrs;
  const out: Record<string, unknown> = { ifindex: l.header.index };
  // The parent (or veth peer): by name when it is in this netns, else by index (and netnsid).
  const parent = a.link !== undefined && a.linkNetnsid === undefined ? linkOf?.(a.link) : undefined;
  if (parent?.attrs.ifname) out.link = parent.attrs.ifname;
  else if (a.link !== undefined) out.link_index = a.link;
  if (a.linkNetnsid !== undefined) out.link_netnsid = a.linkNetnsid;
  Object.assign(out, {
    ifname: a.ifname,
    flags: ipFlags(l, parent),
    mtu: a.mtu,
    qdisc: a.qdisc,
    operstate: IF_OPER_STATES[a.operstate ?? 0] ?? `${a.operstate}`,
    linkmode: a.linkmode === 1 ? "DORMANT" : "DEFAULT",
    group: a.group ? `${a.group}` : "default",
    txqlen: a.txqlen,
    link_type: LINK_TYPES[l.header.type] ?? `${l.header.type}`,
    address: a.address,
    broadcast: a.broadcast,
  });
  if (a.master !== undefined) out.master = linkOf?.(a.master)?.attrs.ifname ?? a.master;
  if (a.ifalias) out.ifalias = a.ifalias;
  if (detailed) {
    if (a.minMtu !== undefined) Object.assign(out, { min_mtu: a.minMtu, max_mtu: a.maxMtu });
    if (a.linkinfo?.kind)
      out.linkinfo = {
        info_kind: a.linkinfo.kind,
        ...(Buffer.isBuffer(a.linkinfo.data) || !a.linkinfo.data
          ? {}
          : { info_data: infoDataJson(a.linkinfo.kind, a.linkinfo.data) }),
      };
  }
  if (vfs && a.vfinfoList) out.vfinfo_list = vfinfoListJson(l);
  return out;
}

export function linkRow(l: LinkMessage): Cell[] {
  const up = (l.header.flags & C.IFF_UP) !== 0;
  const state = IF_OPER_STATES[l.attrs.operstate ?? 0] ?? "";
  return [
    `${l.header.index}:`,
    styled(l.attrs.ifname ?? "", STYLE.ifname),
    `<${flagsOf(l.header.flags).join(",")}>`,
    `mtu ${l.attrs.mtu}`,
    styled(state, up ? STYLE.up : STYLE.down),
    styled(l.attrs.address ?? "", STYLE.mac),
    l.attrs.linkinfo?.kind ?? "",
  ];
}

/** What `ip -d link show` adds under a link: the kind and its data, and the MTU range. */
export function detailLines(l: LinkMessage): string[] {
  const { linkinfo, minMtu, maxMtu } = l.attrs;
  const data =
    linkinfo?.kind && linkinfo.data && !Buffer.isBuffer(linkinfo.data) ? infoDataJson(linkinfo.kind, linkinfo.data) : {};
  const words = Object.entries(data).map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : v}`);
  const lines = linkinfo?.kind ? [[linkinfo.kind, ...words].join(" ")] : [];
  if (minMtu !== undefined) lines.push(`minmtu ${minMtu} maxmtu ${maxMtu}`);
  return lines;
}

/** The `vf N …` lines ip prints under a PF. */
export function vfLine(v: Vf): string {
  const parts = [`vf ${v.vf}`, `link/ether ${v.mac}`];
  if (v.vlan)
    parts.push(`vlan ${v.vlan}${v.qos ? `, qos ${v.qos}` : ""}${v.vlanProto === "802.1ad" ? ", vlan protocol 802.1ad" : ""}`);
  if (v.maxTxRate || v.minTxRate) parts.push(`max_tx_rate ${v.maxTxRate}Mbps, min_tx_rate ${v.minTxRate}Mbps`);
  if (v.spoofchk !== undefined) parts.push(`spoof checking ${v.spoofchk ? "on" : "off"}`);
  parts.push(`link-state ${v.linkState}`);
  if (v.trust !== undefined) parts.push(`trust ${v.trust ? "on" : "off"}`);
  return parts.join(", ").replace(/^(vf \d+), /, "$1 ");
}
