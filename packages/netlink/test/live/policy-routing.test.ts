// Routes in every table, multipath routes, nexthop objects and rules on the real kernel, in a
// throwaway netns. The library does not create multipath routes, nexthops or rules, so iproute2
// does; we read them back with ours.
import { execFileSync } from "node:child_process";
import { constants as C, NetlinkError, routeDst, routeTable, ruleTable, tableName, ValidationError } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
const ip = (line: string) => execFileSync("ip", ["-n", s.name, ...line.split(" ")], { stdio: ["ignore", "ignore", "pipe"] });

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
  s.h.linkSetUp("vb");
  s.h.addrAdd("va", "192.0.2.1/24");
  s.h.addrAdd("vb", "198.51.100.1/24");
});
afterEach(() => s?.dispose());

describe("routeList tables", () => {
  it("main by default, one table by number or name, or all of them", () => {
    ip("route add default via 192.0.2.254 table 100");
    ip("route add 203.0.113.0/24 via 198.51.100.254 table 70000");
    expect(s.h.routeList().every((r) => routeTable(r) === C.RT_TABLE_MAIN)).toBe(true);
    expect(s.h.routeList({ table: 100 }).map(routeDst)).toEqual(["default"]);
    expect(s.h.routeList({ table: 70000 }).map(routeDst)).toEqual(["203.0.113.0/24"]);
    expect(s.h.routeList({ table: "local" }).every((r) => routeTable(r) === C.RT_TABLE_LOCAL)).toBe(true);
    const tables = new Set(s.h.routeList({ table: "all", family: 4 }).map(routeTable));
    expect([...tables].map(tableName).sort()).toEqual(["100", "70000", "local", "main"]);
  });

  it("refuses table 0 before sending", () => {
    expect(() => s.h.routeList({ table: 0 })).toThrow(ValidationError);
  });

  it("a multipath route as a typed list of nexthops, IPv4 and IPv6, as `ip -j route show` reads it", () => {
    ip("route add default table 100 nexthop via 192.0.2.254 dev va nexthop via 198.51.100.254 dev vb weight 3");
    s.h.addrAdd("va", "2001:db8:1::1/64", { nodad: true });
    ip("-6 route add default table 100 nexthop via 2001:db8:1::fe dev va nexthop via fe80::1 dev vb weight 2");
    const names = new Map(s.h.linkList().map((l) => [l.header.index, l.attrs.ifname]));
    for (const family of [4, 6] as const) {
      const ours = s.h.routeList({ table: 100, family }).find((r) => routeDst(r) === "default");
      expect(ours?.attrs.oif).toBeUndefined();
      const theirs = JSON.parse(
        execFileSync("ip", ["-n", s.name, `-${family}`, "-j", "route", "show", "table", "100"], { encoding: "utf8" }),
      );
      expect(
        ours?.attrs.multipath?.map((nh) => ({ gateway: nh.attrs.gateway, dev: names.get(nh.ifindex), weight: nh.hops + 1 })),
      ).toEqual(theirs[0].nexthops.map(({ gateway, dev, weight }: Record<string, unknown>) => ({ gateway, dev, weight })));
      expect(theirs[0].nexthops).toHaveLength(2);
    }
  });
});

describe("ruleList", () => {
  it("the default rules of both families, and one we add with its oif, table and preference", () => {
    ip("rule add oif va lookup 100 pref 1000");
    ip("-6 rule add iif vb lookup 70000 pref 1001");
    const v4 = s.h.ruleList({ family: 4 });
    expect(v4.every((r) => r.header.family === C.AF_INET)).toBe(true);
    expect(v4.map((r) => [r.attrs.priority ?? 0, tableName(ruleTable(r))])).toEqual([
      [0, "local"],
      [1000, "100"],
      [32766, "main"],
      [32767, "default"],
    ]);
    expect(v4.find((r) => r.attrs.priority === 1000)).toMatchObject({
      header: { action: C.FR_ACT_TO_TBL },
      attrs: { oifname: "va", table: 100 },
    });
    const v6 = s.h.ruleList({ family: 6 }).find((r) => r.attrs.priority === 1001);
    expect(v6).toMatchObject({ header: { table: C.RT_TABLE_COMPAT }, attrs: { iifname: "vb", table: 70000 } });
    expect(s.h.ruleList().map((r) => r.header.family)).toEqual(expect.arrayContaining([C.AF_INET, C.AF_INET6]));
  });
});

describe("nexthopList", () => {
  beforeEach((ctx) => {
    try {
      s.h.nexthopList();
    } catch (e) {
      if (!(e instanceof NetlinkError)) throw e;
      ctx.skip(true, `this kernel has no nexthop objects (${e.code})`);
    }
  });

  it("nexthops and a group, and the route that uses the group", () => {
    ip("nexthop add id 1 via 192.0.2.254 dev va");
    ip("nexthop add id 2 via 198.51.100.254 dev vb");
    ip("nexthop add id 3 group 1/2,3");
    ip("route add default nhid 3 table 100");
    const nhs = s.h.nexthopList();
    expect(nhs.map((n) => n.attrs.id)).toEqual([1, 2, 3]);
    expect(nhs[0]).toMatchObject({ header: { family: C.AF_INET }, attrs: { oif: s.h.linkIndex("va"), gateway: "192.0.2.254" } });
    expect(nhs[2]?.attrs.group?.map((g) => [g.id, g.weight])).toEqual([
      [1, 0],
      [2, 2],
    ]);
    expect(s.h.nexthopList({ family: 4 }).map((n) => n.attrs.id)).toEqual([1, 2]);
    expect(s.h.routeList({ table: 100 }).find((r) => routeDst(r) === "default")?.attrs.nhId).toBe(3);
  });
});
