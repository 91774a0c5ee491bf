// Announcements and probes on the real kernel: veth pairs between throwaway netns, and what the
// peer's kernel did, read back from its neighbour table (announce) or seen answering (probe).
import { announceAddresses, probeAddress } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";
import { neighbourMac, neighbours, plantStaleNeighbour, readUntil } from "../support/neighbours.js";

const STALE = "02:00:00:00:99:99";
let s: Scratch; // where the announcing / probing interface "a0" lives
let peer: Scratch; // the other end, "b0"

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  peer = s.other();
  s.h.linkAdd({ name: "a0", kind: "veth", peer: { name: "b0", netns: { name: peer.name } }, up: true });
  peer.h.linkSetUp("b0");
  peer.h.addrAdd("b0", "192.0.2.3/24");
  peer.h.addrAdd("b0", "2001:db8::3/64", { nodad: true });
});
afterEach(() => s?.dispose());

describe("announceAddresses", () => {
  it("moves a peer's stale IPv4 and IPv6 entries to the interface's MAC, the peer sending nothing", async () => {
    s.h.addrAdd("a0", "192.0.2.2/24");
    s.h.addrAdd("a0", "2001:db8::2/64", { nodad: true });
    plantStaleNeighbour(peer.name, "b0", "192.0.2.2", STALE);
    plantStaleNeighbour(peer.name, "b0", "2001:db8::2", STALE);
    const mac = s.h.linkGet("a0").attrs.address as string;
    const sent = announceAddresses({ netns: { name: s.name }, ifname: "a0", ipv4: "192.0.2.2/24", ipv6: "2001:db8::2/64" });
    expect(sent).toEqual({ mac, sent: ["arp", "na"] });
    expect(await readUntil(() => neighbourMac(peer.name, "b0", "192.0.2.2"), mac)).toBe(mac);
    expect(await readUntil(() => neighbourMac(peer.name, "b0", "2001:db8::2"), mac)).toBe(mac);
  });

  it("finds the interface by ifindex, and an interface that is not there is an error naming it", () => {
    const ifindex = s.h.linkIndex("a0");
    expect(announceAddresses({ netns: { name: s.name }, ifindex, ipv4: "192.0.2.2" }).sent).toEqual(["arp"]);
    expect(() => announceAddresses({ netns: { name: s.name }, ifname: "nosuch0", ipv4: "192.0.2.2" })).toThrow(
      expect.objectContaining({ code: "ENODEV", operation: "if_nametoindex nosuch0" }),
    );
  });
});

describe("probeAddress", () => {
  it("returns the MAC of the host that owns the address, for IPv4 and IPv6", async () => {
    const owner = peer.h.linkGet("b0").attrs.address as string;
    const where = { netns: { name: s.name }, ifname: "a0", timeoutMs: 500 };
    expect(await probeAddress({ ...where, address: "192.0.2.3/24" })).toEqual({ mac: owner });
    expect(await probeAddress({ ...where, address: "2001:db8::3" })).toEqual({ mac: owner });
  });

  it("returns undefined for an address nobody answers for, after the wait, without blocking the event loop", async () => {
    const where = { netns: { name: s.name }, ifname: "a0", timeoutMs: 200 };
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    const [v4, v6] = await Promise.all([
      probeAddress({ ...where, address: "192.0.2.9" }),
      probeAddress({ ...where, address: "2001:db8::9" }),
    ]);
    const took = performance.now() - t0;
    clearInterval(ticker);
    expect([v4, v6]).toEqual([undefined, undefined]);
    expect(took).toBeGreaterThanOrEqual(195);
    expect(took).toBeLessThan(1000);
    expect(ticks).toBeGreaterThanOrEqual(8); // timers ran all through the wait
  });

  it("leaves no trace on the owner: from sender 0.0.0.0 and :: its kernel learns no neighbour", async () => {
    const where = { netns: { name: s.name }, ifname: "a0", timeoutMs: 100 };
    expect(await probeAddress({ ...where, address: "192.0.2.3" })).toBeDefined();
    expect(await probeAddress({ ...where, address: "2001:db8::3" })).toBeDefined();
    const a0 = s.h.linkGet("a0").attrs.address;
    expect(neighbours(peer.name, "b0").filter((n) => n.lladdr === a0)).toEqual([]);
  });
});
