// Issue 10 §1 on the host kernel, over the driver's socket: the gateway of the endpoint's own
// subnet (IPv4 and IPv6 separately) on a multi-subnet network; --internal with a parent sits on
// that parent; a parentless network's isolated parent has carrier (the veth fallback, both ends up).
// Issue 11 §3: a swarm-scoped network without --config-from is refused.
import { describe, expect, it } from "vitest";
import { EP, type Harness, harnessPerTest, NET, SRC } from "./support/harness.js";

let t: Harness;
harnessPerTest((h) => {
  t = h;
});

const IF_OPER_UP = 6;

async function joinWith(id: string, address: string, addressV6 = "") {
  await t.call("CreateEndpoint", { NetworkID: NET, EndpointID: id, Interface: { Address: address, AddressIPv6: addressV6 } });
  return (await t.call("Join", { NetworkID: NET, EndpointID: id, SandboxKey: t.sandbox().key })).json;
}

describe("addressing as Docker's builtin drivers do it", () => {
  it("several subnets: Join returns the gateway of the subnet holding the address, for IPv4 and IPv6 apart", async () => {
    // The macvlan documentation's example, plus two IPv6 subnets.
    const r = await t.call("CreateNetwork", {
      NetworkID: NET,
      Options: { "com.docker.network.generic": { parent: "up0" } },
      IPv4Data: [
        { Pool: "192.168.216.0/24", Gateway: "192.168.216.1/24" },
        { Pool: "192.168.218.0/24", Gateway: "192.168.218.1/24" },
      ],
      IPv6Data: [
        { Pool: "fd00:216::/64", Gateway: "fd00:216::1/64" },
        { Pool: "fd00:218::/64", Gateway: "fd00:218::1/64" },
      ],
    });
    expect(r.status).toBe(200);
    expect(await joinWith("e1", "192.168.218.5/24", "fd00:216::5/64")).toMatchObject({
      Gateway: "192.168.218.1",
      GatewayIPv6: "fd00:216::1",
    });
    expect(await joinWith("e2", "192.168.216.9/24", "fd00:218::9/64")).toMatchObject({
      Gateway: "192.168.216.1",
      GatewayIPv6: "fd00:218::1",
    });
    // IPv4 only: no IPv6 gateway is named.
    expect(await joinWith("e3", "192.168.216.10/24")).toEqual({
      InterfaceName: { SrcName: "ule3", DstPrefix: "eth" },
      Gateway: "192.168.216.1",
    });
  });

  it("--internal with -o parent: the containers sit on that parent, with no gateway, and no isolated parent is made", async () => {
    expect((await t.createNetwork(NET, { parent: "up0" }, { "com.docker.network.internal": true })).status).toBe(200);
    expect(await joinWith(EP, "192.0.2.3/24")).toEqual({
      InterfaceName: { SrcName: SRC, DstPrefix: "eth" },
      DisableGatewayService: true,
    });
    expect(t.s.h.linkGet(SRC).attrs.link).toBe(t.s.h.linkIndex("up0"));
    expect(t.s.h.linkList().map((l) => l.attrs.ifname)).not.toContain(`ul-${NET.slice(0, 12)}`);
  });

  it("no parent: an isolated parent with carrier (on this kernel a veth pair, both ends up), internal", async () => {
    expect((await t.createNetwork(NET, {})).status).toBe(200);
    const parent = t.s.h.linkGet(`ul-${NET.slice(0, 12)}`);
    expect(parent.attrs.operstate === IF_OPER_UP || parent.attrs.linkinfo?.kind === "dummy").toBe(true);
    expect(await joinWith(EP, "192.0.2.3/24")).toMatchObject({ DisableGatewayService: true });
    expect(t.s.h.linkGet(SRC).attrs.link).toBe(parent.header.index);
    expect((await t.call("DeleteEndpoint", { NetworkID: NET, EndpointID: EP })).status).toBe(200);
    expect((await t.call("DeleteNetwork", { NetworkID: NET })).status).toBe(200);
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
  });
});

describe("swarm-scoped networks (a swarmkit ID: 25 characters of [0-9a-z])", () => {
  const SWARM_NET = "k3x9w2m1q8z7v6b5n4c3d2f1g";

  it("without options (no --config-from) refused, naming --config-only and --config-from; nothing made", async () => {
    const before = t.linkNames();
    const r = await t.createNetwork(SWARM_NET, {});
    expect(r.status).toBe(500);
    expect(r.json.Err).toMatch(/--config-only .*--config-from/);
    expect(t.linkNames()).toEqual(before);
    expect(t.driver().status().networks).toEqual([]);
  });

  it("with a configuration network's options: made, and a repeated CreateNetwork for that ID is answered alike", async () => {
    for (let i = 0; i < 2; i++) expect((await t.createNetwork(SWARM_NET, { parent: "up0" })).json).toEqual({});
    expect(
      t
        .driver()
        .status()
        .networks.map((n) => [n.id, n.options.parent]),
    ).toEqual([[SWARM_NET, "up0"]]);
  });
});
