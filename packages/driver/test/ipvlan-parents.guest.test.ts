// mode=ipvlan, and parents Docker's builtin drivers create (parent.VID as 802.1Q, a dummy when
// there is no parent), on the guest rig's kernel; skipped with the reason elsewhere. Driven over
// the driver's socket as dockerd would, with a throwaway netns as the host netns.
import { constants as C, isUp } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { missingKind } from "../../netlink/test/support/live.js";
import { EP, type Harness, harness, NET, SRC } from "./support/harness.js";

let t: Harness;
const ids = { NetworkID: NET, EndpointID: EP };
afterEach(() => t?.dispose());

async function endpointAndJoin(iface: Record<string, string> = { Address: "192.0.2.3/24" }) {
  expect((await t.call("CreateEndpoint", { ...ids, Interface: iface })).status).toBe(200);
  return (await t.call("Join", { ...ids, SandboxKey: t.sandbox().key })).json;
}

describe("[guest] mode=ipvlan", () => {
  beforeEach(async (ctx) => {
    ctx.skip(missingKind("ipvlan") !== undefined, missingKind("ipvlan"));
    t = await harness();
    t.s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
  });

  it("[guest] l2: an ipvlan child with the mode and flag, the IPAM gateway, no MAC", async () => {
    expect((await t.createNetwork(NET, { mode: "ipvlan", parent: "up0", ipvlan_flag: "private" })).status).toBe(200);
    expect((await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } })).json).toEqual({});
    expect((await t.call("Join", { ...ids, SandboxKey: t.sandbox().key })).json).toEqual({
      InterfaceName: { SrcName: SRC, DstPrefix: "eth" },
      Gateway: "192.0.2.1",
    });
    expect(t.s.h.linkGet(SRC).attrs.linkinfo).toMatchObject({
      kind: "ipvlan",
      data: { mode: C.IPVLAN_MODE_L2, flags: C.IPVLAN_F_PRIVATE },
    });
  });

  it("[guest] DeleteEndpoint sets the link aside (no MAC of its own to change), and the batch deletes it", async () => {
    await t.createNetwork(NET, { mode: "ipvlan", parent: "up0" });
    await endpointAndJoin();
    const index = t.s.h.linkIndex(SRC);
    const release = t.driver().host.reaper.hold();
    expect((await t.call("DeleteEndpoint", ids)).status).toBe(200);
    expect(t.s.h.linkGet(index).attrs).toMatchObject({ ifname: `ul_${index}`, linkinfo: { kind: "ipvlan" } });
    release();
    await vi.waitFor(() => expect(t.s.h.linkList().map((l) => l.header.index)).not.toContain(index), { timeout: 10_000 });
  });

  it("[guest] l3: a connected default route and no gateway, as the builtin driver does", async () => {
    await t.createNetwork(NET, { mode: "ipvlan", parent: "up0", ipvlan_mode: "l3" });
    expect(await endpointAndJoin({ Address: "192.0.2.3/24", AddressIPv6: "2001:db8::3/64" })).toEqual({
      InterfaceName: { SrcName: SRC, DstPrefix: "eth" },
      StaticRoutes: [
        { Destination: "0.0.0.0/0", RouteType: 1 },
        { Destination: "::/0", RouteType: 1 },
      ],
      DisableGatewayService: true,
    });
    expect(t.s.h.linkGet(SRC).attrs.linkinfo).toMatchObject({ data: { mode: C.IPVLAN_MODE_L3 } });
    expect((await t.call("DeleteEndpoint", ids)).status).toBe(200);
    expect(() => t.s.h.linkGet(SRC)).toThrow(expect.objectContaining({ code: "ENODEV" }));
  });

  it("[guest] refuses a MAC from Docker, and a second ipvlan network on one parent even in the same mode", async () => {
    await t.createNetwork(NET, { mode: "ipvlan", parent: "up0", ipvlan_mode: "l3" });
    expect((await t.call("CreateEndpoint", { ...ids, Interface: { MacAddress: "02:42:00:00:00:01" } })).json).toEqual({
      Err: "ipvlan interfaces do not support custom mac address assignment",
    });
    for (const mode of ["l2", "l3"])
      expect((await t.createNetwork("c".repeat(64), { mode: "ipvlan", parent: "up0", ipvlan_mode: mode })).json.Err).toBe(
        `ipvlan network ${NET} is already using parent interface up0: one ipvlan network per parent`,
      );
    // Another parent is fine: up0.10 is a link of its own (created as 802.1Q).
    expect((await t.createNetwork("c".repeat(64), { mode: "ipvlan", parent: "up0.10", ipvlan_mode: "l3" })).status).toBe(200);
  });
});

