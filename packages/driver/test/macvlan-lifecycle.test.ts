// mode=macvlan on the real kernel, without dockerd: Docker's calls in Docker's order over the
// real socket, with a throwaway netns standing in for the host netns and a veth end as the parent.
// (The end-to-end run against a real dockerd is not part of this slice yet.)
import { UnderlayDriver } from "@underlay/driver";
import { constants as C, isUp } from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { EP, type Harness, harnessPerTest, NET, SRC } from "./support/harness.js";

let t: Harness;
const ids = { NetworkID: NET, EndpointID: EP };
const call = (m: string, b: unknown) => t.call(m, b);
const createNetwork = (generic: Record<string, string>, extra?: Record<string, unknown>) => t.createNetwork(NET, generic, extra);

harnessPerTest((h) => {
  t = h;
});

describe("mode=macvlan lifecycle", () => {
  it("CreateNetwork, CreateEndpoint, Join, Leave, DeleteEndpoint, DeleteNetwork", async () => {
    expect(
      await createNetwork({ parent: "up0", macvlan_mode: "private", "com.docker.network.driver.mtu": "1400" }),
    ).toMatchObject({ status: 200 });
    const ep = await call("CreateEndpoint", {
      ...ids,
      Interface: { Address: "192.0.2.3/24", AddressIPv6: "", MacAddress: "" },
      Options: {},
    });
    // No MAC came from Docker, so one goes back; the address Docker supplied is not echoed.
    expect(ep.status).toBe(200);
    expect(ep.json).toEqual({ Interface: { MacAddress: expect.stringMatching(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/) } });
    const join = await call("Join", { ...ids, SandboxKey: "/var/run/docker/netns/x", Options: {} });
    expect(join.json).toEqual({ InterfaceName: { SrcName: SRC, DstPrefix: "eth" }, Gateway: "192.0.2.1" });
    const link = t.s.h.linkGet(SRC);
    expect(link.attrs).toMatchObject({
      mtu: 1400,
      link: t.s.h.linkIndex("up0"),
      linkinfo: { kind: "macvlan", data: { mode: C.MACVLAN_MODE_PRIVATE } },
    });
    expect(isUp(link)).toBe(false);
    expect((await call("Leave", ids)).status).toBe(200);
    expect((await call("DeleteEndpoint", ids)).status).toBe(200);
    expect(() => t.s.h.linkGet(SRC)).toThrow(expect.objectContaining({ code: "ENODEV" }));
    expect((await call("DeleteNetwork", { NetworkID: NET })).status).toBe(200);
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
  });

  it("a MAC Docker supplied is not echoed back", async () => {
    await createNetwork({ parent: "up0" });
    const ep = await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24", MacAddress: "02:42:c0:00:02:03" } });
    expect(ep.json).toEqual({});
  });

  it("an internal network disables the gateway service instead of naming a gateway", async () => {
    await createNetwork({ parent: "up0" }, { "com.docker.network.internal": true });
    await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    expect((await call("Join", { ...ids, SandboxKey: "/x" })).json).toEqual({
      InterfaceName: { SrcName: SRC, DstPrefix: "eth" },
      DisableGatewayService: true,
    });
  });

  it("survives a driver restart: the network and endpoint are resumed from the state folder", async () => {
    await createNetwork({ parent: "up0", prefix: "net" });
    await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    await t.start(); // a new driver process, same state folder; dockerd does not resend CreateNetwork
    expect((await call("Join", { ...ids, SandboxKey: "/x" })).json).toMatchObject({ InterfaceName: { DstPrefix: "net" } });
    expect(t.s.h.linkGet(SRC).attrs.linkinfo?.kind).toBe("macvlan");
  });

  it("Join records the new link's ifindex, and a Join retried over a link a crash left replaces that link", async () => {
    await createNetwork({ parent: "up0" });
    await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    // What a Join that crashed after its link add left: the link, and a record without it.
    t.s.h.linkAdd({ name: SRC, kind: "macvlan", parent: "up0" });
    const left = t.s.h.linkIndex(SRC);
    expect((await call("Join", { ...ids, SandboxKey: "/x" })).status).toBe(200);
    const now = t.s.h.linkIndex(SRC);
    expect(now).not.toBe(left);
    expect(() => t.s.h.linkGet(left)).toThrow(expect.objectContaining({ code: "ENODEV" }));
    expect(t.driver().store.endpoint(EP)).toMatchObject({ link: SRC, ifindex: now, joined: true });
  });

  it("reconcile after a crash: releases an endpoint whose container is gone, and touches only links it recorded", async () => {
    await createNetwork({ parent: "up0" });
    await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    const box = t.sandbox();
    await call("Join", { ...ids, SandboxKey: box.key }); // the link stays in the host netns
    box.remove(); // the container is gone, and Docker never said so (the driver was down)
    t.s.h.linkAdd({ name: "ul0123456789ab", kind: "macvlan", parent: "up0" }); // looks like ours, is not recorded
    // Join was long ago (no grace left), as it is when a driver comes back after a while.
    const report = await new UnderlayDriver({ stateDir: t.stateDir, handle: t.s.h, joinGraceMs: 0 }).reconcile();
    expect(report).toEqual([`endpoint ${EP} of network ${NET}: its container's netns ${box.key} is gone: released`]);
    expect(t.linkNames()).toEqual(["lo", "ul0123456789ab", "up0", "up1"]);
    expect(await new UnderlayDriver({ stateDir: t.stateDir, handle: t.s.h }).reconcile()).toEqual([]);
  });

  it("a repeated CreateNetwork is accepted; bad options and missing parents are refused clearly", async () => {
    expect((await createNetwork({ parent: "up0" })).status).toBe(200);
    expect((await createNetwork({ parent: "up0" })).status).toBe(200);
    const other = (generic: Record<string, string>) =>
      call("CreateNetwork", {
        NetworkID: "c".repeat(64),
        Options: { "com.docker.network.generic": generic },
        IPv4Data: [],
        IPv6Data: [],
      });
    expect(await other({ parent: "up0", macvlan_mode: "fast" })).toEqual({
      status: 500,
      json: { Err: 'invalid macvlan_mode "fast": allowed values are bridge, vepa, private, passthru' },
    });
    expect((await other({ parent: "nosuch0" })).json.Err).toBe(
      "parent nosuch0 was not found on the host (a name like eth0.10 is created as an 802.1Q sub-interface of eth0)",
    );
    expect((await other({ parent: "up0", macvlan_mode: "passthru" })).json.Err).toBe(
      `cannot use mode passthru, macvlan network ${NET} is already using parent interface up0`,
    );
    expect((await other({ mode: "ipvlan", parent: "up0" })).json.Err).toBe(
      `parent up0 already carries macvlan network ${NET}: a link cannot have macvlan and ipvlan children at once`,
    );
    expect((await other({ mode: "sriov", netdevice: "up1" })).json.Err).toBe(
      "up1 is not a PCI network device here (/sys/class/net/up1/device is missing)",
    );
    expect((await call("Join", { NetworkID: "d".repeat(64), EndpointID: EP, SandboxKey: "/x" })).json.Err).toMatch(
      /^network d+ is not known to this driver/,
    );
  });
});
