// Kernel replies captured with our socket's tap (scripts/fixtures/capture-replies.mjs): each data
// message decodes to what we set up, and re-emitting the decoded message gives the same bytes,
// attributes we have no schema for included.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AddrMessage,
  addrCidr,
  addrMessage,
  constants as C,
  type LinkMessage,
  linkMessage,
  multipath,
  type NexthopMessage,
  nexthopMessage,
  parseAttrs,
  type RouteMessage,
  type RuleMessage,
  routeDst,
  routeMessage,
  routeTable,
  ruleMessage,
  ruleTable,
  splitMessages,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";

function messagesOf(name: string) {
  const fx = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/replies", `${name}.json`), "utf8"));
  return (fx.datagrams as string[]).flatMap((hex) => splitMessages(Buffer.from(hex, "hex"))).filter((m) => m.header.type >= 16);
}

const codecs = {
  [C.RTM_NEWLINK]: linkMessage,
  [C.RTM_NEWADDR]: addrMessage,
  [C.RTM_NEWROUTE]: routeMessage,
  [C.RTM_NEWRULE]: ruleMessage,
  [C.RTM_NEWNEXTHOP]: nexthopMessage,
};
const REPLIES = ["link-get-veth", "link-get-macvlan", "link-get-bridge", "addr-dump", "route-dump"];
const POLICY_ROUTING = ["route-dump-all", "rule-dump", "nexthop-dump"];

describe.each([...REPLIES, ...POLICY_ROUTING])("reply %s", (name) => {
  it("re-emits byte for byte", () => {
    const msgs = messagesOf(name);
    expect(msgs.length).toBeGreaterThan(0);
    for (const m of msgs) {
      const codec = codecs[m.header.type as keyof typeof codecs];
      expect(codec).toBeDefined();
      // biome-ignore lint/suspicious/noExplicitAny: each codec gets back what it decoded
      const again = codec.encode(codec.decode(m.payload) as any);
      expect(again.toString("hex")).toBe(m.payload.toString("hex"));
    }
  });
  it("re-emits byte for byte from the decoded values too, not only from an unchanged view's bytes", () => {
    for (const m of messagesOf(name)) {
      const codec = codecs[m.header.type as keyof typeof codecs];
      const d = codec.decode(m.payload) as { attrs: Record<string, unknown> };
      // Writing a field back marks the view changed, so every attribute is encoded from its value.
      Reflect.set(d.attrs, "unknown", d.attrs.unknown);
      // biome-ignore lint/suspicious/noExplicitAny: each codec gets back what it decoded
      expect(codec.encode(d as any).toString("hex")).toBe(m.payload.toString("hex"));
    }
  });
});

const one = <T>(name: string, decode: (b: Buffer) => T): T => decode((messagesOf(name)[0] ?? expect.fail("no message")).payload);

describe("decoded replies", () => {
  it("veth: name, peer, MTU, MAC, alias, flags, kind", () => {
    const l: LinkMessage = one("link-get-veth", linkMessage.decode);
    expect(l.attrs).toMatchObject({ ifname: "cap0", mtu: 1400, address: "02:00:00:00:00:10", ifalias: "golden", operstate: 6 });
    expect(l.attrs.linkinfo?.kind).toBe("veth");
    expect(l.header.flags & C.IFF_UP).toBe(C.IFF_UP);
    expect(typeof l.attrs.link).toBe("number");
  });
  it("macvlan: mode vepa decoded by the macvlan driver", () => {
    const l = one("link-get-macvlan", linkMessage.decode);
    expect(l.attrs).toMatchObject({ ifname: "capmv", address: "02:00:00:00:00:12" });
    expect(l.attrs.linkinfo).toMatchObject({ kind: "macvlan", data: { mode: C.MACVLAN_MODE_VEPA } });
  });
  it("bridge: STP off decoded by the bridge driver, unknown IFLA_BR_* kept raw", () => {
    const l = one("link-get-bridge", linkMessage.decode);
    expect(l.attrs.linkinfo).toMatchObject({ kind: "bridge", data: { stpState: 0 } });
    const data = l.attrs.linkinfo?.data as { unknown?: unknown[] };
    expect(data.unknown?.length).toBeGreaterThan(10);
  });
  it("addresses: IPv4 and IPv6 with their prefixes", () => {
    const all: AddrMessage[] = messagesOf("addr-dump").map((m) => addrMessage.decode(m.payload));
    expect(all.map(addrCidr)).toEqual(expect.arrayContaining(["192.0.2.1/24", "2001:db8::1/64"]));
    expect(all.find((a) => a.attrs.label === "cap0")?.header.family).toBe(C.AF_INET);
  });
  it("routes: the gateway route and the connected ones", () => {
    const all: RouteMessage[] = messagesOf("route-dump").map((m) => routeMessage.decode(m.payload));
    const gw = all.find((r) => routeDst(r) === "198.51.100.0/24");
    expect(gw?.attrs.gateway).toBe("192.0.2.254");
    expect(all.map(routeDst)).toContain("192.0.2.0/24");
  });
});

