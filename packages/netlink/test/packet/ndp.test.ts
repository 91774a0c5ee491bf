// Neighbour discovery frames, both ways, against golden bytes: the advertisement is one the Linux
// kernel sent (an unsolicited NA with ndisc_notify=1 on link up, and the same bytes as its answer
// to a DAD probe), captured on a veth; the DAD probe is laid out by hand from RFC 4862 §5.4.2,
// its checksum computed independently.
import {
  constants as C,
  dadProbeFrame,
  emitEthernet,
  emitNdp,
  ipv6MulticastMac,
  type NdpMessage,
  parseNdp,
  solicitedNodeAddress,
  unsolicitedNaFrame,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { expectGolden, hex, MAC_A, MAC_B } from "../support/frames.js";

const A = MAC_A;
const B = MAC_B;

// 33:33:00:00:00:01 <- B, IPv6; payload 32, ICMPv6, hop limit 255, 2001:db8::2 -> ff02::1;
// NA, checksum f91e, flags O, target 2001:db8::2, option 2 (target LL) len 1: B
const KERNEL_NA = hex(`333300000001 02000000000b 86dd
  60000000 0020 3a ff 20010db8000000000000000000000002 ff020000000000000000000000000001
  88 00 f91e 20000000 20010db8000000000000000000000002 02 01 02000000000b`);
// 33:33:ff:00:00:02 <- A, IPv6; payload 24, ICMPv6, 255, :: -> ff02::1:ff00:2;
// NS, checksum 4ceb, reserved, target 2001:db8::2, no options
const DAD_PROBE = hex(`3333ff000002 02000000000a 86dd
  60000000 0018 3a ff 00000000000000000000000000000000 ff0200000000000000000001ff000002
  87 00 4ceb 00000000 20010db8000000000000000000000002`);

const KERNEL_NA_FIELDS: NdpMessage = {
  type: C.NDISC_NEIGHBOUR_ADVERTISEMENT,
  src: "2001:db8::2",
  dst: "ff02::1",
  hopLimit: 255,
  target: "2001:db8::2",
  router: false,
  solicited: false,
  override: true,
  targetMac: B,
};

describe("NDP", () => {
  it("emits the unsolicited NA the kernel sends (RFC 4861 §7.2.6), and parses it back", () => {
    const header = { dst: "33:33:00:00:00:01", src: B, ethertype: C.ETH_P_IPV6 };
    expectGolden(KERNEL_NA, unsolicitedNaFrame("2001:db8::2", B), header, [parseNdp, KERNEL_NA_FIELDS]);
  });

  it("emits the DAD probe (RFC 4862 §5.4.2), and parses it back", () => {
    expect(dadProbeFrame("2001:db8::2", A)).toEqual(DAD_PROBE);
    const ns = parseNdp(DAD_PROBE.subarray(14));
    expect(ns).toEqual({
      type: C.NDISC_NEIGHBOUR_SOLICITATION,
      src: "::",
      dst: "ff02::1:ff00:2",
      hopLimit: 255,
      target: "2001:db8::2",
    });
    if (!ns) throw new Error("unparsed");
    expect(emitEthernet({ dst: "33:33:ff:00:00:02", src: A, ethertype: C.ETH_P_IPV6 }, emitNdp(ns))).toEqual(DAD_PROBE);
  });

  it("emits a source link-layer option, and reads it back", () => {
    const ns = {
      type: C.NDISC_NEIGHBOUR_SOLICITATION,
      src: "fe80::a",
      dst: "ff02::1:ff00:2",
      hopLimit: 255,
      target: "2001:db8::2",
      sourceMac: A,
    } as const;
    const bytes = emitNdp(ns);
    expect(bytes.subarray(40 + 24).toString("hex")).toBe("010102000000000a");
    expect(parseNdp(bytes)).toEqual(ns);
  });

  it("refuses a bad checksum, a zero-length option, and what is not NS or NA", () => {
    const bad = Buffer.from(KERNEL_NA.subarray(14));
    bad.writeUInt8(bad.readUInt8(42) ^ 1, 42);
    expect(parseNdp(bad)).toBeUndefined();
    const zeroLen = Buffer.from(KERNEL_NA.subarray(14));
    zeroLen[40 + 25] = 0;
    expect(parseNdp(zeroLen)).toBeUndefined();
    const echo = Buffer.from(KERNEL_NA.subarray(14));
    echo[40] = 128;
    expect(parseNdp(echo)).toBeUndefined();
    expect(parseNdp(KERNEL_NA.subarray(14, 60))).toBeUndefined(); // shorter than its payload length
  });

  it("solicited-node groups and their multicast MACs", () => {
    expect(solicitedNodeAddress("2001:db8::12:3456:789a")).toBe("ff02::1:ff56:789a");
    expect(ipv6MulticastMac("ff02::1:ff56:789a")).toBe("33:33:ff:56:78:9a");
    expect(ipv6MulticastMac("ff02::1")).toBe("33:33:00:00:00:01");
  });
});
