// 802.1Q/802.1ad (ip/iplink_vlan.c): `type vlan id VID [protocol 802.1Q|802.1ad]`.
import { constants as C, VLAN_PROTOCOLS, type VlanOptions } from "@underlay/netlink";
import type { IpPrint } from "../render/ip-print.js";
import { printFlagList } from "../render/link-names.js";
import { int, into, protocol, UsageError } from "../words.js";
import { type CliKind, num } from "./kind.js";
import { readKindWords } from "./kind-words.js";

// include/uapi/linux/if_vlan.h's VLAN_FLAG_*, in vlan_print_flags()'s order.
const VLAN_FLAG_NAMES: [string, number][] = [
  ["REORDER_HDR", 0x1],
  ["GVRP", 0x2],
  ["MVRP", 0x8],
  ["LOOSE_BINDING", 0x4],
  ["BRIDGE_BINDING", 0x10],
];

/** ll_proto_n2a() for the protocols a VLAN can have. */
const vlanProtocolName = (p: number): string =>
  p === C.ETH_P_8021Q ? "802.1Q" : p === C.ETH_P_8021AD ? "802.1ad" : `0x${p.toString(16).padStart(4, "0")}`;

function printVlanFlags(p: IpPrint, raw: Buffer): void {
  let flags = raw.readUInt32LE(0);
  const names: string[] = [];
  for (const [name, bit] of VLAN_FLAG_NAMES)
    if (flags & bit) {
      names.push(name);
      flags &= ~bit;
    }
  if (flags) names.push(flags.toString(16));
  printFlagList(p, names);
}

export const vlan: CliKind = {
  name: "vlan",
  usage: "id VID [protocol 802.1Q|802.1ad]",
  parse: (w) => {
    const o: Partial<VlanOptions> = {};
    const handlers = { id: into(o, "id", int(0, 4094)), protocol: into(o, "protocol", protocol(VLAN_PROTOCOLS)) };
    readKindWords(w, "vlan", handlers, ["protocol", "id", "reorder_hdr", "gvrp", "mvrp", "loose_binding", "bridge_binding"]);
    if (o.id === undefined) throw new UsageError("link add: a vlan needs an id: type vlan id VID [protocol 802.1Q|802.1ad]");
    return { ...o, kind: "vlan", id: o.id };
  },
  print: (p, d) => {
    if (d.id === undefined) return;
    const proto = d.protocol === undefined ? "802.1q" : vlanProtocolName(num(d.protocol));
    p.any("protocol", proto, `protocol ${proto} `);
    p.any("id", num(d.id), `id ${d.id} `);
    if (Buffer.isBuffer(d.flags) && d.flags.length >= 8) printVlanFlags(p, d.flags);
  },
};
