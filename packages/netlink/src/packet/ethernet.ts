// Ethernet II framing for frames sent and read on AF_PACKET SOCK_RAW sockets, where the frame
// starts at the destination MAC. Untagged only: the kernel hands a packet socket bound to one
// EtherType its frames with any VLAN tag already taken off (and those of VLANs it does not
// serve marked PACKET_OTHERHOST). Pure: no I/O.
import { ETH_ALEN, ETH_HLEN } from "../rtnl/constants.js";
import { hwaddr, parseHwaddr } from "../wire/codecs.js";

export const BROADCAST_MAC = "ff:ff:ff:ff:ff:ff";
export const ZERO_MAC = "00:00:00:00:00:00";

export interface EthernetHeader {
  dst: string;
  src: string;
  ethertype: number;
}

/** Six bytes of a MAC, refusing anything that is not one (a link-layer address of another length). */
export function macBytes(mac: string): Buffer {
  const b = parseHwaddr(mac);
  if (b.length !== ETH_ALEN) throw new TypeError(`not an Ethernet MAC address: ${JSON.stringify(mac)}`);
  return b;
}

export const formatMac = (b: Buffer, start = 0): string => hwaddr.decode(b, start, start + ETH_ALEN);

export function emitEthernet(h: EthernetHeader, payload: Buffer): Buffer {
  const out = Buffer.alloc(ETH_HLEN + payload.length);
  macBytes(h.dst).copy(out, 0);
  macBytes(h.src).copy(out, ETH_ALEN);
  out.writeUInt16BE(h.ethertype, 12);
  payload.copy(out, ETH_HLEN);
  return out;
}

/** The header and payload of a frame; undefined when it is too short to be one. */
export function parseEthernet(frame: Buffer): { header: EthernetHeader; payload: Buffer } | undefined {
  if (frame.length < ETH_HLEN) return undefined;
  const header = { dst: formatMac(frame, 0), src: formatMac(frame, ETH_ALEN), ethertype: frame.readUInt16BE(12) };
  return { header, payload: frame.subarray(ETH_HLEN) };
}
