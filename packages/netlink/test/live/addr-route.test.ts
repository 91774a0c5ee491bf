// Addresses and routes on the real kernel, read back after each change, in a throwaway netns.
import { addrCidr, constants as C, routeDst } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
  s.h.linkSetUp("vb");
});
afterEach(() => s?.dispose());

const cidrs = (dev?: string) => s.h.addrList(dev ? { dev } : {}).map(addrCidr);

describe("addresses", () => {
  it("adds, lists and deletes IPv4", () => {
    s.h.addrAdd("va", "192.0.2.1/24", { label: "va:web", broadcast: "192.0.2.255" });
    const a = s.h.addrList({ dev: "va", family: 4 });
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({
      header: { family: C.AF_INET, prefixlen: 24, index: s.h.linkIndex("va") },
      attrs: { local: "192.0.2.1", address: "192.0.2.1", label: "va:web", broadcast: "192.0.2.255" },
    });
    s.h.addrDel("va", "192.0.2.1/24");
    expect(cidrs("va")).not.toContain("192.0.2.1/24");
  });

  it("adds, lists and deletes IPv6 (nodad makes it usable at once)", () => {
    s.h.addrAdd("va", "2001:db8:1::1/64", { nodad: true });
    const a = s.h.addrList({ dev: "va", family: 6 }).find((x) => x.attrs.address === "2001:db8:1::1");
    expect(a?.header.prefixlen).toBe(64);
    expect((a?.attrs.flags ?? 0) & C.IFA_F_NODAD).toBe(C.IFA_F_NODAD);
    expect((a?.attrs.flags ?? 0) & C.IFA_F_TENTATIVE).toBe(0);
    s.h.addrDel("va", "2001:db8:1::1/64");
    expect(cidrs("va")).not.toContain("2001:db8:1::1/64");
  });

  it("filters by device and family", () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    s.h.addrAdd("vb", "198.51.100.1/24");
    s.h.addrAdd("vb", "2001:db8:2::1/64", { nodad: true });
    expect(cidrs("va")).toContain("192.0.2.1/24");
    expect(cidrs("va")).not.toContain("198.51.100.1/24");
    expect(s.h.addrList({ family: 6 }).every((a) => a.header.family === C.AF_INET6)).toBe(true);
  });

  it("EEXIST for a duplicate, EADDRNOTAVAIL for deleting what is not there", () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    expect(() => s.h.addrAdd("va", "192.0.2.1/24")).toThrow(expect.objectContaining({ code: "EEXIST" }));
    expect(() => s.h.addrDel("va", "192.0.2.9/24")).toThrow(expect.objectContaining({ code: "EADDRNOTAVAIL" }));
  });

  it("refuses a malformed address before any syscall", () => {
    expect(() => s.h.addrAdd("va", "192.0.2.300/24")).toThrow(/invalid address/);
    expect(() => s.h.addrAdd("va", "192.0.2.1/33")).toThrow(/allowed values are 0-32/);
  });
});

describe("routes in the main table", () => {
  it("a connected route appears with the address", () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    const r = s.h.routeList({ family: 4 }).find((x) => routeDst(x) === "192.0.2.0/24");
    expect(r).toMatchObject({
      header: { protocol: C.RTPROT_KERNEL, scope: C.RT_SCOPE_LINK },
      attrs: { oif: s.h.linkIndex("va") },
    });
  });

  it("adds and deletes a default route via a gateway", () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    s.h.routeAdd({ dst: "default", gateway: "192.0.2.254" });
    const r = s.h.routeList({ family: 4 }).find((x) => routeDst(x) === "default");
    expect(r).toMatchObject({
      header: { protocol: C.RTPROT_BOOT, scope: C.RT_SCOPE_UNIVERSE, table: C.RT_TABLE_MAIN, type: C.RTN_UNICAST },
      attrs: { gateway: "192.0.2.254", oif: s.h.linkIndex("va") },
    });
    s.h.routeDel({ dst: "default", gateway: "192.0.2.254" });
    expect(s.h.routeList({ family: 4 }).map(routeDst)).not.toContain("default");
  });

  it("an on-link gateway outside every prefix needs onlink", () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    expect(() => s.h.routeAdd({ dst: "default", gateway: "203.0.113.1", dev: "va" })).toThrow(
      expect.objectContaining({ code: "ENETUNREACH", extack: "Nexthop has invalid gateway" }),
    );
    s.h.routeAdd({ dst: "default", gateway: "203.0.113.1", dev: "va", onlink: true });
    const r = s.h.routeList({ dev: "va" }).find((x) => routeDst(x) === "default");
    expect((r?.header.flags ?? 0) & C.RTNH_F_ONLINK).toBe(C.RTNH_F_ONLINK);
  });

  it("a device route with metric and preferred source", () => {
    s.h.addrAdd("va", "192.0.2.1/24");
    s.h.routeAdd({ dst: "198.51.100.0/24", dev: "va", metric: 50, src: "192.0.2.1" });
    const r = s.h.routeList().find((x) => routeDst(x) === "198.51.100.0/24");
    expect(r).toMatchObject({ header: { scope: C.RT_SCOPE_LINK }, attrs: { priority: 50, prefsrc: "192.0.2.1" } });
    s.h.routeDel({ dst: "198.51.100.0/24", dev: "va", metric: 50 });
    expect(s.h.routeList().map(routeDst)).not.toContain("198.51.100.0/24");
  });

  it("IPv6 default and prefix routes", () => {
    s.h.addrAdd("va", "2001:db8:1::1/64", { nodad: true });
    s.h.routeAdd({ dst: "2001:db8:9::/48", gateway: "2001:db8:1::fe" });
    s.h.routeAdd({ dst: "default", gateway: "2001:db8:1::1:fe" });
    const v6 = s.h.routeList({ family: 6 });
    expect(v6.find((x) => routeDst(x) === "2001:db8:9::/48")?.attrs.gateway).toBe("2001:db8:1::fe");
    expect(v6.find((x) => routeDst(x) === "default")?.attrs.gateway).toBe("2001:db8:1::1:fe");
    s.h.routeDel({ dst: "2001:db8:9::/48", gateway: "2001:db8:1::fe" });
    expect(s.h.routeList({ family: 6 }).map(routeDst)).not.toContain("2001:db8:9::/48");
  });

  it("ESRCH when deleting a route that is not there; validation before sending", () => {
    expect(() => s.h.routeDel({ dst: "198.51.100.0/24", dev: "va" })).toThrow(expect.objectContaining({ code: "ESRCH" }));
    expect(() => s.h.routeAdd({ dst: "198.51.100.0/24" })).toThrow(/give a gateway, a dev, or both/);
    expect(() => s.h.routeAdd({ dst: "198.51.100.0/24", gateway: "2001:db8::1" })).toThrow(/is not an IPv4 address/);
  });
});
