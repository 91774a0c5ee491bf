// What a hostile or broken client cannot do to the driver: IDs that are not Docker's never reach
// it (NUL, "/", ".." could reach a path, a link name, a C string); a second driver does not take
// over a live socket; SIGTERM ends the process promptly whatever clients hold, and still answers
// the requests the driver is working on. The driver is the protocol tests' recording double.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RemoteDriver, serve, stopServing } from "@underlay/driver";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, scratchNetns, uniqueName } from "../../netlink/test/support/live.js";
import { missingCli, startPlugin } from "./support/plugin-process.js";
import { go, postTo, recorder } from "./support/protocol-client.js";

let dir: string;
const servers: Server[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "uldrv-"));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => stopServing(s, 0)));
  rmSync(dir, { recursive: true, force: true });
});

async function serveAt(name: string, driver: RemoteDriver): Promise<{ server: Server; socketPath: string }> {
  const socketPath = join(dir, `${name}.sock`);
  const server = await serve({ socketPath, driver });
  servers.push(server);
  return { server, socketPath };
}

/** A raw connection that has sent `text`; `closed` resolves when the server has closed it. */
async function rawClient(socketPath: string, text: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(socketPath);
  const closed = new Promise<void>((r) => socket.once("close", () => r()));
  socket.on("error", () => {});
  await new Promise<void>((r) => socket.once("connect", () => r()));
  socket.write(text);
  return { socket, closed };
}
const HALF_REQUEST = "POST /NetworkDriver.CreateNetwork HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{";

describe("IDs are Docker's: 1 to 64 letters and digits", () => {
  const rec = recorder();
  let socketPath: string;
  beforeAll(async () => {
    ({ socketPath } = await serveAt("ids", rec.driver));
  });
  const N = "a".repeat(64);
  const E = "b".repeat(64);
  /** A valid request for every method that takes IDs, and the ID fields it has. */
  const requests: [string, Record<string, unknown>][] = [
    ["CreateNetwork", { NetworkID: N, Options: {}, IPv4Data: [], IPv6Data: [] }],
    ["DeleteNetwork", { NetworkID: N }],
    ["AllocateNetwork", { NetworkID: N }],
    ["FreeNetwork", { NetworkID: N }],
    ["CreateEndpoint", { NetworkID: N, EndpointID: E }],
    ["EndpointOperInfo", { NetworkID: N, EndpointID: E }],
    ["Join", { NetworkID: N, EndpointID: E, SandboxKey: "/var/run/docker/netns/1a2b3c4d5e6f" }],
    ["ProgramExternalConnectivity", { NetworkID: N, EndpointID: E }],
    ["RevokeExternalConnectivity", { NetworkID: N, EndpointID: E }],
    ["Leave", { NetworkID: N, EndpointID: E }],
    ["DeleteEndpoint", { NetworkID: N, EndpointID: E }],
  ];
  const withId = (method: string, field: string, value: string) => {
    const base = requests.find(([m]) => m === method)?.[1];
    return postTo(socketPath, `NetworkDriver.${method}`, go({ ...base, [field]: value }));
  };
  const refusal = (field: string) => ({
    status: 400,
    json: { Err: `invalid request: ${field}: must be 1 to 64 letters and digits, as Docker and swarm generate IDs` },
  });

  it.each([
    ["a NUL", "ab12\0cd"],
    ["a NUL at the end", `${"a".repeat(12)}\0`],
    ['a "/"', "../../etc"],
    ['".."', ".."],
    ["a space", "ab cd"],
    ["65 characters", "a".repeat(65)],
    ["nothing", ""],
    ["a non-ASCII letter", "é1"],
  ])("an ID with %s is refused with 400, naming the field; the driver is not called", async (_, bad) => {
    rec.calls.length = 0;
    expect(await withId("CreateNetwork", "NetworkID", bad)).toMatchObject(refusal("NetworkID"));
    expect(await withId("Join", "EndpointID", bad)).toMatchObject(refusal("EndpointID"));
    expect(await withId("DeleteEndpoint", "NetworkID", bad)).toMatchObject(refusal("NetworkID"));
    expect(rec.calls).toEqual([]);
  });
  it("Docker's 64 hex digits, swarm's base-36 IDs and a single character are accepted", async () => {
    for (const ok of ["0123456789abcdef".repeat(4), "3xk9hq2vtlb1g2o7qj0ps1oqd", "Z"]) {
      expect(await withId("CreateNetwork", "NetworkID", ok)).toMatchObject({ status: 200 });
      expect(await withId("Leave", "EndpointID", ok)).toMatchObject({ status: 200 });
    }
  });
  it("fuzz: any other string in any ID field of any method is refused before the driver", async () => {
    const cases = requests.flatMap(([m, body]) =>
      ["NetworkID", "EndpointID"].filter((f) => f in body).map((f) => [m, f] as const),
    );
    const notAnId = fc.string({ unit: "binary", maxLength: 80 }).filter((s) => !/^[A-Za-z0-9]{1,64}$/.test(s));
    rec.calls.length = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), notAnId, async ([method, field], bad) => {
        expect(await withId(method, field, bad)).toMatchObject(refusal(field));
      }),
      { numRuns: 200 },
    );
    expect(rec.calls).toEqual([]);
  });
});

