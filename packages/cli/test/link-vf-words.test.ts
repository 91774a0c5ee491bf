// `link set PF vf N …` read as iproute2 6.1's iplink_parse_vf reads it: keywords by prefix in its
// order, and the words after the VF's back to link set. (No PF here: the request is checked.)
import { describe, expect, it } from "vitest";
import { parseLinkSet } from "../src/grammar/link.js";

describe("link set PF vf N, in ip's words", () => {
  it("prefixes pick what ip picks: m = mac, st = state, s = spoofchk, q = query_rss, t = trust", () => {
    const r = parseLinkSet("pf0 vf 3 m 02:00:00:00:00:09 st en s off q on t on up".split(" "));
    expect(r).toEqual({
      dev: "pf0",
      link: { up: true },
      vf: {
        index: 3,
        settings: { mac: "02:00:00:00:00:09", linkState: "enable", spoofchk: false, rssQueryEn: true, trust: true },
      },
    });
  });
  it("max and min rates, vlan with qos and proto", () => {
    const r = parseLinkSet("dev pf0 vf 0 vlan 5 qos 2 proto 802.1ad max 100 mi 10".split(" "));
    expect(r.vf).toEqual({
      index: 0,
      settings: { vlan: 5, qos: 2, vlanProto: "802.1ad", maxTxRate: 100, minTxRate: 10 },
    });
  });
  it("a bad state names the allowed values", () => {
    expect(() => parseLinkSet("pf0 vf 0 state sideways".split(" "))).toThrow(/allowed values are auto, enable, disable/);
  });
});
