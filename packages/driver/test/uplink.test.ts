// uplinkReason on the real kernel, each topology in a throwaway netns standing in for the host:
// default routes in another table, multipath, nexthop objects, uppers (bridge, macvlan, stacked),
// ip rules; and links that are not the uplink. iproute2 makes what the library does not create
// (routes outside main, multipath, nexthops, rules). Last, a kernel that refuses nexthop dumps,
// against the fake socket @underlay/netlink exports.
import { execFileSync } from "node:child_process";
import {
  constants as C,
  FakeSocket,
  fakeDump,
  fakeError,
  fakeMessage,
  Handle,
  linkMessage,
  NetlinkError,
  NLM_F_DUMP,
  routeMessage,
} from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { uplinkReason } from "../src/modes/uplink.js";

let s: Scratch;
const ip = (line: string) => execFileSync("ip", ["-n", s.name, ...line.split(" ")], { stdio: ["ignore", "ignore", "pipe"] });
const reason = (dev: string) => uplinkReason(s.h, dev);
/** A veth pair NAME/NAMEp, both up, NAME with an address in 10.N.0.0/24. */
function veth(name: string, n: number) {
  s.h.linkAdd({ name, kind: "veth", peer: { name: `${name}p` }, up: true });
  s.h.linkSetUp(`${name}p`);
  s.h.addrAdd(name, `10.${n}.0.2/24`);
}

describe("uplinkReason on the kernel", () => {
  beforeEach((ctx) => {
    ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
    s = scratchNetns();
  });
  afterEach(() => s?.dispose());

  it("a default route in a table other than main, and an IPv6 one in main", async () => {
    veth("up0", 1);
    ip("route add default via 10.1.0.1 table 100");
    expect(await reason("up0")).toBe("netdevice up0 carries the host's IPv4 default route (table 100)");
    veth("up6", 2);
    s.h.addrAdd("up6", "2001:db8::2/64", { nodad: true });
    s.h.routeAdd({ dst: "default", gateway: "2001:db8::1" });
    expect(await reason("up6")).toBe("netdevice up6 carries the host's IPv6 default route (table main)");
  });

  it("a multipath default route names each of its nexthops' devices", async () => {
    veth("mpa", 1);
    veth("mpb", 2);
    ip("route add default nexthop via 10.1.0.1 dev mpa nexthop via 10.2.0.1 dev mpb");
    for (const dev of ["mpa", "mpb"])
      expect(await reason(dev)).toBe(
        `netdevice ${dev} carries the host's IPv4 default route (table main, as a nexthop of a multipath route)`,
      );
  });

  it("a default route through a nexthop object or a group, read from RTM_GETNEXTHOP", async (ctx) => {
    try {
      s.h.nexthopList();
    } catch (e) {
      if (!(e instanceof NetlinkError)) throw e;
      ctx.skip(true, `this kernel has no nexthop objects (${e.code}); uplinkReason treats that as none`);
    }
    // Routes then carry only RTA_NH_ID, so the devices can come from the nexthops alone.
    execFileSync("ip", ["netns", "exec", s.name, "sysctl", "-qw", "net.ipv4.nexthop_compat_mode=0"]);
    veth("nha", 1);
    veth("nhb", 2);
    ip("nexthop add id 1 via 10.1.0.1 dev nha");
    ip("nexthop add id 2 via 10.2.0.1 dev nhb");
    ip("nexthop add id 10 group 2");
    ip("route add default nhid 1");
    ip("route add default nhid 10 table 100");
    expect(s.h.routeList({ table: "all", family: 4 }).filter((r) => r.header.dstLen === 0 && r.attrs.oif)).toEqual([]);
    expect(await reason("nha")).toBe("netdevice nha carries the host's IPv4 default route (table main, through nexthop 1)");
    expect(await reason("nhb")).toBe(
      "netdevice nhb carries the host's IPv4 default route (table 100, through nexthop group 10, member nexthop 2)",
    );
  });

  it("through the bridge it is enslaved to", async () => {
    veth("port0", 1);
    s.h.linkAdd({ name: "br0", kind: "bridge", up: true });
    s.h.linkSetMaster("port0", "br0");
    s.h.addrAdd("br0", "192.0.2.2/24");
    s.h.routeAdd({ dst: "default", gateway: "192.0.2.1" });
    expect(await reason("port0")).toBe(
      "netdevice port0 carries the host's IPv4 default route (table main, via its upper bridge br0)",
    );
    expect(await reason("br0")).toBe("netdevice br0 carries the host's IPv4 default route (table main)");
  });

  it("through a macvlan on it, and a macvlan on the bridge it is in", async () => {
    veth("low0", 1);
    s.h.linkAdd({ name: "mv0", kind: "macvlan", parent: "low0", up: true });
    s.h.addrAdd("mv0", "192.0.2.2/24");
    s.h.routeAdd({ dst: "default", gateway: "192.0.2.1" });
    expect(await reason("low0")).toBe(
      "netdevice low0 carries the host's IPv4 default route (table main, via its upper macvlan mv0)",
    );
    veth("port1", 2);
    s.h.linkAdd({ name: "br1", kind: "bridge", up: true });
    s.h.linkSetMaster("port1", "br1");
    s.h.linkAdd({ name: "mv1", kind: "macvlan", parent: "br1", up: true });
    s.h.addrAdd("mv1", "198.51.100.2/24");
    ip("route add default via 198.51.100.1 table 100");
    expect(await reason("port1")).toBe(
      "netdevice port1 carries the host's IPv4 default route (table 100, via its upper macvlan mv1 over bridge br1)",
    );
  });

  it("named by an ip rule (oif, or iif of its upper) that selects a table with a default route", async () => {
    veth("wan0", 1);
    ip("route add default via 10.1.0.1 table 100");
    veth("lan0", 2);
    ip("rule add oif lan0 lookup 100 pref 1000");
    expect(await reason("lan0")).toBe(
      `netdevice lan0 is on the path of the host's IPv4 default route (ip rule 1000 "oif lan0 lookup 100" selects a table with a default route)`,
    );
    veth("lan1", 3);
    s.h.linkAdd({ name: "br2", kind: "bridge", up: true });
    s.h.linkSetMaster("lan1", "br2");
    ip("rule add iif br2 lookup 100 pref 1001");
    expect(await reason("lan1")).toBe(
      `netdevice lan1 is on the path of the host's IPv4 default route (ip rule 1001 "iif br2 lookup 100" selects a table with a default route, via its upper bridge br2)`,
    );
  });

  it("not: a connected route only, the uplink's veth peer, rules that lead to no forwarding default route or exclude it", async () => {
    veth("wan0", 1);
    s.h.routeAdd({ dst: "default", gateway: "10.1.0.1" });
    veth("only0", 2);
    s.h.routeAdd({ dst: "203.0.113.0/24", gateway: "10.2.0.1" });
    ip("route add 198.51.100.0/24 via 10.2.0.1 table 100");
    ip("rule add oif only0 lookup 100 pref 1000");
    ip("route add unreachable default table 200");
    ip("rule add iif only0 lookup 200 pref 999");
    ip("rule add not iif only0 lookup main pref 1001");
    ip("-6 rule add oif only0 lookup main pref 1002");
    expect(await reason("wan0")).toBeDefined();
    expect(await reason("only0")).toBeUndefined();
    expect(await reason("wan0p")).toBeUndefined(); // its IFLA_LINK is wan0, but a veth peer is no upper
    await expect(reason("nosuch0")).rejects.toMatchObject({ code: "ENODEV" });
  });
});

