// IPv6 Neighbor Discovery (RFC 4861) neighbour solicitations and advertisements over Ethernet,
// and the two uses the driver makes of them: the DAD probe (RFC 4862 §5.4.2: is anyone using
// this address?) and the unsolicited advertisement (§7.2.6: this address is now at this MAC).
// Pure: builds and parses the IPv6 packet that follows the Ethernet header, checksum included.

import {
  ETH_ALEN,
  ETH_P_IPV6,
  IPPROTO_ICMPV6,
  ND_OPT_SOURCE_LL_ADDR,
  ND_OPT_TARGET_LL_ADDR,
  NDISC_NEIGHBOUR_ADVERTISEMENT,
  NDISC_NEIGHBOUR_SOLICITATION,
} from "../rtnl/constants.js";
import { formatIp } from "../wire/ipaddr.js";
import { emitEthernet, formatMac, macBytes } from "./ethernet.js";
import { emitIpv6, ipv6Bytes, parseIpv6, upperLayerChecksum } from "./ipv6.js";

/** Every ND message travels with hop limit 255: a receiver drops any other (it was routed). */
export const NDISC_HOP_LIMIT = 255;
export const ALL_NODES = "ff02::1";
export const UNSPECIFIED = "::";

export interface NdpMessage {
  type: typeof NDISC_NEIGHBOUR_SOLICITATION | typeof NDISC_NEIGHBOUR_ADVERTISEMENT;
  src: string;
  dst: string;
  hopLimit: number;
  target: string;
  /** NA only: the R, S and O flags. */
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  /** The source / target link-layer address options (Ethernet only). */
  sourceMac?: string;
  targetMac?: string;
}

const BASE_LEN = 24; // type, code, checksum, flags/reserved, target

/** The IPv6 packet: header, then the ICMPv6 message with its checksum. */
export function emitNdp(m: NdpMessage): Buffer {
  const options = [
    [ND_OPT_SOURCE_LL_ADDR, m.sourceMac],
    [ND_OPT_TARGET_LL_ADDR, m.targetMac],
  ] as const;
  const present = options.filter(([, mac]) => mac !== undefined);
  const icmp = Buffer.alloc(BASE_LEN + present.length * 8);
  icmp[0] = m.type;
  if (m.type === NDISC_NEIGHBOUR_ADVERTISEMENT)
    icmp[4] = (m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0);
  ipv6Bytes(m.target).copy(icmp, 8);
  for (const [i, [type, mac]] of present.entries()) {
    icmp[BASE_LEN + i * 8] = type;
    icmp[BASE_LEN + i * 8 + 1] = 1; // in units of 8 octets
    macBytes(mac as string).copy(icmp, BASE_LEN + i * 8 + 2);
  }
  const header = { src: m.src, dst: m.dst, nextHeader: IPPROTO_ICMPV6, hopLimit: m.hopLimit };
  icmp.writeUInt16BE(upperLayerChecksum(header, icmp), 2);
  return emitIpv6(header, icmp);
}

/** An NS or NA with a good checksum (Ethernet padding ignored); undefined for anything else. */
export function parseNdp(b: Buffer): NdpMessage | undefined {
  const ip = parseIpv6(b);
  if (!ip || ip.header.nextHeader !== IPPROTO_ICMPV6) return undefined;
  const icmp = ip.payload;
  const type = icmp[0];
  if (icmp.length < BASE_LEN || icmp[1] !== 0) return undefined;
  if (type !== NDISC_NEIGHBOUR_SOLICITATION && type !== NDISC_NEIGHBOUR_ADVERTISEMENT) return undefined;
  if (upperLayerChecksum(ip.header, icmp) !== 0) return undefined;
  const m: NdpMessage = {
    type,
    src: ip.header.src,
    dst: ip.header.dst,
    hopLimit: ip.header.hopLimit,
    target: formatIp(icmp.subarray(8, 24)),
  };
  if (type === NDISC_NEIGHBOUR_ADVERTISEMENT) {
    const flags = icmp[4] as number;
    Object.assign(m, { router: (flags & 0x80) !== 0, solicited: (flags & 0x40) !== 0, override: (flags & 0x20) !== 0 });
  }
  for (let at = BASE_LEN; at + 2 <= icmp.length; ) {
    const len = (icmp[at + 1] as number) * 8;
    if (len === 0 || at + len > icmp.length) return undefined; // RFC 4861 §4.6: a zero length is invalid
    if (len >= 2 + ETH_ALEN && icmp[at] === ND_OPT_SOURCE_LL_ADDR) m.sourceMac = formatMac(icmp, at + 2);
    if (len >= 2 + ETH_ALEN && icmp[at] === ND_OPT_TARGET_LL_ADDR) m.targetMac = formatMac(icmp, at + 2);
    at += len;
  }
  return m;
}

/** ff02::1:ffXX:XXXX, the group a node joins for each of its addresses (RFC 4291 §2.7.1). */
export function solicitedNodeAddress(ip: string): string {
  const b = ipv6Bytes("ff02::1:ff00:0");
  ipv6Bytes(ip).copy(b, 13, 13, 16);
  return formatIp(b);
}

/** 33:33 and the group's low 32 bits (RFC 2464 §7). */
export function ipv6MulticastMac(group: string): string {
  return formatMac(Buffer.concat([Buffer.from([0x33, 0x33]), ipv6Bytes(group).subarray(12, 16)]));
}

const frame = (m: NdpMessage, mac: string) =>
  emitEthernet({ dst: ipv6MulticastMac(m.dst), src: mac, ethertype: ETH_P_IPV6 }, emitNdp(m));

/**
 * Unsolicited NA (RFC 4861 §7.2.6) to all nodes: override set, so peers replace the MAC they
 * hold for the address; solicited clear, as a multicast NA must have it; the target's MAC in the
 * target link-layer address option. Sent from the address itself.
 */
export function unsolicitedNaFrame(ip: string, mac: string): Buffer {
  const na: NdpMessage = {
    type: NDISC_NEIGHBOUR_ADVERTISEMENT,
    src: ip,
    dst: ALL_NODES,
    hopLimit: NDISC_HOP_LIMIT,
    target: ip,
    override: true,
    targetMac: mac,
  };
  return frame(na, mac);
}

/**
 * DAD probe (RFC 4862 §5.4.2): an NS from :: to the address's solicited-node group, without a
 * source link-layer option (forbidden from ::). An owner answers with an NA to all nodes.
 */
export function dadProbeFrame(ip: string, mac: string): Buffer {
  const ns: NdpMessage = {
    type: NDISC_NEIGHBOUR_SOLICITATION,
    src: UNSPECIFIED,
    dst: solicitedNodeAddress(ip),
    hopLimit: NDISC_HOP_LIMIT,
    target: ip,
  };
  return frame(ns, mac);
}
