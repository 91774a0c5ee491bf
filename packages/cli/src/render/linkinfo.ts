// IFLA_LINKINFO as `ip -d link show` prints it (print_linktype and each kind's print_opt in
// iproute2's ip/iplink_*.c): the `    KIND ` line and its data, then `    KIND_slave ` and the
// port's data. One printer per kind writes text and JSON (info_data) alike.
import { constants as C, type LinkInfo } from "@underlay/netlink";
import type { IpPrint } from "./ip-print.js";
import { printFlagList } from "./link-names.js";
import { bridgePrinter, bridgeSlavePrinter } from "./linkinfo-bridge.js";

type Data = Record<string, unknown>;
/** A kind's print_opt: its IFLA_INFO_DATA (decoded; raw bytes for a port's data), printed as ip prints it. */
export type KindPrinter = (p: IpPrint, d: Data) => void;

const MACVLAN_MODE_NAMES: Record<number, string> = {
  [C.MACVLAN_MODE_PRIVATE]: "private",
  [C.MACVLAN_MODE_VEPA]: "vepa",
  [C.MACVLAN_MODE_BRIDGE]: "bridge",
  [C.MACVLAN_MODE_PASSTHRU]: "passthru",
  [C.MACVLAN_MODE_SOURCE]: "source",
};
const IPVLAN_MODE_NAMES = ["l2", "l3", "l3s"];
// include/uapi/linux/if_vlan.h's VLAN_FLAG_*, in vlan_print_flags()'s order.
const VLAN_FLAG_NAMES: [string, number][] = [
  ["REORDER_HDR", 0x1],
  ["GVRP", 0x2],
  ["MVRP", 0x8],
  ["LOOSE_BINDING", 0x4],
  ["BRIDGE_BINDING", 0x10],
];

/** ll_proto_n2a() for the protocols a VLAN can have. */
export const vlanProtocolName = (p: number): string =>
  p === C.ETH_P_8021Q ? "802.1Q" : p === C.ETH_P_8021AD ? "802.1ad" : `0x${p.toString(16).padStart(4, "0")}`;

const num = (v: unknown): number => Number(v ?? 0);

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

const PRINTERS: Record<string, KindPrinter> = {
  macvlan: (p, d) => {
    if (d.mode === undefined) return;
    const mode = MACVLAN_MODE_NAMES[num(d.mode)] ?? "unknown";
    p.any("mode", mode, `mode ${mode} `);
    const flags = num(d.flags);
    if (flags & C.MACVLAN_FLAG_NOPROMISC) p.any("nopromisc", true, "nopromisc ");
    if (flags & 2) p.any("nodst", true, "nodst "); // MACVLAN_FLAG_NODST
    if (d.bcQueueLen !== undefined) p.any("bcqueuelen", num(d.bcQueueLen), `bcqueuelen ${d.bcQueueLen} `);
    if (d.bcQueueLenUsed !== undefined) p.any("usedbcqueuelen", num(d.bcQueueLenUsed), `usedbcqueuelen ${d.bcQueueLenUsed} `);
    if (mode === "source" && d.macaddrCount !== undefined)
      p.any("macaddr_count", num(d.macaddrCount), `remotes (${d.macaddrCount}) `);
  },
  ipvlan: (p, d) => {
    if (d.mode !== undefined) {
      const mode = IPVLAN_MODE_NAMES[num(d.mode)] ?? "unknown";
      p.any("mode", mode, ` mode ${mode} `);
    }
    if (d.flags !== undefined) {
      const f = num(d.flags);
      const name = f & C.IPVLAN_F_PRIVATE ? "private" : f & C.IPVLAN_F_VEPA ? "vepa" : "bridge";
      p.any(name, true, `${name} `);
    }
  },
  vlan: (p, d) => {
    if (d.id === undefined) return;
    const proto = d.protocol === undefined ? "802.1q" : vlanProtocolName(num(d.protocol));
    p.any("protocol", proto, `protocol ${proto} `);
    p.any("id", num(d.id), `id ${d.id} `);
    if (Buffer.isBuffer(d.flags) && d.flags.length >= 8) printVlanFlags(p, d.flags);
  },
  bridge: bridgePrinter,
  bridge_slave: bridgeSlavePrinter,
};

/** ip's link_util table has an entry (with print_opt) for these kinds; veth and dummy have none. */
const printerOf = (kind: string): KindPrinter | undefined => (Object.hasOwn(PRINTERS, kind) ? PRINTERS[kind] : undefined);

/** print_linktype(): the kind line (and the port line of an enslaved link), linkinfo in JSON. */
export function printLinkinfo(p: IpPrint, info: LinkInfo): void {
  p.open("linkinfo");
  if (info.kind) {
    p.nl();
    p.any("info_kind", info.kind, `    ${info.kind} `);
    const printer = printerOf(info.kind);
    if (printer) {
      p.open("info_data");
      if (info.data && !Buffer.isBuffer(info.data)) printer(p, info.data);
      p.close();
    }
  }
  if (info.slaveKind) {
    p.nl();
    p.any("info_slave_kind", info.slaveKind, `    ${info.slaveKind}_slave `);
    const printer = printerOf(`${info.slaveKind}_slave`);
    if (printer) {
      p.open("info_slave_data");
      if (info.slaveData) printer(p, info.slaveData as unknown as Data);
      p.close();
    }
  }
  p.close();
}
