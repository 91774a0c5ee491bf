// CreateEndpoint probes the endpoint's addresses on the parent (addr_probe) and refuses one that
// another host answers for, leaving nothing behind; over the real socket, on the real kernel,
// with a netns on the parent's segment standing for the other host.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { EP, type Harness, harness, NET } from "./support/harness.js";
import { type Segment, segmentWithPeer } from "./support/segment.js";

let t: Harness;
let seg: Segment;
const SWARM_NET = "0123456789abcdefghijklmno"; // swarmkit's 25 characters of [0-9a-z]

beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  t = await harness();
  seg = segmentWithPeer(t, ["192.0.2.50/24", "2001:db8::50/64"]);
});
afterEach(() => t?.dispose());

const createEndpoint = (network: string, address: string, addressV6 = "") =>
  t.call("CreateEndpoint", { NetworkID: network, EndpointID: EP, Interface: { Address: address, AddressIPv6: addressV6 } });

/** What the driver holds after a refusal: no endpoint record, no link in the host netns. */
const leftBehind = () => ({ endpoints: t.endpointIds(), links: t.linkNames() });

describe("addr_probe at CreateEndpoint", () => {
  it("on: an IPv4 address another host answers for is refused, naming it and the MAC, and nothing is left", async () => {
    await t.createNetwork(NET, { parent: "up0", addr_probe: "on" });
    const before = leftBehind();
    expect(await createEndpoint(NET, "192.0.2.50/24")).toEqual({
      status: 500,
      json: { Err: `address 192.0.2.50 is already in use on parent up0 (answered by ${seg.peerMac})` },
    });
    expect(leftBehind()).toEqual({ ...before, endpoints: [] });
    // The address is free again: the same endpoint is accepted (and Join works) with another one.
    expect((await createEndpoint(NET, "192.0.2.51/24")).status).toBe(200);
    expect(t.endpointIds()).toEqual([EP]);
  });

  it("on: an IPv6 address another host answers for (DAD) is refused, its IPv4 one being free", async () => {
    await t.createNetwork(NET, { parent: "up0", addr_probe: "on" });
    expect((await createEndpoint(NET, "192.0.2.7/24", "2001:db8::50/64")).json).toEqual({
      Err: `address 2001:db8::50 is already in use on parent up0 (answered by ${seg.peerMac})`,
    });
    expect(t.endpointIds()).toEqual([]);
  });

  it("on: free addresses are accepted after the wait (addr_probe_ms)", async () => {
    await t.createNetwork(NET, { parent: "up0", addr_probe: "on", addr_probe_ms: "300" });
    const t0 = performance.now();
    expect((await createEndpoint(NET, "192.0.2.7/24", "2001:db8::7/64")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295); // both probes waited, side by side
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it("off: the address another host answers for is accepted (the local IPAM is trusted)", async () => {
    await t.createNetwork(NET, { parent: "up0", addr_probe: "off" });
    expect(await createEndpoint(NET, "192.0.2.50/24")).toMatchObject({ status: 200 });
    expect(t.endpointIds()).toEqual([EP]);
  });

  it("passthrough: the NIC itself is probed, and a refused endpoint leaves it free for the next", async () => {
    await t.createNetwork(NET, { mode: "passthrough", netdevice: "up0", addr_probe: "on" });
    expect((await createEndpoint(NET, "192.0.2.50/24")).json.Err).toMatch(
      /^address 192\.0\.2\.50 is already in use on parent up0/,
    );
    expect((await createEndpoint(NET, "192.0.2.51/24")).status).toBe(200);
    expect(t.endpointIds()).toEqual([EP]);
  });

  it("unset: on for a swarm-scoped network, off for a local one", async () => {
    await t.createNetwork(SWARM_NET, { parent: "up0" });
    expect((await createEndpoint(SWARM_NET, "192.0.2.50/24")).json.Err).toMatch(/^address 192\.0\.2\.50 is already in use/);
    await t.createNetwork(NET, { parent: "up0" });
    expect((await createEndpoint(NET, "192.0.2.50/24")).status).toBe(200);
  });
});
