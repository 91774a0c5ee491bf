// Telling the segment where an interface's addresses now are: one gratuitous ARP (RFC 5227 §3)
// for its IPv4 address and one unsolicited neighbour advertisement (RFC 4861 §7.2.6) for its IPv6
// address, sent from inside the interface's netns. Peers that hold an entry for an address take
// the new MAC at once, instead of sending to the old one until the entry expires. One round per
// call: the caller repeats it (moby sends 3, a second apart) and decides when the link is ready.
import { arpAnnouncementFrame } from "../packet/arp.js";
import { unsolicitedNaFrame } from "../packet/ndp.js";
import type { NetnsRef } from "../transport/netns.js";
import { PacketSocket } from "../transport/packet-socket.js";

export interface AnnounceOptions {
  /** The interface's netns (a container's: Docker's SandboxKey as { path }); default the current one. */
  netns?: NetnsRef;
  ifname?: string;
  ifindex?: number;
  /** The MAC to announce; default the interface's own. */
  mac?: string;
  /** The IPv4 address, bare or as CIDR. */
  ipv4?: string;
  /** The IPv6 address, bare or as CIDR. */
  ipv6?: string;
}

export interface Announced {
  mac: string;
  /** The frames sent: "arp" for the IPv4 address, "na" for the IPv6 one. */
  sent: ("arp" | "na")[];
}

export const bareAddress = (a: string): string => a.split("/")[0] as string;

/** Sends one announcement per address given; throws (NetlinkError) when the interface cannot send. */
export function announceAddresses(o: AnnounceOptions): Announced {
  const sock = new PacketSocket(o);
  try {
    const mac = o.mac ?? sock.mac;
    const sent: Announced["sent"] = [];
    if (o.ipv4) {
      sock.send(arpAnnouncementFrame(bareAddress(o.ipv4), mac));
      sent.push("arp");
    }
    if (o.ipv6) {
      sock.send(unsolicitedNaFrame(bareAddress(o.ipv6), mac));
      sent.push("na");
    }
    return { mac, sent };
  } finally {
    sock.close();
  }
}