describe("uplinkReason where RTM_GETNEXTHOP is refused", () => {
  const link = (index: number, ifname: string) =>
    linkMessage.encode({ header: { family: 0, type: 1, index, flags: C.IFF_UP, change: 0 }, attrs: { ifname } });
  const rtmsg = { family: C.AF_INET, dstLen: 0, srcLen: 0, tos: 0, table: 254, protocol: 3, scope: 0, type: 1, flags: 0 };
  /** A host whose only default route uses nexthop 7, with oif 2 as nexthop_compat_mode adds, or not. */
  const host = (compatOif: boolean) =>
    new Handle({
      socket: () =>
        new FakeSocket((req) => {
          const dump = (req.header.flags & NLM_F_DUMP) === NLM_F_DUMP;
          if (req.header.type === C.RTM_GETLINK && !dump) return [fakeMessage(req, C.RTM_NEWLINK, link(2, "eth1"))];
          if (req.header.type === C.RTM_GETLINK) return fakeDump(req, C.RTM_NEWLINK, [link(1, "lo"), link(2, "eth1")]);
          if (req.header.type === C.RTM_GETROUTE) {
            const attrs = { table: 254, nhId: 7, ...(compatOif ? { oif: 2 } : {}) };
            return fakeDump(req, C.RTM_NEWROUTE, [routeMessage.encode({ header: rtmsg, attrs })]);
          }
          if (req.header.type === C.RTM_GETRULE) return fakeDump(req, C.RTM_NEWRULE, []);
          return [fakeError(req, 95)]; // RTM_GETNEXTHOP on a kernel before 5.3
        }),
    });

  it("treats the refusal as no nexthops: the route's own oif still counts, a bare RTA_NH_ID does not", async () => {
    expect(await uplinkReason(host(true), "eth1")).toBe("netdevice eth1 carries the host's IPv4 default route (table main)");
    expect(await uplinkReason(host(false), "eth1")).toBeUndefined();
  });
});
