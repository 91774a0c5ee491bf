// A PF's VFs as `ip link show` prints them (ipaddress.c's print_vfinfo): one `vf N` line each in
// text, vfinfo_list in JSON, and with -s each VF's counters.
import { constants as C, type LinkMessage, type Vf, type VfInfoAttrs, vfsOf } from "@underlay/netlink";
import { IpPrint, type JsonValue, u64 } from "./ip-print.js";
import { linkTypeName } from "./link-names.js";

function printVlans(p: IpPrint, v: Vf, raw: VfInfoAttrs | undefined): void {
  const list = raw?.vlanList?.info;
  if (!list) {
    if (v.vlan) p.any("vlan", v.vlan, `, vlan ${v.vlan}`);
    if (v.qos) p.any("qos", v.qos, `, qos ${v.qos}`);
    return;
  }
  p.openArray("vlan_list");
  for (const e of list) {
    p.open(null);
    if (e.vlan) p.any("vlan", e.vlan, `, vlan ${e.vlan}`);
    if (e.qos) p.any("qos", e.qos, `, qos ${e.qos}`);
    // ip names the protocol only when it is not the default 802.1Q.
    if (e.vlanProto && e.vlanProto !== C.ETH_P_8021Q) {
      const name = e.vlanProto === C.ETH_P_8021AD ? "802.1ad" : `0x${e.vlanProto.toString(16).padStart(4, "0")}`;
      p.any("protocol", name, `, vlan protocol ${name}`);
    }
    p.close();
  }
  p.close();
}

function printVfStats(p: IpPrint, s: NonNullable<VfInfoAttrs["stats"]>): void {
  if (p.json) {
    p.open("stats");
    p.open("rx");
    p.js("bytes", u64(s.rxBytes));
    p.js("packets", u64(s.rxPackets));
    p.js("multicast", u64(s.multicast));
    p.js("broadcast", u64(s.broadcast));
    if (s.rxDropped !== undefined) p.js("dropped", u64(s.rxDropped));
    p.close();
    p.open("tx");
    p.js("tx_bytes", u64(s.txBytes));
    p.js("tx_packets", u64(s.txPackets));
    if (s.txDropped !== undefined) p.js("dropped", u64(s.txDropped));
    p.close();
    p.close();
    return;
  }
  const num = (w: number, v: bigint | undefined) => `${`${u64(v)}`.padStart(w)} `;
  const rxDrop = s.rxDropped !== undefined;
  const txDrop = s.txDropped !== undefined;
  p.fp(`${p.sl}    RX: bytes  packets  mcast   bcast ${rxDrop ? "  dropped " : ""}${p.sl}    `);
  p.fp(num(10, s.rxBytes) + num(8, s.rxPackets) + num(7, s.multicast) + num(7, s.broadcast));
  if (rxDrop) p.fp(num(8, s.rxDropped));
  p.fp(`${p.sl}    TX: bytes  packets ${txDrop ? "  dropped " : ""}${p.sl}    `);
  p.fp(num(10, s.txBytes) + num(8, s.txPackets));
  if (txDrop) p.fp(num(8, s.txDropped));
}

/** One VF (print_vfinfo). `raw` is its IFLA_VF_INFO, for what Vf leaves out. */
export function printVf(p: IpPrint, l: LinkMessage, v: Vf, raw: VfInfoAttrs | undefined, stats: number): void {
  p.fp(`${p.sl}    `);
  p.any("vf", v.vf, `vf ${v.vf} `);
  const typeName = linkTypeName(l.header.type, p.mode.numeric);
  p.any("link_type", typeName, `    link/${typeName} `);
  p.any("address", v.mac, v.mac, "mac");
  if (v.broadcast) {
    if (l.header.flags & C.IFF_POINTOPOINT) {
      p.fp(" peer ");
      p.js("link_pointtopoint", true);
    } else p.fp(" brd ");
    p.any("broadcast", v.broadcast, v.broadcast, "mac");
  }
  printVlans(p, v, raw);
  if (raw?.txRate?.rate) p.any("tx_rate", raw.txRate.rate, `, tx rate ${raw.txRate.rate} (Mbps)`);
  if (raw?.rate) {
    p.open("rate");
    p.js("max_tx", v.maxTxRate);
    p.js("min_tx", v.minTxRate);
    p.close();
    if (v.maxTxRate) p.fp(`, max_tx_rate ${v.maxTxRate}Mbps`);
    if (v.minTxRate) p.fp(`, min_tx_rate ${v.minTxRate}Mbps`);
  }
  const onOff = (key: string, text: string, on: boolean | undefined) => {
    if (on !== undefined) p.any(key, on, `, ${text} ${on ? "on" : "off"}`);
  };
  onOff("spoofchk", "spoof checking", v.spoofchk);
  if (v.nodeGuid) p.any("node guid", v.nodeGuid, `, NODE_GUID ${v.nodeGuid}`);
  if (v.portGuid) p.any("port guid", v.portGuid, `, PORT_GUID ${v.portGuid}`);
  if (raw?.linkState) p.any("link_state", v.linkState, `, link-state ${v.linkState}`);
  onOff("trust", "trust", v.trust);
  onOff("query_rss_en", "query_rss", v.rssQueryEn);
  if (raw?.stats && stats) printVfStats(p, raw.stats);
}

/** The VFs of a PF (vfinfo_list), when it reports them. */
export function printVfs(p: IpPrint, l: LinkMessage, stats: number): void {
  if (!l.attrs.vfinfoList || l.attrs.numVf === undefined) return;
  const raw = l.attrs.vfinfoList.info ?? [];
  p.openArray("vfinfo_list");
  for (const [i, v] of vfsOf(l).entries()) {
    p.open(null);
    printVf(p, l, v, raw[i], stats);
    p.close();
  }
  p.close();
}

/** The VF table of a PF link, as ip's vfinfo_list. */
export function vfinfoListJson(l: LinkMessage): Record<string, JsonValue>[] {
  const p = new IpPrint({ json: true });
  printVfs(p, l, 0);
  return (p.root.vfinfo_list ?? []) as Record<string, JsonValue>[];
}
