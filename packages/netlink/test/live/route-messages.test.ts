// Whole route and address messages sent as ip builds them (routeModify, addrModify), the kernel's
// answer to RTM_GETROUTE (routeGet), and routeDump's table and oif: each read back from the kernel.
import {
  addrModify,
  constants as C,
  decodeMetrics,
  encodeMetrics,
  NLM_F_APPEND,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  routeConstants as R,
  type RouteMessage,
  routeDump,
  routeGet,
  routeModify,
} from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
let va: number;
let vb: number;
beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
  s.h.linkSetUp("vb");
  va = s.h.linkIndex("va");
  vb = s.h.linkIndex("vb");
  s.h.addrAdd("va", "10.0.0.1/24");
  s.h.addrAdd("vb", "10.1.0.1/24");
});
afterEach(() => s?.dispose());

const header = (o: Partial<RouteMessage["header"]> = {}): RouteMessage["header"] => ({
  family: C.AF_INET,
  dstLen: 16,
  srcLen: 0,
  tos: 0,
  table: C.RT_TABLE_MAIN,
  protocol: C.RTPROT_BOOT,
  scope: C.RT_SCOPE_UNIVERSE,
  type: C.RTN_UNICAST,
  flags: 0,
  ...o,
});
const dump = (table = 0) => s.h.run(routeDump(C.AF_INET, { table }));
const find = (dst: string, table = C.RT_TABLE_MAIN) =>
  dump(table).filter((r) => r.attrs.dst === dst && (r.attrs.table ?? r.header.table) === table);

describe("routeModify", () => {
  it("add (CREATE|EXCL), append, replace: the flags tell the verbs apart", () => {
    const add = (flags: number, oif: number, priority: number) =>
      s.h.run(
        routeModify(
          C.RTM_NEWROUTE,
          flags,
          { header: header({ scope: C.RT_SCOPE_LINK }), attrs: { dst: "10.6.0.0", oif, priority } },
          "t",
        ),
      );
    add(NLM_F_CREATE | NLM_F_EXCL, va, 5);
    expect(() => add(NLM_F_CREATE | NLM_F_EXCL, va, 5)).toThrow(/EEXIST/);
    add(NLM_F_CREATE | NLM_F_APPEND, vb, 6);
    expect(find("10.6.0.0").map((r) => r.attrs.oif)).toEqual([va, vb]);
    add(NLM_F_CREATE | NLM_F_REPLACE, vb, 5);
    expect(find("10.6.0.0").map((r) => [r.attrs.oif, r.attrs.priority])).toEqual([
      [vb, 5],
      [vb, 6],
    ]);
  });

  it("a table over 255 in RTA_TABLE, a type, metrics and a multipath route, read back", () => {
    const mx = encodeMetrics(new Map([[R.RTAX_MTU, 1400]]));
    s.h.run(
      routeModify(
        C.RTM_NEWROUTE,
        NLM_F_CREATE | NLM_F_EXCL,
        {
          header: header({ table: C.RT_TABLE_UNSPEC }),
          attrs: { dst: "10.7.0.0", gateway: "10.0.0.2", table: 3000, metrics: mx },
        },
        "t",
      ),
    );
    const [r] = find("10.7.0.0", 3000);
    expect(
      decodeMetrics(r?.attrs.metrics ?? Buffer.alloc(0))
        .get(R.RTAX_MTU)
        ?.readUInt32LE(0),
    ).toBe(1400);
    s.h.run(
      routeModify(
        C.RTM_NEWROUTE,
        NLM_F_CREATE | NLM_F_EXCL,
        { header: header({ type: C.RTN_BLACKHOLE }), attrs: { dst: "10.8.0.0" } },
        "t",
      ),
    );
    expect(find("10.8.0.0")[0]?.header.type).toBe(C.RTN_BLACKHOLE);
    const multipath = [
      { flags: 0, hops: 2, ifindex: va, attrs: { gateway: "10.0.0.2" } },
      { flags: 0, hops: 0, ifindex: vb, attrs: { gateway: "10.1.0.2" } },
    ];
    s.h.run(
      routeModify(C.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, { header: header(), attrs: { dst: "10.9.0.0", multipath } }, "t"),
    );
    expect(find("10.9.0.0")[0]?.attrs.multipath?.map((n) => [n.ifindex, n.hops, n.attrs.gateway])).toEqual([
      [va, 2, "10.0.0.2"],
      [vb, 0, "10.1.0.2"],
    ]);
    s.h.run(
      routeModify(C.RTM_DELROUTE, 0, { header: header({ protocol: 0, scope: 255, type: 0 }), attrs: { dst: "10.9.0.0" } }, "t"),
    );
    expect(find("10.9.0.0")).toEqual([]);
  });
});

describe("routeGet", () => {
  it("answers with the route the kernel would use, and with the route itself for fibmatch", () => {
    const get = (flags: number) =>
      s.h.run(
        routeGet({
          header: header({ dstLen: 32, table: 0, protocol: 0, type: 0, flags: R.RTM_F_LOOKUP_TABLE | flags }),
          attrs: { dst: "10.1.0.9" },
        }),
      );
    expect(get(0)).toMatchObject({ header: { dstLen: 32 }, attrs: { dst: "10.1.0.9", oif: vb, prefsrc: "10.1.0.1" } });
    expect(get(0).header.flags & R.RTM_F_CLONED).toBeTruthy();
    expect(get(R.RTM_F_FIB_MATCH)).toMatchObject({ header: { dstLen: 24 }, attrs: { dst: "10.1.0.0", oif: vb } });
  });
});

describe("addrModify", () => {
  it("replace changes an address's lifetimes; del removes it", () => {
    const msg = (o: { valid?: number } = {}) => ({
      header: { family: C.AF_INET, prefixlen: 24, flags: 0, scope: 0, index: va },
      attrs: {
        local: "10.2.0.1",
        address: "10.2.0.1",
        ...(o.valid ? { cacheinfo: { prefered: o.valid, valid: o.valid, cstamp: 0, tstamp: 0 } } : {}),
      },
    });
    s.h.run(addrModify(C.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, msg(), "t"));
    s.h.run(addrModify(C.RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, msg({ valid: 600 }), "t"));
    const a = s.h.addrList({ dev: "va", family: 4 }).find((x) => x.attrs.local === "10.2.0.1");
    expect(a?.attrs.cacheinfo?.valid).toBeLessThanOrEqual(600);
    s.h.run(addrModify(C.RTM_DELADDR, 0, msg(), "t"));
    expect(s.h.addrList({ dev: "va", family: 4 }).map((x) => x.attrs.local)).toEqual(["10.0.0.1"]);
  });
});
