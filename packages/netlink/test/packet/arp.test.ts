// ARP frames, both ways, against golden bytes: the announcement and the reply are frames the Linux
// kernel itself sent (a gratuitous ARP with arp_notify=1 on link up; its answer to our probe),
// captured on a veth; the probe is laid out by hand from RFC 5227 §2.1.1.
import {
  arpAnnouncementFrame,
  arpProbeFrame,
  constants as C,
  emitArp,
  emitEthernet,
  parseArp,
  parseEthernet,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { expectGolden, hex, MAC_A, MAC_B } from "../support/frames.js";

const A = MAC_A;
const B = MAC_B;

// dst ff:ff:ff:ff:ff:ff, src B, ARP; Ethernet/IPv4, request; sender B 192.0.2.2, target 0 192.0.2.2
const KERNEL_GARP = hex(`ffffffffffff 02000000000b 0806
  0001 0800 06 04 0001 02000000000b c0000202 000000000000 c0000202`);
// dst A, src B, ARP; reply; sender B 192.0.2.2, target A 0.0.0.0 (the probe's sender IP)
const KERNEL_REPLY = hex(`02000000000a 02000000000b 0806
  0001 0800 06 04 0002 02000000000b c0000202 02000000000a 00000000`);
// dst broadcast, src A, ARP; request; sender A 0.0.0.0, target 0 192.0.2.2
const PROBE = hex(`ffffffffffff 02000000000a 0806
  0001 0800 06 04 0001 02000000000a 00000000 000000000000 c0000202`);

describe("ARP", () => {
  it("emits the announcement the kernel sends (RFC 5227 §3), and parses it back", () => {
    const garp = {
      op: C.ARPOP_REQUEST,
      senderMac: B,
      senderIp: "192.0.2.2",
      targetMac: "00:00:00:00:00:00",
      targetIp: "192.0.2.2",
    };
    const header = { dst: "ff:ff:ff:ff:ff:ff", src: B, ethertype: C.ETH_P_ARP };
    expectGolden(KERNEL_GARP, arpAnnouncementFrame("192.0.2.2", B), header, [parseArp, garp]);
  });

  it("emits the probe (RFC 5227 §2.1.1), and parses it back", () => {
    expect(arpProbeFrame("192.0.2.2", A)).toEqual(PROBE);
    expect(parseArp(PROBE.subarray(14))).toMatchObject({ op: C.ARPOP_REQUEST, senderIp: "0.0.0.0", targetIp: "192.0.2.2" });
  });

  it("parses the kernel's reply to the probe, and emits the same bytes from the parsed fields", () => {
    const eth = parseEthernet(KERNEL_REPLY);
    const arp = parseArp(eth?.payload as Buffer);
    expect(arp).toEqual({ op: C.ARPOP_REPLY, senderMac: B, senderIp: "192.0.2.2", targetMac: A, targetIp: "0.0.0.0" });
    if (!eth || !arp) throw new Error("unparsed");
    expect(emitEthernet(eth.header, emitArp(arp))).toEqual(KERNEL_REPLY);
  });

  it("ignores Ethernet padding, and refuses what is not Ethernet/IPv4 ARP", () => {
    const padded = Buffer.concat([KERNEL_REPLY.subarray(14), Buffer.alloc(18)]);
    expect(parseArp(padded)?.senderIp).toBe("192.0.2.2");
    expect(parseArp(KERNEL_REPLY.subarray(14, 40))).toBeUndefined(); // short
    const ipv6 = Buffer.from(KERNEL_REPLY.subarray(14));
    ipv6.writeUInt16BE(0x86dd, 2);
    expect(parseArp(ipv6)).toBeUndefined();
    expect(parseEthernet(Buffer.alloc(10))).toBeUndefined();
  });

  it("refuses addresses that are not IPv4 and MACs that are not Ethernet's", () => {
    expect(() => arpProbeFrame("2001:db8::2", A)).toThrow('not an IPv4 address: "2001:db8::2"');
    expect(() => arpProbeFrame("192.0.2.2", "02:00:00:00:00")).toThrow("not an Ethernet MAC address");
  });
});
