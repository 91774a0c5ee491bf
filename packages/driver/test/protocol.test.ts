// The remote driver protocol, driven exactly as dockerd drives it: POST over a unix socket, only
// an Accept header, empty bodies for Activate and GetCapabilities, Go's JSON with a trailing
// newline. The driver behind it is a recording test double: this file tests the protocol layer.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { METHODS, serve } from "@underlay/driver";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { go, postTo, recorder } from "./support/protocol-client.js";

let dir: string;
let socketPath: string;
let server: Server;
const { driver, calls } = recorder();
const errors: string[] = [];
const post = (method: string, body?: string, verb?: string) => postTo(socketPath, method, body, verb);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "uldrv-"));
  socketPath = join(dir, "underlay.sock");
  server = await serve({ socketPath, driver, onError: (m) => errors.push(m) });
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("handshake", () => {
  it("Plugin.Activate with an empty body", async () => {
    expect(await post("Plugin.Activate")).toMatchObject({
      status: 200,
      type: "application/vnd.docker.plugins.v1.1+json",
      json: { Implements: ["NetworkDriver"] },
    });
  });
  it("GetCapabilities with an empty body: local scope, global connectivity", async () => {
    expect((await post("NetworkDriver.GetCapabilities")).json).toEqual({ Scope: "local", ConnectivityScope: "global" });
  });
  it("the socket is mode 0600", () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  });
});

describe("every NetworkDriver endpoint answers 200 with JSON", () => {
  const ids = { NetworkID: "n".repeat(64), EndpointID: "e".repeat(64) };
  it.each([
    [
      "NetworkDriver.CreateNetwork",
      {
        NetworkID: ids.NetworkID,
        Options: { "com.docker.network.enable_ipv6": false, "com.docker.network.generic": { parent: "eth0.50" } },
        IPv4Data: [{ AddressSpace: "LocalDefault", Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
        IPv6Data: [],
      },
      {},
    ],
    [
      "NetworkDriver.CreateEndpoint",
      { ...ids, Interface: { Address: "192.0.2.3/24", AddressIPv6: "", MacAddress: "" }, Options: {} },
      {},
    ],
    ["NetworkDriver.EndpointOperInfo", ids, { Value: {} }],
    [
      "NetworkDriver.Join",
      { ...ids, SandboxKey: "/var/run/docker/netns/1a2b3c4d5e6f", Options: {} },
      { InterfaceName: { SrcName: "ulx1", DstPrefix: "eth" }, Gateway: "192.0.2.1" },
    ],
    ["NetworkDriver.ProgramExternalConnectivity", { ...ids, Options: {} }, {}],
    ["NetworkDriver.RevokeExternalConnectivity", ids, {}],
    ["NetworkDriver.Leave", ids, {}],
    ["NetworkDriver.DeleteEndpoint", ids, {}],
    ["NetworkDriver.DeleteNetwork", { NetworkID: ids.NetworkID }, {}],
    ["NetworkDriver.DiscoverNew", { DiscoveryType: 1, DiscoveryData: { Address: "10.0.0.5", BindAddress: "", Self: false } }, {}],
    ["NetworkDriver.DiscoverDelete", { DiscoveryType: 1, DiscoveryData: { Address: "10.0.0.5" } }, {}],
    ["NetworkDriver.AllocateNetwork", { NetworkID: ids.NetworkID, Options: {}, IPv4Data: [], IPv6Data: [] }, { Options: {} }],
    ["NetworkDriver.FreeNetwork", { NetworkID: ids.NetworkID }, {}],
    // Ours: a driver without status() answers an empty object.
    ["Underlay.Status", {}, {}],
  ])("%s", async (method, body, expected) => {
    expect(await post(method, go(body))).toMatchObject({ status: 200, json: expected });
  });
  it("covers every method it serves", () => {
    expect(METHODS).toHaveLength(16);
  });
  it("hands the parsed request to the driver, unknown fields included", async () => {
    calls.length = 0;
    await post("NetworkDriver.Leave", go({ NetworkID: "n1", EndpointID: "e1", Future: 1 }));
    expect(calls).toEqual([["leave", { NetworkID: "n1", EndpointID: "e1", Future: 1 }]]);
  });
});

describe('errors are {"Err"} and never end the daemon', () => {
  it("a driver failure is 500 with its message", async () => {
    expect(await post("NetworkDriver.CreateNetwork", go({ NetworkID: "fail", Options: {} }))).toMatchObject({
      status: 500,
      json: { Err: "createNetwork refused: no such parent eth9" },
    });
  });
  it.each([
    [
      "NetworkDriver.CreateEndpoint",
      go({ NetworkID: "n1" }),
      400,
      "invalid request: EndpointID: Invalid input: expected string, received undefined",
    ],
    [
      "NetworkDriver.Join",
      go({ NetworkID: "n1", EndpointID: "" }),
      400,
      "invalid request: EndpointID: must be 1 to 64 letters and digits, as Docker and swarm generate IDs",
    ],
    ["NetworkDriver.Leave", "{not json", 400, "invalid request: the body is not JSON"],
    ["NetworkDriver.Leave", "", 400, "invalid request: NetworkID: Invalid input: expected string, received undefined"],
    ["NetworkDriver.Nope", go({}), 404, 'unknown method "NetworkDriver.Nope"'],
    ["NetworkDriver.CreateNetwork", "x".repeat((1 << 20) + 1), 413, "request body over 1048576 bytes"],
  ])("%s %#", async (method, body, status, message) => {
    expect(await post(method, body)).toMatchObject({ status, json: { Err: message } });
  });
  it("a GET is refused", async () => {
    expect(await post("Plugin.Activate", undefined, "GET")).toMatchObject({
      status: 405,
      json: { Err: "Plugin.Activate takes POST, not GET" },
    });
  });
  it("fuzz: any body to any method gets a JSON answer, and the server keeps serving", async () => {
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constant(""),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS, "Bogus"), body, async (method, text) => {
        const r = await post(method, text);
        expect([200, 400, 404, 413, 500]).toContain(r.status);
        if (r.status !== 200) expect(typeof (r.json as { Err: unknown }).Err).toBe("string");
      }),
      { numRuns: 300 },
    );
    expect((await post("Plugin.Activate")).status).toBe(200);
  });
});
