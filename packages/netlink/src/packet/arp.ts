// ARP for IPv4 over Ethernet (RFC 826), and the two RFC 5227 uses the driver makes of it: the
// probe (is anyone using this address?) and the announcement (this address is now at this MAC).
// Pure: builds and parses the 28-byte packet that follows the Ethernet header.

import { ARPHRD_ETHER, ARPOP_REQUEST, ETH_ALEN, ETH_P_ARP, ETH_P_IP } from "../rtnl/constants.js";
import { formatIp, parseIp } from "../wire/ipaddr.js";
import { BROADCAST_MAC, emitEthernet, formatMac, macBytes, ZERO_MAC } from "./ethernet.js";

export const ARP_LEN = 28;

export interface ArpPacket {
  op: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

function ipv4Bytes(ip: string): Buffer {
  const b = parseIp(ip);
  if (b.length !== 4) throw new TypeError(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return b;
}

export function emitArp(p: ArpPacket): Buffer {
  const out = Buffer.alloc(ARP_LEN);
  out.writeUInt16BE(ARPHRD_ETHER, 0);
  out.writeUInt16BE(ETH_P_IP, 2);
  out[4] = ETH_ALEN;
  out[5] = 4;
  out.writeUInt16BE(p.op, 6);
  macBytes(p.senderMac).copy(out, 8);
  ipv4Bytes(p.senderIp).copy(out, 14);
  macBytes(p.targetMac).copy(out, 18);
  ipv4Bytes(p.targetIp).copy(out, 24);
  return out;
}

/** An Ethernet/IPv4 ARP packet (trailing padding ignored); undefined for anything else. */
export function parseArp(b: Buffer): ArpPacket | undefined {
  if (b.length < ARP_LEN || b.readUInt16BE(0) !== ARPHRD_ETHER || b.readUInt16BE(2) !== ETH_P_IP) return undefined;
  if (b[4] !== ETH_ALEN || b[5] !== 4) return undefined;
  return {
    op: b.readUInt16BE(6),
    senderMac: formatMac(b, 8),
    senderIp: formatIp(b.subarray(14, 18)),
    targetMac: formatMac(b, 18),
    targetIp: formatIp(b.subarray(24, 28)),
  };
}

/** A broadcast ARP request from `mac`, as both RFC 5227 messages are. */
function broadcastRequest(senderIp: string, targetIp: string, mac: string): Buffer {
  const arp = emitArp({ op: ARPOP_REQUEST, senderMac: mac, senderIp, targetMac: ZERO_MAC, targetIp });
  return emitEthernet({ dst: BROADCAST_MAC, src: mac, ethertype: ETH_P_ARP }, arp);
}

/**
 * RFC 5227 §3 announcement (a "gratuitous ARP"): sender and target IP are both the address, as
 * Linux's arping -U and moby send; peers holding an entry for the address take the new MAC
 * (Linux overrides even a recently updated entry for one).
 */
export const arpAnnouncementFrame = (ip: string, mac: string): Buffer => broadcastRequest(ip, ip, mac);

/**
 * RFC 5227 §2.1.1 probe: sender IP 0.0.0.0, so that no peer learns anything from it; a host
 * that owns the address replies to the sender MAC.
 */
export const arpProbeFrame = (ip: string, mac: string): Buffer => broadcastRequest("0.0.0.0", ip, mac);
