// ip's link layout for what the host cannot make: a PF's VF lines (print_vfinfo), VF counters,
// tunnels' dotted addresses, unknown flag bits and link types. Messages are encoded and decoded
// as the kernel's would be; the expected text is iproute2 6.1's format strings, filled in.
import { constants as C, type LinkMessage, linkMessage } from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { ipJsonText } from "../src/render/ip-print.js";
import { linkObject, linkText } from "../src/render/link-print.js";
import { statText } from "../src/render/link-stats.js";

const mac = (last: number) => Buffer.concat([Buffer.from([2, 0, 0, 0, 1, last])], 32);
const BRD = Buffer.concat([Buffer.alloc(6, 0xff)], 32);

function pf(): LinkMessage {
  const up = C.IFF_UP | C.IFF_RUNNING | C.IFF_LOWER_UP | C.IFF_BROADCAST | C.IFF_MULTICAST;
  const m: LinkMessage = {
    header: { family: 0, type: C.ARPHRD_ETHER, index: 5, flags: up, change: 0 },
    attrs: {
      ifname: "pf0",
      mtu: 1500,
      qdisc: "mq",
      operstate: 6,
      linkmode: 0,
      group: 0,
      txqlen: 1000,
      address: "02:00:00:00:00:01",
      broadcast: "ff:ff:ff:ff:ff:ff",
      numVf: 2,
      vfinfoList: {
        info: [
          {
            mac: { vf: 0, mac: mac(0) },
            vlan: { vf: 0, vlan: 5, qos: 2 },
            vlanList: { info: [{ vf: 0, vlan: 5, qos: 2, vlanProto: C.ETH_P_8021Q }] },
            txRate: { vf: 0, rate: 0 },
            rate: { vf: 0, minTxRate: 0, maxTxRate: 0 },
            spoofchk: { vf: 0, setting: 1 },
            linkState: { vf: 0, linkState: C.IFLA_VF_LINK_STATE_AUTO },
            rssQueryEn: { vf: 0, setting: 0 },
            trust: { vf: 0, setting: 0 },
            broadcast: { broadcast: BRD },
            stats: { rxPackets: 7n, txPackets: 3n, rxBytes: 700n, txBytes: 300n, broadcast: 1n, multicast: 2n },
          },
          {
            mac: { vf: 1, mac: mac(1) },
            vlan: { vf: 1, vlan: 0, qos: 0 },
            vlanList: { info: [{ vf: 1, vlan: 0, qos: 0, vlanProto: C.ETH_P_8021Q }] },
            txRate: { vf: 1, rate: 0 },
            rate: { vf: 1, minTxRate: 10, maxTxRate: 100 },
            spoofchk: { vf: 1, setting: 0 },
            linkState: { vf: 1, linkState: C.IFLA_VF_LINK_STATE_DISABLE },
            trust: { vf: 1, setting: 1 },
            broadcast: { broadcast: BRD },
          },
        ],
      },
    },
  };
  return linkMessage.decode(linkMessage.encode(m));
}

describe("a PF's VFs as ip prints them", () => {
  it("one `vf N` line each, ip's separators and words", () => {
    expect(linkText(pf())).toBe(
      "5: pf0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000\n" +
        "    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n" +
        "    vf 0     link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff, vlan 5, qos 2, spoof checking on, link-state auto, trust off, query_rss off\n" +
        "    vf 1     link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff, max_tx_rate 100Mbps, min_tx_rate 10Mbps, spoof checking off, link-state disable, trust on\n",
    );
  });

  it("-s adds each VF's counters under its line", () => {
    const text = linkText(pf(), { stats: 1 });
    expect(text).toContain(
      "query_rss off\n    RX: bytes  packets  mcast   bcast \n           700        7       2       1 \n    TX: bytes  packets \n           300        3 \n",
    );
  });

  it("-j: vfinfo_list with ip's keys", () => {
    const j = linkObject(pf(), { stats: 1 });
    expect(j.vfinfo_list).toEqual([
      {
        vf: 0,
        link_type: "ether",
        address: "02:00:00:00:01:00",
        broadcast: "ff:ff:ff:ff:ff:ff",
        vlan_list: [{ vlan: 5, qos: 2 }],
        rate: { max_tx: 0, min_tx: 0 },
        spoofchk: true,
        link_state: "auto",
        trust: false,
        query_rss_en: false,
        stats: { rx: { bytes: 700, packets: 7, multicast: 2, broadcast: 1 }, tx: { tx_bytes: 300, tx_packets: 3 } },
      },
      {
        vf: 1,
        link_type: "ether",
        address: "02:00:00:00:01:01",
        broadcast: "ff:ff:ff:ff:ff:ff",
        vlan_list: [{}],
        rate: { max_tx: 100, min_tx: 10 },
        spoofchk: false,
        link_state: "disable",
        trust: true,
      },
    ]);
  });
});