describe("the socket file", () => {
  it("a live driver's socket is refused, and that driver still answers", async () => {
    const { socketPath } = await serveAt("live", recorder().driver);
    await expect(serve({ socketPath, driver: recorder().driver })).rejects.toThrow(
      `another driver is already serving on ${socketPath} (it answers there); stop it first`,
    );
    expect(await postTo(socketPath, "Plugin.Activate")).toMatchObject({ status: 200 });
  });
  it("a stale socket (its process died without closing it) is replaced", async () => {
    const socketPath = join(dir, "stale.sock");
    const listenAndDie = `require("node:net").createServer().listen(${JSON.stringify(socketPath)}, () => process.exit(0))`;
    expect(spawnSync(process.execPath, ["-e", listenAndDie]).status).toBe(0);
    expect(existsSync(socketPath)).toBe(true);
    servers.push(await serve({ socketPath, driver: recorder().driver }));
    expect(await postTo(socketPath, "Plugin.Activate")).toMatchObject({ status: 200 });
  });
  it("a regular file in its place is refused", async () => {
    const file = join(dir, "plain");
    writeFileSync(file, "");
    await expect(serve({ socketPath: file, driver: recorder().driver })).rejects.toThrow(/exists and is not a socket/);
  });
});

/** A driver whose CreateNetwork waits: `entered` resolves once called, `release()` answers it. */
function slowDriver() {
  let release = () => {};
  let enter = () => {};
  const entered = new Promise<void>((r) => {
    enter = r;
  });
  const driver: RemoteDriver = {
    ...recorder().driver,
    createNetwork: () => {
      enter();
      return new Promise<void>((r) => {
        release = r;
      });
    },
  };
  return { driver, entered, release: () => release() };
}
const createNetwork = (socketPath: string) =>
  postTo(socketPath, "NetworkDriver.CreateNetwork", go({ NetworkID: "n1", Options: {} }), "POST", true);

describe("stopServing", () => {
  it("answers the request the driver is working on; idle, half-sent and new connections are refused at once", async () => {
    const slow = slowDriver();
    const { server, socketPath } = await serveAt("slow", slow.driver);
    const idle = await rawClient(socketPath, "POST /Plugin.Activate HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    await new Promise((r) => idle.socket.once("data", r));
    const half = await rawClient(socketPath, HALF_REQUEST);
    const answer = createNetwork(socketPath);
    await slow.entered;
    const stopped = stopServing(server);
    await Promise.all([idle.closed, half.closed]);
    await expect(postTo(socketPath, "Plugin.Activate")).rejects.toThrow(/ENOENT|ECONNREFUSED/);
    slow.release();
    expect(await answer).toMatchObject({ status: 200, connection: "close", json: {} });
    await stopped;
  });
  it("after graceMs, a request the driver never answers is cut, and the stop completes", async () => {
    const slow = slowDriver();
    const { server, socketPath } = await serveAt("stuck", slow.driver);
    const answer = createNetwork(socketPath);
    await slow.entered;
    await stopServing(server, 50);
    await expect(answer).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

describe("underlay driver serve (the real process)", () => {
  it("exits within 10 s of SIGTERM while a client holds half a request; no second driver on its socket", async (ctx) => {
    ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
    ctx.skip(missingCli() !== undefined, missingCli());
    const s = scratchNetns(); // the process's "host" netns: reconcile sees only links of its own
    const plugin = await startPlugin(uniqueName("ulh"), dir, ["-n", s.name], dir);
    let timer: NodeJS.Timeout | undefined;
    try {
      await expect(serve({ socketPath: plugin.socketPath, driver: recorder().driver })).rejects.toThrow(
        /another driver is already serving/,
      );
      const half = await rawClient(plugin.socketPath, HALF_REQUEST);
      expect(await postTo(plugin.socketPath, "Plugin.Activate")).toMatchObject({ status: 200 });
      const bound = new Promise<string>((r) => {
        timer = setTimeout(() => r("still running 10 s after SIGTERM"), 10_000);
      });
      expect(await Promise.race([plugin.stop("SIGTERM").then(() => "exited"), bound])).toBe("exited");
      expect(await plugin.exited).toBe(0);
      await half.closed;
      expect(existsSync(plugin.socketPath)).toBe(false);
    } finally {
      clearTimeout(timer);
      await plugin.stop("SIGKILL");
      s.dispose();
    }
  });
});
