// The real `underlay` binary changing real links, addresses and routes in a throwaway netns, with
// ip's keywords; every change is read back from the kernel with our own handle.
import { constants as C, type LinkMessage } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, missingKind, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay, underlayOk } from "./support/cli.js";

let s: Scratch;
const ok = (...args: string[]) => underlayOk(s.name, ...args);
const fails = (...args: string[]) => underlay(["-n", s.name, ...args]);
const links = () => s.h.linkList().map((l) => l.attrs.ifname);
const data = (l: LinkMessage) => l.attrs.linkinfo?.data as Record<string, unknown>;

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  ctx.skip(missingCliBuild() !== undefined, missingCliBuild());
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
});
afterEach(() => s?.dispose());

describe("underlay link add / set / del", () => {
  it("link add … type macvlan mode vepa: kind, mode, parent, mtu and address as the kernel has them", async () => {
    await ok(
      "link",
      "add",
      "link",
      "va",
      "name",
      "mv0",
      "mtu",
      "1400",
      "address",
      "02:00:00:00:00:0a",
      "type",
      "macvlan",
      "mode",
      "vepa",
    );
    const l = s.h.linkGet("mv0");
    expect(l.attrs).toMatchObject({ mtu: 1400, address: "02:00:00:00:00:0a", link: s.h.linkIndex("va") });
    expect(l.attrs.linkinfo?.kind).toBe("macvlan");
    expect(data(l).mode).toBe(C.MACVLAN_MODE_VEPA);
  });
  it("link add v0 type veth peer name v1 netns OTHER: the peer is created in the other netns", async () => {
    const other = s.other();
    await ok("link", "add", "v0", "up", "type", "veth", "peer", "name", "v1", "netns", other.name);
    expect(s.h.linkGet("v0").header.flags & C.IFF_UP).toBeTruthy();
    expect(other.h.linkGet("v1").attrs.linkinfo?.kind).toBe("veth");
    expect(links()).not.toContain("v1");
  });
  it("link set DEV up mtu name address alias: one message, all read back", async () => {
    await ok("link", "add", "mv0", "link", "va", "type", "macvlan");
    await ok(
      "link",
      "set",
      "dev",
      "mv0",
      "up",
      "mtu",
      "1300",
      "name",
      "mv1",
      "address",
      "02:00:00:00:00:0b",
      "alias",
      "cli test",
    );
    const l = s.h.linkGet("mv1");
    expect(l.attrs).toMatchObject({ mtu: 1300, address: "02:00:00:00:00:0b", ifalias: "cli test" });
    expect(l.header.flags & C.IFF_UP).toBeTruthy();
    await ok("link", "set", "mv1", "down");
    expect(s.h.linkGet("mv1").header.flags & C.IFF_UP).toBe(0);
  });
  it("link set DEV netns OTHER moves it", async () => {
    const other = s.other();
    await ok("link", "add", "mv0", "link", "va", "type", "macvlan");
    await ok("link", "set", "mv0", "netns", other.name);
    expect(links()).not.toContain("mv0");
    expect(other.h.linkGet("mv0").attrs.linkinfo?.kind).toBe("macvlan");
  });
  it("link set DEV master BR / nomaster", async (ctx) => {
    ctx.skip(missingKind("bridge") !== undefined, missingKind("bridge"));
    await ok("link", "add", "br0", "type", "bridge", "stp_state", "1");
    expect(data(s.h.linkGet("br0")).stpState).toBe(1);
    await ok("link", "set", "vb", "master", "br0");
    expect(s.h.linkGet("vb").attrs.master).toBe(s.h.linkIndex("br0"));
    await ok("link", "set", "vb", "nomaster");
    expect(s.h.linkGet("vb").attrs.master).toBeUndefined();
  });
  it("link del DEV deletes it; a second del fails with the kernel's reason", async () => {
    await ok("link", "add", "mv0", "link", "va", "type", "macvlan");
    await ok("link", "del", "mv0");
    expect(links()).not.toContain("mv0");
    expect(await fails("link", "del", "mv0")).toMatchObject({
      code: 1,
      stderr: "underlay: link del mv0: ENODEV (no such device)\n",
    });
  });
  it("link show type KIND and up filter", async () => {
    await ok("link", "add", "mv0", "link", "va", "type", "macvlan");
    const out = await underlayOk(s.name, "-j", "link", "show", "type", "macvlan");
    expect(JSON.parse(out).map((l: { ifname: string }) => l.ifname)).toEqual(["mv0"]);
    const up = JSON.parse(await underlayOk(s.name, "-j", "link", "show", "up"));
    expect(up.map((l: { ifname: string }) => l.ifname)).toContain("va");
    expect(up.map((l: { ifname: string }) => l.ifname)).not.toContain("mv0");
  });
});

