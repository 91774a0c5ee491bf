// The fixed IPv6 header (RFC 8200) with no extension headers, and the upper-layer checksum over
// its pseudo-header (§8.1) that ICMPv6 uses. Pure: no I/O.
import { formatIp, parseIp } from "../wire/ipaddr.js";

export const IPV6_HLEN = 40;

export interface Ipv6Header {
  src: string;
  dst: string;
  nextHeader: number;
  hopLimit: number;
}

export function ipv6Bytes(ip: string): Buffer {
  const b = parseIp(ip);
  if (b.length !== 16) throw new TypeError(`not an IPv6 address: ${JSON.stringify(ip)}`);
  return b;
}

/** The RFC 1071 one's-complement sum of 16-bit words, folded; `initial` carries a previous sum. */
function onesComplementSum(b: Buffer, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum of an upper-layer message (its checksum field zero, or in place to verify: 0 = good). */
export function upperLayerChecksum(h: Pick<Ipv6Header, "src" | "dst" | "nextHeader">, message: Buffer): number {
  const pseudo = Buffer.alloc(40);
  ipv6Bytes(h.src).copy(pseudo, 0);
  ipv6Bytes(h.dst).copy(pseudo, 16);
  pseudo.writeUInt32BE(message.length, 32);
  pseudo[39] = h.nextHeader;
  return ~onesComplementSum(message, onesComplementSum(pseudo)) & 0xffff;
}

export function emitIpv6(h: Ipv6Header, payload: Buffer): Buffer {
  const out = Buffer.alloc(IPV6_HLEN + payload.length);
  out[0] = 0x60; // version 6, traffic class and flow label 0
  out.writeUInt16BE(payload.length, 4);
  out[6] = h.nextHeader;
  out[7] = h.hopLimit;
  ipv6Bytes(h.src).copy(out, 8);
  ipv6Bytes(h.dst).copy(out, 24);
  payload.copy(out, IPV6_HLEN);
  return out;
}

/** The header and payload (cut to the payload length: Ethernet may pad); undefined if not IPv6. */
export function parseIpv6(b: Buffer): { header: Ipv6Header; payload: Buffer } | undefined {
  if (b.length < IPV6_HLEN || (b[0] as number) >> 4 !== 6) return undefined;
  const length = b.readUInt16BE(4);
  if (b.length < IPV6_HLEN + length) return undefined;
  return {
    header: {
      src: formatIp(b.subarray(8, 24)),
      dst: formatIp(b.subarray(24, 40)),
      nextHeader: b[6] as number,
      hopLimit: b[7] as number,
    },
    payload: b.subarray(IPV6_HLEN, IPV6_HLEN + length),
  };
}
