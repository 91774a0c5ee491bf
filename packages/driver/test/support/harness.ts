// Drives the driver as dockerd does, over its real socket, with a throwaway netns standing in for
// the host netns (so links it creates are the test's own).
import { mkdtempSync, rmSync } from "node:fs";
import { request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, UnderlayDriver } from "@underlay/driver";
import { type Scratch, scratchNetns } from "../../../netlink/test/support/live.js";

export interface Harness {
  s: Scratch;
  /** The driver's state folder. */
  stateDir: string;
  /** (Re)starts the driver on the same state folder, as a restarted plugin process would. */
  start(): Promise<void>;
  call(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  createNetwork(id: string, generic: Record<string, string>, extra?: Record<string, unknown>): ReturnType<Harness["call"]>;
  dispose(): void;
}

export const NET = "a".repeat(64);
export const EP = "b".repeat(64);
export const SRC = `ul${"b".repeat(12)}`;

export async function harness(): Promise<Harness> {
  const s = scratchNetns();
  const dir = mkdtempSync(join(tmpdir(), "uldrv-"));
  const socketPath = join(dir, "underlay.sock");
  let server: Server | undefined;
  const stateDir = join(dir, "state");
  const h: Harness = {
    s,
    stateDir,
    async start() {
      server?.close();
      server?.closeAllConnections();
      server = await serve({ socketPath, driver: new UnderlayDriver({ stateDir, handle: s.h }) });
    },
    call(method, body) {
      return new Promise((resolve, reject) => {
        // A fresh connection per call (no keep-alive): tests restart the server at will.
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
    createNetwork(id, generic, extra = {}) {
      return h.call("CreateNetwork", {
        NetworkID: id,
        Options: { "com.docker.network.enable_ipv6": false, "com.docker.network.generic": generic, ...extra },
        IPv4Data: [{ AddressSpace: "LocalDefault", Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
        IPv6Data: [],
      });
    },
    dispose() {
      server?.close();
      s.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await h.start();
  return h;
}