describe("underlay address / route add / del", () => {
  it("addr add/del and route add/del, read back from the kernel", async () => {
    await ok("addr", "add", "192.0.2.1/24", "dev", "va", "label", "va:cli");
    await ok("addr", "add", "2001:db8::1/64", "dev", "va", "nodad");
    const addrs = s.h.addrList({ dev: "va" });
    expect(addrs.find((a) => a.attrs.local === "192.0.2.1")).toMatchObject({
      header: { prefixlen: 24 },
      attrs: { label: "va:cli" },
    });
    expect(addrs.some((a) => a.attrs.address === "2001:db8::1" && a.header.prefixlen === 64)).toBe(true);
    await ok("route", "add", "198.51.100.0/24", "via", "192.0.2.254", "dev", "va", "metric", "7");
    await ok("route", "add", "default", "via", "192.0.2.253");
    const routes = s.h.routeList();
    expect(routes.find((r) => r.attrs.dst === "198.51.100.0")).toMatchObject({
      header: { dstLen: 24 },
      attrs: { gateway: "192.0.2.254", priority: 7, oif: s.h.linkIndex("va") },
    });
    expect(routes.some((r) => r.attrs.dst === undefined && r.attrs.gateway === "192.0.2.253")).toBe(true);
    await ok("route", "del", "198.51.100.0/24", "via", "192.0.2.254", "metric", "7");
    await ok("addr", "del", "192.0.2.1/24", "dev", "va");
    expect(s.h.routeList().some((r) => r.attrs.dst === "198.51.100.0")).toBe(false);
    expect(s.h.addrList({ dev: "va" }).some((a) => a.attrs.local === "192.0.2.1")).toBe(false);
  });
});

describe("bad input: one line on stderr naming what is allowed, ip's exit code, nothing half-made", () => {
  it.each([
    [["link", "set", "va", "mtu"], 255, 'underlay: link set: "mtu" needs a value\n'],
    [["link", "set", "va", "mtu", "-3"], 255, 'underlay: link set: invalid mtu "-3": allowed values are 0-4294967295\n'],
    [
      ["link", "set", "va", "colour", "red"],
      255,
      /^underlay: either "dev" is duplicate, or "colour" is a garbage\. \(link set keywords: up, down, name, /,
    ],
    [
      ["link", "add", "x0", "type", "wireguard"],
      2, // as ip: "Unknown device type", from the kernel
      'underlay: link add: unknown type "wireguard": underlay knows macvlan, ipvlan, vlan, veth, dummy, bridge, vxlan, bond, vrf\n',
    ],
    [
      ["link", "add", "x0", "link", "va", "type", "macvlan", "mode", "loud"],
      255,
      'underlay: link add: invalid macvlan mode "loud": allowed values are private, vepa, bridge, passthru, source\n',
    ],
    [["link", "add", "x0"], 1, 'underlay: Not enough information: "type" argument is required\n'],
    [
      ["link", "add", "x0", "link", "nosuch", "type", "macvlan"],
      1,
      "underlay: link add x0: link nosuch: ENODEV (no such device)\n",
    ],
    [
      ["addr", "add", "192.0.2.9/24", "dev", "nosuch"],
      1,
      "underlay: address add 192.0.2.9/24: dev nosuch: ENODEV (no such device)\n",
    ],
    [["route", "add", "default", "dev", "nosuch"], 1, "underlay: route add default: dev nosuch: ENODEV (no such device)\n"],
    [["addr", "add", "192.0.2.1/33", "dev", "va"], 1, /^underlay: invalid prefix/],
    [
      ["route", "add", "default", "via", "2001:db8::1", "dev", "va", "metric", "x"],
      255,
      'underlay: route add: invalid metric "x": allowed values are 0-4294967295\n',
    ],
    [
      ["vf", "set", "va", "0", "spoofchk", "maybe"],
      255,
      'underlay: vf set va: invalid spoofchk "maybe": allowed values are on, off\n',
    ],
    [
      ["vf", "set", "va", "0", "state", "up"],
      255,
      'underlay: vf set va: invalid state "up": allowed values are auto, enable, disable\n',
    ],
  ])("%j", async (args, code, stderr) => {
    const before = links();
    const r = await fails(...args);
    expect(r.code).toBe(code);
    if (typeof stderr === "string") expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(links()).toEqual(before);
  });
  it("the kernel's ext-ack text reaches the message", async () => {
    const r = await fails("addr", "add", "192.0.2.1/24", "dev", "va");
    expect(r.code).toBe(0);
    const again = await fails("addr", "add", "192.0.2.1/24", "dev", "va");
    expect(again).toMatchObject({
      code: 2, // as ip: the kernel refused
      stderr: expect.stringMatching(/^underlay: address add 192\.0\.2\.1\/24 dev va: EEXIST/),
    });
  });
  it("an unknown command", async () => {
    expect(await fails("lnk")).toMatchObject({
      code: 1,
      stderr: 'underlay: Object "lnk" is unknown, try "underlay help".\n',
    });
  });
});