describe("the header line's corners", () => {
  const tunnel: LinkMessage = {
    header: { family: 0, type: 768, index: 9, flags: C.IFF_NOARP | 0x100000, change: 0 },
    attrs: {
      ifname: "tun0",
      link: 0,
      mtu: 1480,
      qdisc: "noop",
      operstate: 2,
      group: 3,
      address: "0a:00:00:01",
      broadcast: "00:00:00:00",
    },
  };
  it("ipip: @NONE, an unknown flag bit in hex, the address dotted, a group by number", () => {
    expect(linkText(tunnel)).toBe(
      "9: tun0@NONE: <NOARP,100000> mtu 1480 qdisc noop state DOWN group 3 \n    link/ipip 10.0.0.1 brd 0.0.0.0\n",
    );
  });
  it("a notification's IFLA_EVENT right after qlen, as print_link_event follows print_queuelen", () => {
    const m = pf();
    m.attrs.event = 2; // IFLA_EVENT_FEATURES
    expect(linkText(m).split("\n")[0]).toMatch(/ qlen 1000event FEATURE CHANGE $/);
    expect(linkObject(m).event).toBe("FEATURE CHANGE");
  });
  it("-j -p: json_writer's layout", () => {
    expect(ipJsonText([linkObject(tunnel)], true)).toBe(
      '[ {\n        "ifindex": 9,\n        "link": null,\n        "ifname": "tun0",\n        "flags": [ "NOARP","100000" ],\n' +
        '        "mtu": 1480,\n        "qdisc": "noop",\n        "operstate": "DOWN",\n        "group": "3",\n' +
        '        "link_type": "ipip",\n        "address": "10.0.0.1",\n        "broadcast": "0.0.0.0"\n    } ]\n',
    );
  });
});

describe("-h counters (print_num)", () => {
  it.each([
    [999, "999"],
    [1500, "1.50k"],
    [123456, "123k"],
    [12345678, "12.3M"],
    [18_000_000_000_000_000_000n, "18.0E"],
  ])("%s is %s", (v, text) => {
    expect(statText(v, true)).toBe(text);
  });
});

describe("-d kind lines the host lacks the modules for (vlan, ipvlan)", () => {
  const withKind = (linkinfo: NonNullable<LinkMessage["attrs"]["linkinfo"]>): LinkMessage =>
    linkMessage.decode(
      linkMessage.encode({
        header: { family: 0, type: C.ARPHRD_ETHER, index: 7, flags: C.IFF_BROADCAST | C.IFF_MULTICAST, change: 0 },
        attrs: { ifname: "k0", mtu: 1500, qdisc: "noop", operstate: 2, linkmode: 0, group: 0, txqlen: 1000, linkinfo },
      }),
    );
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(1, 0); // VLAN_FLAG_REORDER_HDR
  flags.writeUInt32LE(0xffffffff, 4);

  it("vlan: protocol 802.1Q id 5 <REORDER_HDR>", () => {
    const l = withKind({ kind: "vlan", data: { protocol: C.ETH_P_8021Q, id: 5, flags } });
    expect(linkText(l, { details: 1 }).split("\n")[2]).toBe("    vlan protocol 802.1Q id 5 <REORDER_HDR> ");
    expect(linkObject(l, { details: 1 }).linkinfo).toEqual({
      info_kind: "vlan",
      info_data: { protocol: "802.1Q", id: 5, flags: ["REORDER_HDR"] },
    });
  });
  it("ipvlan: ip's own double space before mode, and the flag as a word", () => {
    const l = withKind({ kind: "ipvlan", data: { mode: 0, flags: 0 } });
    expect(linkText(l, { details: 1 }).split("\n")[2]).toBe("    ipvlan  mode l2 bridge ");
    expect(linkObject(l, { details: 1 }).linkinfo).toEqual({ info_kind: "ipvlan", info_data: { mode: "l2", bridge: true } });
  });
});
