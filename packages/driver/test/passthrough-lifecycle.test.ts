// mode=passthrough on the real kernel, without dockerd: a throwaway netns stands in for the host
// netns, with a veth end as the netdev handed over. (The run through a real dockerd is in
// docker-passthrough.e2e.test.ts.)
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { EP, type Harness, harness, NET } from "./support/harness.js";

let t: Harness;
const ids = { NetworkID: NET, EndpointID: EP };
beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  t = await harness();
  t.s.h.linkAdd({ name: "pt0", kind: "veth", peer: { name: "pt1" }, address: "02:00:00:00:70:00", mtu: 1500 });
  t.s.h.linkAdd({ name: "uplink0", kind: "veth", peer: { name: "uplink1" }, up: true });
  t.s.h.addrAdd("uplink0", "198.51.100.2/24");
  t.s.h.routeAdd({ dst: "default", gateway: "198.51.100.1" });
});
afterEach(() => t?.dispose());

describe("mode=passthrough", () => {
  it("hands over the netdev, one endpoint at a time, and restores its MAC and MTU", async () => {
    expect(
      (await t.createNetwork(NET, { mode: "passthrough", netdevice: "pt0", "com.docker.network.driver.mtu": "1400" })).status,
    ).toBe(200);
    expect((await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } })).json).toEqual({});
    expect((await t.call("CreateEndpoint", { NetworkID: NET, EndpointID: "f".repeat(64), Interface: {} })).json.Err).toBe(
      `passthrough network ${NET} already has endpoint ${EP}: its netdevice pt0 is in use by another container`,
    );
    expect((await t.call("Join", { ...ids, SandboxKey: "/x" })).json).toEqual({
      InterfaceName: { SrcName: "pt0", DstPrefix: "eth" },
      Gateway: "192.0.2.1",
    });
    expect(t.s.h.linkGet("pt0").attrs.mtu).toBe(1400);
    t.s.h.linkSetAddress("pt0", "02:42:c0:00:02:03"); // what libnetwork does with --mac-address
    await t.call("Leave", ids);
    await t.call("DeleteEndpoint", ids);
    expect(t.s.h.linkGet("pt0").attrs).toMatchObject({ address: "02:00:00:00:70:00", mtu: 1500 });
    expect((await t.call("CreateEndpoint", { ...ids, Interface: {} })).status).toBe(200);
  });

  it("checks again at Join: a NIC that became the uplink after CreateNetwork is refused, and stays on the host", async () => {
    t.s.h.linkSetUp("pt0");
    t.s.h.addrAdd("pt0", "203.0.113.2/24");
    expect((await t.createNetwork(NET, { mode: "passthrough", netdevice: "pt0" })).status).toBe(200);
    expect((await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } })).status).toBe(200);
    // Meanwhile a default route comes to use it (in table 100: any table counts).
    execFileSync("ip", ["-n", t.s.name, "route", "add", "default", "via", "203.0.113.1", "dev", "pt0", "table", "100"]);
    expect((await t.call("Join", { ...ids, SandboxKey: t.sandbox().key })).json.Err).toMatch(
      /^netdevice pt0 carries the host's IPv4 default route \(table 100.*\): handing it to a container would cut the host off/,
    );
    expect(t.s.h.linkGet("pt0").attrs.ifname).toBe("pt0");
  });

  it("refuses the default-route interface unless force=1, a missing netdev, and a netdev handed over twice", async () => {
    expect((await t.createNetwork(NET, { mode: "passthrough", netdevice: "uplink0" })).json.Err).toMatch(
      /^netdevice uplink0 carries the host's IPv4 default route \(.+\): handing it to a container would cut the host off \(add -o force=1 if you mean it\)$/,
    );
    expect((await t.createNetwork(NET, { mode: "passthrough", netdevice: "uplink0", force: "1" })).status).toBe(200);
    expect((await t.createNetwork("c".repeat(64), { mode: "passthrough", netdevice: "uplink0", force: "1" })).json.Err).toBe(
      `netdevice uplink0 is already handed over by passthrough network ${NET}`,
    );
    expect((await t.createNetwork("d".repeat(64), { mode: "passthrough", netdevice: "nosuch0" })).json.Err).toBe(
      "netdevice nosuch0 was not found on the host",
    );
  });
});
