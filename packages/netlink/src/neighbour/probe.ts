// Is an address already in use on the segment? An RFC 5227 ARP probe (sender IP 0.0.0.0) for an
// IPv4 address, an RFC 4862 DAD neighbour solicitation (from ::, to the solicited-node group) for
// an IPv6 one, sent on an interface; whoever owns the address answers (an ARP reply to our MAC, an
// NA to all nodes), and its MAC is returned. Nothing answering within the wait: undefined. The
// wait is asynchronous (the socket is non-blocking and read as libuv reports it readable).
import { isIPv6 } from "node:net";
import { arpProbeFrame, parseArp } from "../packet/arp.js";
import { parseEthernet } from "../packet/ethernet.js";
import { ALL_NODES, dadProbeFrame, ipv6MulticastMac, parseNdp } from "../packet/ndp.js";
import { ETH_P_ARP, ETH_P_IPV6, NDISC_NEIGHBOUR_ADVERTISEMENT } from "../rtnl/constants.js";
import type { NetnsRef } from "../transport/netns.js";
import { PacketSocket } from "../transport/packet-socket.js";
import { formatIp, parseIp } from "../wire/ipaddr.js";
import { bareAddress } from "./announce.js";

/** On a LAN an owner answers within a millisecond; this leaves room for a loaded host or switch. */
export const DEFAULT_PROBE_TIMEOUT_MS = 150;

export interface ProbeOptions {
  /** The interface's netns; default the current one. */
  netns?: NetnsRef;
  ifname?: string;
  ifindex?: number;
  /** The IPv4 or IPv6 address to probe for, bare or as CIDR. */
  address: string;
  /** How long to wait for an answer (default DEFAULT_PROBE_TIMEOUT_MS). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ProbeAnswer {
  /** The MAC of whoever answered for the address. */
  mac: string;
}

/** Who claims `ip` in this frame: an ARP packet from it, or an NA for it. */
function claimant(frame: Buffer, ip: string, ourMac: string): ProbeAnswer | undefined {
  const eth = parseEthernet(frame);
  if (!eth || eth.header.src === ourMac) return undefined;
  if (eth.header.ethertype === ETH_P_ARP) {
    const arp = parseArp(eth.payload);
    return arp && arp.senderIp === ip ? { mac: arp.senderMac } : undefined;
  }
  const nd = eth.header.ethertype === ETH_P_IPV6 ? parseNdp(eth.payload) : undefined;
  if (nd?.type !== NDISC_NEIGHBOUR_ADVERTISEMENT || nd.target !== ip) return undefined;
  return { mac: nd.targetMac ?? eth.header.src };
}

/** Probes once, and once more halfway through the wait in case a frame was lost. */
export async function probeAddress(o: ProbeOptions): Promise<ProbeAnswer | undefined> {
  const ip = formatIp(parseIp(bareAddress(o.address))); // canonical, as parsed frames give it
  const v6 = isIPv6(ip);
  const timeoutMs = o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const sock = new PacketSocket({ ...o, protocol: v6 ? ETH_P_IPV6 : ETH_P_ARP });
  let again: NodeJS.Timeout | undefined;
  try {
    // An owner answers a DAD probe to all nodes: receive that group even where IPv6 is off.
    if (v6) sock.joinMulticast(ipv6MulticastMac(ALL_NODES));
    const frame = v6 ? dadProbeFrame(ip, sock.mac) : arpProbeFrame(ip, sock.mac);
    const answer = sock.receive((f) => claimant(f, ip, sock.mac), timeoutMs, o.signal);
    sock.send(frame);
    again = setTimeout(() => {
      try {
        sock.send(frame);
      } catch {} // the first probe went out; a second that cannot is no reason to fail
    }, timeoutMs / 2);
    return await answer;
  } finally {
    clearTimeout(again);
    sock.close();
  }
}
