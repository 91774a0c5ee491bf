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
  type RouteMessage,
  routeDst,
  routeMessage,
  splitMessages,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";

function messagesOf(name: string) {
  const fx = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/replies", `${name}.json`), "utf8"));
  return (fx.datagrams as string[]).flatMap((hex) => splitMessages(Buffer.from(hex, "hex"))).filter((m) => m.header.type >= 16);
}

const codecs = { [C.RTM_NEWLINK]: linkMessage, [C.RTM_NEWADDR]: addrMessage, [C.RTM_NEWROUTE]: routeMessage };

describe.each(["link-get-veth", "link-get-macvlan", "link-get-bridge", "addr-dump", "route-dump"])("reply %s", (name) => {
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
