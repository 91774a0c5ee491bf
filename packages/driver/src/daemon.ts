// `underlay driver serve`: one legacy plugin socket per name (/run/docker/plugins/NAME.sock),
// each with its own state folder, reconciled on start, shut down cleanly on SIGTERM/SIGINT.
import type { Server } from "node:http";
import { join } from "node:path";
import type { Handle } from "@underlay/netlink";
import type { Logger } from "./logger.js";
import { UnderlayDriver } from "./network-driver.js";
import { DRIVER_MODES, type DriverMode } from "./options.js";
import { serve } from "./protocol/server.js";

export interface DaemonOptions {
  /** The driver name and its aliases (e.g. underlay, sriov, passthrough). */
  names: string[];
  stateDir: string;
  socketDir: string;
  log: Logger;
  handle?: Handle;
}

/** An alias that names a mode ("sriov", "passthrough"…) makes it that socket's default mode. */
function defaultModeFor(name: string): DriverMode {
  return (DRIVER_MODES as readonly string[]).includes(name) ? (name as DriverMode) : "macvlan";
}

export async function startDaemon(o: DaemonOptions): Promise<{ stop(): Promise<void> }> {
  const servers: Server[] = [];
  for (const name of o.names) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name))
      throw new Error(`invalid driver name ${JSON.stringify(name)}: lower-case letters, digits, ".", "_" and "-"`);
    const log = o.log.child({ driver: name });
    const driver = new UnderlayDriver({
      stateDir: join(o.stateDir, name),
      defaultMode: defaultModeFor(name),
      ...(o.handle ? { handle: o.handle } : {}),
    });
    for (const line of await driver.reconcile()) log.warn({ reconcile: true }, line);
    const socketPath = join(o.socketDir, `${name}.sock`);
    servers.push(
      await serve({
        socketPath,
        driver,
        onError: (method, err) => log.error({ method, err: (err as Error).message }, "request failed"),
      }),
    );
    log.info({ socketPath, defaultMode: defaultModeFor(name) }, "serving");
  }
  return {
    async stop() {
      // Stop accepting, let requests in flight finish, drop idle keep-alive connections.
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => r());
              s.closeIdleConnections();
            }),
        ),
      );
      o.log.info("stopped");
    },
  };
}