describe("[guest] parents the driver creates", () => {
  beforeEach(async (ctx) => {
    ctx.skip(
      missingKind("vlan") !== undefined || missingKind("dummy") !== undefined,
      missingKind("vlan") ?? missingKind("dummy"),
    );
    t = await harness();
    t.s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
  });

  it("[guest] parent up0.50 is created as an 802.1Q sub-interface and deleted with the last network using it", async () => {
    await t.createNetwork(NET, { parent: "up0.50" });
    const vlan = t.s.h.linkGet("up0.50");
    expect(vlan.attrs.linkinfo).toMatchObject({ kind: "vlan", data: { id: 50, protocol: C.ETH_P_8021Q } });
    expect(isUp(vlan)).toBe(true);
    await endpointAndJoin();
    expect(t.s.h.linkGet(SRC).attrs.link).toBe(vlan.header.index);
    await t.call("DeleteNetwork", { NetworkID: NET });
    expect(() => t.s.h.linkGet("up0.50")).toThrow(expect.objectContaining({ code: "ENODEV" }));
    expect(() => t.s.h.linkGet(SRC)).toThrow(expect.objectContaining({ code: "ENODEV" }));
  });

  it("[guest] up0.70 made for one network is shared by a second, and deleted only with the last (moby 27+)", async () => {
    await t.createNetwork(NET, { parent: "up0.70" });
    await t.createNetwork("c".repeat(64), { parent: "up0.70" });
    await t.call("DeleteNetwork", { NetworkID: NET });
    expect(isUp(t.s.h.linkGet("up0.70"))).toBe(true);
    await t.start(); // and across a restart
    expect(await t.driver().reconcile()).toEqual([]);
    await t.call("DeleteNetwork", { NetworkID: "c".repeat(64) });
    expect(() => t.s.h.linkGet("up0.70")).toThrow(expect.objectContaining({ code: "ENODEV" }));
  });

  it("[guest] a pre-existing parent.VID is used and never deleted", async () => {
    t.s.h.linkAdd({ name: "up0.60", kind: "vlan", parent: "up0", id: 60 });
    await t.createNetwork(NET, { parent: "up0.60" });
    await t.call("DeleteNetwork", { NetworkID: NET });
    expect(t.s.h.linkGet("up0.60").attrs.ifname).toBe("up0.60");
  });

  it("[guest] no parent: a dummy link named after the network, deleted with it", async () => {
    await t.createNetwork(NET, {}, { "com.docker.network.internal": true });
    const dummy = t.s.h.linkGet(`ul-${NET.slice(0, 12)}`);
    expect(dummy.attrs.linkinfo?.kind).toBe("dummy");
    expect(await endpointAndJoin()).toEqual({ InterfaceName: { SrcName: SRC, DstPrefix: "eth" }, DisableGatewayService: true });
    await t.call("DeleteNetwork", { NetworkID: NET });
    expect(() => t.s.h.linkGet(`ul-${NET.slice(0, 12)}`)).toThrow(expect.objectContaining({ code: "ENODEV" }));
  });

  it("[guest] a bad VLAN id in the parent name is refused", async () => {
    expect((await t.createNetwork(NET, { parent: "up0.5000" })).json.Err).toBe("vlan id must be between 1-4094, received: 5000");
    expect((await t.createNetwork(NET, { parent: "nosuch.5" })).json.Err).toBe(
      "parent nosuch of nosuch.5 was not found on the host",
    );
  });
});