// route-dump-all, rule-dump and nexthop-dump: cap0 is ifindex 3, cap1 ifindex 2 (see the script).
const CAP0 = 3;
const CAP1 = 2;
const all = <T>(name: string, decode: (b: Buffer) => T): T[] => messagesOf(name).map((m) => decode(m.payload));
const defaults = () => all("route-dump-all", routeMessage.decode).filter((r) => routeDst(r) === "default");

describe("decoded policy routing replies", () => {
  it("every table in one dump, each route's table from RTA_TABLE", () => {
    const tables = new Set(all("route-dump-all", routeMessage.decode).map(routeTable));
    expect([...tables].sort()).toEqual([100, 200, C.RT_TABLE_MAIN, C.RT_TABLE_LOCAL].sort());
  });
  it("RTA_MULTIPATH as a typed list: ifindex, hops (weight - 1), gateway; IPv4 and IPv6", () => {
    const [v4, v6] = [C.AF_INET, C.AF_INET6].map((f) => defaults().find((r) => r.header.family === f && routeTable(r) === 100));
    expect(v4?.attrs.multipath).toEqual([
      { flags: 0, hops: 0, ifindex: CAP0, attrs: { gateway: "192.0.2.254" } },
      { flags: 0, hops: 2, ifindex: CAP1, attrs: { gateway: "203.0.113.254" } },
    ]);
    expect(v6?.attrs.multipath?.map((nh) => [nh.ifindex, nh.attrs.gateway])).toEqual([
      [CAP0, "2001:db8::fe"],
      [CAP1, "fe80::1"],
    ]);
  });
  it("a hand-built multipath list emits the kernel's RTA_MULTIPATH bytes", () => {
    const m = messagesOf("route-dump-all").find((x) => routeMessage.decode(x.payload).attrs.multipath?.[1]?.hops === 2);
    const raw = parseAttrs((m ?? expect.fail("no multipath route")).payload.subarray(12)).find((a) => a.type === C.RTA_MULTIPATH);
    const built = multipath.encode([
      { flags: 0, hops: 0, ifindex: CAP0, attrs: { gateway: "192.0.2.254" } },
      { flags: 0, hops: 2, ifindex: CAP1, attrs: { gateway: "203.0.113.254" } },
    ]);
    expect(built.toString("hex")).toBe(raw?.value.toString("hex"));
    // rtnh_len 16, flags 0, hops 0|2, ifindex 3|2, then RTA_GATEWAY (len 8, type 5) and the address.
    const golden = [
      "1000",
      "00",
      "00",
      "03000000",
      "08000500",
      "c00002fe",
      "1000",
      "00",
      "02",
      "02000000",
      "08000500",
      "cb0071fe",
    ];
    expect(built.toString("hex")).toBe(golden.join(""));
    expect(multipath.decode(Buffer.from(golden.join(""), "hex"))).toEqual(routeMessage.decode(m!.payload).attrs.multipath);
  });
  it("a route over a nexthop object carries RTA_NH_ID", () => {
    expect(defaults().find((r) => routeTable(r) === 200)?.attrs.nhId).toBe(3);
  });
  it("nexthops and a group of them, with the members' ids and weights", () => {
    const nhs: NexthopMessage[] = all("nexthop-dump", nexthopMessage.decode);
    expect(nhs.map((n) => n.attrs.id)).toEqual([1, 2, 3]);
    expect(nhs[0]?.attrs).toMatchObject({ oif: CAP0, gateway: "192.0.2.254" });
    expect(nhs[2]?.attrs.group).toEqual([
      { id: 1, weight: 0, weightHigh: 0 },
      { id: 2, weight: 2, weightHigh: 0 },
    ]);
  });
  it("rules of every family: oif, iif, source, fwmark, uid and port ranges, a table over 255", () => {
    const rules: RuleMessage[] = all("rule-dump", ruleMessage.decode);
    const byPref = (p: number) => rules.find((r) => r.attrs.priority === p);
    expect(byPref(1000)?.attrs).toMatchObject({ oifname: "cap0", table: 100 });
    expect(byPref(1001)?.attrs).toMatchObject({ iifname: "cap1", table: 200 });
    expect(byPref(1002)).toMatchObject({ header: { family: C.AF_INET6, srcLen: 64 }, attrs: { src: "2001:db8::" } });
    const r = byPref(1003) ?? expect.fail("no rule 1003");
    expect(r.header).toMatchObject({ table: C.RT_TABLE_COMPAT, action: C.FR_ACT_TO_TBL });
    expect(ruleTable(r)).toBe(1000);
    expect(r.attrs).toMatchObject({ fwmark: 0x10, fwmask: 0xff, uidRange: { start: 1000, end: 2000 } });
    expect(r.attrs).toMatchObject({ dportRange: { start: 80, end: 90 }, ipProto: 6 });
    expect(new Set(rules.map((x) => x.header.family))).toEqual(
      new Set([C.AF_INET, C.AF_INET6, C.RTNL_FAMILY_IPMR, C.RTNL_FAMILY_IP6MR]),
    );
  });
});
