// mode=macvlan on the real kernel, without dockerd: Docker's calls in Docker's order over the
// real socket, with a throwaway netns standing in for the host netns and a veth end as the parent.
// (The end-to-end run against a real dockerd is not part of this slice yet.)
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, UnderlayDriver } from "@underlay/driver";
import { constants as C, isUp } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";

let s: Scratch;
let dir: string;
let server: Server;
let socketPath: string;

async function start(): Promise<void> {
  server?.close();
  server?.closeAllConnections();
  server = await serve({ socketPath, driver: new UnderlayDriver({ stateDir: join(dir, "state"), handle: s.h }) });
}
function call(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // A fresh connection per call (no keep-alive), as each test restarts the server at will.
    const req = request({ socketPath, path: `/NetworkDriver.${method}`, method: "POST", agent: false }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(`${JSON.stringify(body)}\n`);
  });
}
const NET = "a".repeat(64);
const EP = "b".repeat(64);
const createNetwork = (generic: Record<string, string>, extra: Record<string, unknown> = {}) =>
  call("CreateNetwork", {
    NetworkID: NET,
    Options: { "com.docker.network.enable_ipv6": false, "com.docker.network.generic": generic, ...extra },
    IPv4Data: [{ AddressSpace: "LocalDefault", Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
    IPv6Data: [],
  });
const ids = { NetworkID: NET, EndpointID: EP };

beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
  dir = mkdtempSync(join(tmpdir(), "uldrv-"));
  socketPath = join(dir, "underlay.sock");
  await start();
});
afterEach(() => {
  server?.close();
  s?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
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
    expect(join.json).toEqual({ InterfaceName: { SrcName: `ul${"b".repeat(12)}`, DstPrefix: "eth" }, Gateway: "192.0.2.1" });
    const link = s.h.linkGet(`ul${"b".repeat(12)}`);
    expect(link.attrs).toMatchObject({
      mtu: 1400,
      link: s.h.linkIndex("up0"),
      linkinfo: { kind: "macvlan", data: { mode: C.MACVLAN_MODE_PRIVATE } },
    });
    expect(isUp(link)).toBe(false);
    expect((await call("Leave", ids)).status).toBe(200);
    expect((await call("DeleteEndpoint", ids)).status).toBe(200);
    expect(() => s.h.linkGet(`ul${"b".repeat(12)}`)).toThrow(expect.objectContaining({ code: "ENODEV" }));
    expect((await call("DeleteNetwork", { NetworkID: NET })).status).toBe(200);
    expect(
      s.h
        .linkList()
        .map((l) => l.attrs.ifname)
        .sort(),
    ).toEqual(["lo", "up0", "up1"]);
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
      InterfaceName: { SrcName: `ul${"b".repeat(12)}`, DstPrefix: "eth" },
      DisableGatewayService: true,
    });
  });

  it("survives a driver restart: the network and endpoint are resumed from the state folder", async () => {
    await createNetwork({ parent: "up0", prefix: "net" });
    await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    await start(); // a new driver process, same state folder; dockerd does not resend CreateNetwork
    expect((await call("Join", { ...ids, SandboxKey: "/x" })).json).toMatchObject({ InterfaceName: { DstPrefix: "net" } });
    expect(s.h.linkGet(`ul${"b".repeat(12)}`).attrs.linkinfo?.kind).toBe("macvlan");
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
    expect((await other({ mode: "ipvlan", parent: "up1" })).json.Err).toBe(
      "mode ipvlan is not implemented yet in this version of underlay; mode macvlan is",
    );
    expect((await call("Join", { NetworkID: "d".repeat(64), EndpointID: EP, SandboxKey: "/x" })).json.Err).toMatch(
      /^network d+ is not known to this driver/,
    );
  });
});
