// Drives the driver as dockerd does, over its real socket, with a throwaway netns standing in for
// the host netns (so links it creates are the test's own). Several names (aliases) can be served
// at once, sharing one HostResources as `driver serve --alias` does.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DRIVER_MODES, type DriverMode, HostResources, serve, UnderlayDriver } from "@underlay/driver";
import { netnsAdd, netnsDel, netnsPath } from "@underlay/netlink";
import { afterEach, beforeEach } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns, uniqueName } from "../../../netlink/test/support/live.js";

type Reply = { status: number; json: Record<string, unknown> };

export interface Harness {
  s: Scratch;
  /** The driver's state root. */
  stateDir: string;
  /** (Re)starts the driver on the same state folder, as a restarted plugin process would. */
  start(): Promise<void>;
  call(method: string, body: unknown, name?: string): Promise<Reply>;
  createNetwork(id: string, generic: Record<string, string>, extra?: Record<string, unknown>, name?: string): Promise<Reply>;
  /** A real netns to stand for a container's sandbox (Join's SandboxKey); deleted by dispose or on demand. */
  sandbox(): { key: string; remove(): void };
  /** The driver serving `name` now (for reconcile and sweep). */
  driver(name?: string): UnderlayDriver;
  /** Every link name in the stand-in host netns, sorted. */
  linkNames(): (string | undefined)[];
  /** The ids of the endpoints `name` holds. */
  endpointIds(name?: string): string[];
  dispose(): void;
}

export const NET = "a".repeat(64);
export const EP = "b".repeat(64);
export const SRC = `ul${"b".repeat(12)}`;

export async function harness(names = ["underlay"]): Promise<Harness> {
  const s = scratchNetns();
  const dir = mkdtempSync(join(tmpdir(), "uldrv-"));
  const stateDir = join(dir, "state");
  mkdirSync(stateDir);
  const sockets = new Map(names.map((n) => [n, join(dir, `${n}.sock`)]));
  let servers: Server[] = [];
  let drivers = new Map<string, UnderlayDriver>();
  const sandboxes = new Set<string>();
  const stop = () => {
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
  };
  const h: Harness = {
    s,
    stateDir,
    async start() {
      stop();
      const host = new HostResources({ stateDir, handle: s.h });
      // As `driver serve` does: an alias that names a mode makes it that name's default.
      const defaultMode = (name: string) =>
        DRIVER_MODES.includes(name as DriverMode) ? { defaultMode: name as DriverMode } : {};
      drivers = new Map(names.map((name) => [name, new UnderlayDriver({ stateDir, name, host, ...defaultMode(name) })]));
      servers = await Promise.all(
        names.map((n) => serve({ socketPath: sockets.get(n) as string, driver: drivers.get(n) as UnderlayDriver })),
      );
    },
    driver: (name = names[0] as string) => drivers.get(name) as UnderlayDriver,
    linkNames: () =>
      s.h
        .linkList()
        .map((l) => l.attrs.ifname)
        .sort(),
    endpointIds: (name) =>
      h
        .driver(name)
        .status()
        .endpoints.map((e) => e.id),
    call(method, body, name = names[0] as string) {
      return new Promise((resolve, reject) => {
        // A fresh connection per call (no keep-alive): tests restart the server at will.
        const socketPath = sockets.get(name) as string;
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
    },
    createNetwork(id, generic, extra = {}, name = names[0]) {
      return h.call(
        "CreateNetwork",
        {
          NetworkID: id,
          Options: { "com.docker.network.enable_ipv6": false, "com.docker.network.generic": generic, ...extra },
          IPv4Data: [{ AddressSpace: "LocalDefault", Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
          IPv6Data: [],
        },
        name,
      );
    },
    sandbox() {
      const ns = uniqueName("uls");
      netnsAdd(ns);
      sandboxes.add(ns);
      const remove = () => {
        if (sandboxes.delete(ns)) netnsDel(ns);
      };
      return { key: netnsPath({ name: ns }), remove };
    },
    dispose() {
      stop();
      for (const ns of sandboxes) netnsDel(ns);
      s.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await h.start();
  } catch (e) {
    h.dispose();
    throw e;
  }
  return h;
}

/**
 * A fresh harness for every test of the file (skipped unless root), with the veth pair up0/up1 as
 * the parent its networks use, disposed after each; `use` receives it.
 */
export function harnessPerTest(use: (t: Harness) => void, names?: string[]): void {
  let t: Harness | undefined;
  beforeEach(async (ctx) => {
    ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
    t = await harness(names);
    t.s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
    use(t);
  });
  afterEach(() => t?.dispose());
}
