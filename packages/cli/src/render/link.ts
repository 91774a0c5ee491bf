// Links as `ip -j -d link show` prints them (iproute2's key names), and as table rows.
import { constants as C, IF_OPER_STATES, type LinkMessage, type Vf, vfsOf } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";
import { infoDataJson } from "./linkinfo.js";

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
export const flagsOf = (f: number): string[] => FLAG_NAMES.filter(([bit]) => f & bit).map(([, name]) => name);

/** One VF as iproute2's JSON has it in vfinfo_list. */
export function vfJson(v: Vf): Record<string, unknown> {
  const out: Record<string, unknown> = { vf: v.vf, address: v.mac };
  if (v.vlan) out.vlan_list = [{ vlan: v.vlan, qos: v.qos, protocol: v.vlanProto }];
  out.rate = { max_tx: v.maxTxRate, min_tx: v.minTxRate };
  if (v.spoofchk !== undefined) out.spoofchk = v.spoofchk;
  out.link_state = v.linkState;
  if (v.trust !== undefined) out.trust = v.trust;
  if (v.rssQueryEn !== undefined) out.query_rss_en = v.rssQueryEn;
  if (v.nodeGuid) out.node_guid = v.nodeGuid;
  if (v.portGuid) out.port_guid = v.portGuid;
  return out;
}

/** A link as `ip -j [-d] link show` prints it. */
export function linkJson(l: LinkMessage, detailed: boolean, vfs = detailed): Record<string, unknown> {
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
  if (a.txqlen !== undefined) out.txqlen = a.txqlen;
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
  if (vfs && a.vfinfoList) out.vfinfo_list = vfsOf(l).map(vfJson);
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

/** The `vf N …` lines ip prints under a PF. */
export function vfLine(v: Vf): string {
  const parts = [`vf ${v.vf}`, `link/ether ${v.mac}`];
  if (v.vlan) parts.push(`vlan ${v.vlan}${v.qos ? `, qos ${v.qos}` : ""}, vlan protocol ${v.vlanProto}`);
  if (v.maxTxRate || v.minTxRate) parts.push(`max_tx_rate ${v.maxTxRate}Mbps, min_tx_rate ${v.minTxRate}Mbps`);
  if (v.spoofchk !== undefined) parts.push(`spoof checking ${v.spoofchk ? "on" : "off"}`);
  parts.push(`link-state ${v.linkState}`);
  if (v.trust !== undefined) parts.push(`trust ${v.trust ? "on" : "off"}`);
  return `    ${parts.join(", ").replace(/^(vf \d+), /, "$1 ")}`;
}
