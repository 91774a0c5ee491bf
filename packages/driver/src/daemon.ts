// `underlay driver serve`: one legacy plugin socket per name (/run/docker/plugins/NAME.sock), all
// names sharing one set of host resources (HostResources) and one locked state root; each name's
// records in a folder of its own, reconciled on start; forgotten endpoints swept periodically;
// shut down cleanly on SIGTERM/SIGINT.
import { join } from "node:path";
import type { Handle } from "@underlay/netlink";
import { lockStateDir, removeLeftoverTemps, type StateLock } from "@underlay/state";
import { migratePerNameState } from "./host-records-migration.js";
import { HostResources } from "./host-resources.js";
import type { Logger } from "./logger.js";
import { UnderlayDriver } from "./network-driver.js";
import { DRIVER_MODES, type DriverMode } from "./options.js";
import { serve, stopServing } from "./protocol/server.js";
import { driverNames } from "./status.js";
import { DriverStore } from "./store.js";

export interface DaemonOptions {
  /**
   * The driver name and its aliases (e.g. underlay, sriov, passthrough), each NAME or NAME=MODE:
   * MODE is that name's default mode (a name that is a mode defaults to it; any other to macvlan).
   */
  names: string[];
  stateDir: string;
  /** Where the first name's socket goes (a managed plugin's own socket folder). */
  socketDir: string;
  /** Where the host's sandbox folder is visible, when not at its own path (see UnderlayDriverOptions). */
  netnsDir?: string;
  /** Where the aliases' sockets go (default socketDir): a managed plugin puts them in the host's plugin folder. */
  aliasSocketDir?: string;
  log: Logger;
  handle?: Handle;
  /** How often to look for endpoints Docker forgot (default 30 s; 0: only at start and on demand). */
  sweepIntervalMs?: number;
  /** How long a joined device may stay in the host netns on its way into the container (default 60 s). */
  joinGraceMs?: number;
}

const isMode = (m: string): m is DriverMode => (DRIVER_MODES as readonly string[]).includes(m);

/** NAME or NAME=MODE; a name that is a mode ("sriov", "passthrough"…) makes it that socket's default. */
function parseName(spec: string): { name: string; mode: DriverMode } {
  const [name = "", mode, ...rest] = spec.split("=");
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name) || rest.length)
    throw new Error(
      `invalid driver name ${JSON.stringify(spec)}: NAME or NAME=MODE, the name in lower-case letters, digits, ".", "_" and "-"`,
    );
  if (mode !== undefined && !isMode(mode))
    throw new Error(`invalid mode ${JSON.stringify(mode)} for driver name ${name}: one of ${DRIVER_MODES.join(", ")}`);
  return { name, mode: mode ?? (isMode(name) ? name : "macvlan") };
}

/** The options with every name parsed: `names` are plain names, `modes` their default modes. */
type Parsed = DaemonOptions & { modes: Map<string, DriverMode> };
const modeOf = (o: Parsed, name: string): DriverMode => o.modes.get(name) ?? "macvlan";

/** The host-wide part of start-up, under the state root's lock. */
function prepareRoot(o: DaemonOptions): { lock: StateLock; host: HostResources } {
  const lock = lockStateDir(o.stateDir, `underlay driver serve (${o.names.join(", ")})`);
  try {
    for (const dir of [o.stateDir, ...o.names.map((n) => join(o.stateDir, n))])
      for (const f of removeLeftoverTemps(dir)) o.log.warn({ file: f }, "removed a temporary file a crash left");
    for (const line of migratePerNameState(o.stateDir, o.names)) o.log.info(line);
    const host = new HostResources({ stateDir: o.stateDir, ...(o.handle ? { handle: o.handle } : {}) });
    return { lock, host };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** One name's records; undefined (and logged) when its state is unreadable: that name is not served. */
function loadName(o: Parsed, host: HostResources, name: string) {
  const log = o.log.child({ driver: name });
  try {
    return {
      name,
      log,
      driver: new UnderlayDriver({
        stateDir: o.stateDir,
        name,
        host,
        defaultMode: modeOf(o, name),
        log,
        ...(o.joinGraceMs === undefined ? {} : { joinGraceMs: o.joinGraceMs }),
        ...(o.netnsDir ? { netnsDir: o.netnsDir } : {}),
      }),
    };
  } catch (e) {
    log.error({ err: (e as Error).message }, `not serving ${name}`);
    host.incomplete.push(`${name}: ${(e as Error).message}`);
    return undefined;
  }
}

type Loaded = NonNullable<ReturnType<typeof loadName>>;

/**
 * The records of names under the state root that this process does not serve (an alias dropped
 * from the command line): their networks still hold their links, VFs and parents.
 */
function watchOtherNames(o: DaemonOptions, host: HostResources): void {
  for (const name of driverNames(o.stateDir).filter((n) => !o.names.includes(n))) {
    try {
      host.attach(new DriverStore(join(o.stateDir, name)));
      o.log.warn({ driver: name }, `not served, but its records count: its networks keep what they hold`);
    } catch (e) {
      host.incomplete.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (host.incomplete.length)
    o.log.error(
      { unreadable: host.incomplete },
      "some records cannot be read: no VF or created link is freed for want of an owner",
    );
}

/** Its socket, once every name is reconciled. */
async function serveName(o: Parsed, { name, log, driver }: Loaded) {
  const socketPath = join(name === o.names[0] ? o.socketDir : (o.aliasSocketDir ?? o.socketDir), `${name}.sock`);
  const server = await serve({
    socketPath,
    driver,
    onError: (method, err) => log.error({ method, err: (err as Error).message }, "request failed"),
    onDone: (method, body, ms) => log.debug({ method, ms, request: body }, "answered"),
  });
  log.info({ socketPath, defaultMode: modeOf(o, name) }, "serving");
  return { driver, server, log };
}

export async function startDaemon(options: DaemonOptions): Promise<{ stop(): Promise<void>; sweep(): Promise<string[]> }> {
  const specs = options.names.map(parseName);
  const o: Parsed = { ...options, names: specs.map((s) => s.name), modes: new Map(specs.map((s) => [s.name, s.mode])) };
  const { lock, host } = prepareRoot(o);
  const served: Awaited<ReturnType<typeof serveName>>[] = [];
  try {
    // Every name's records first: reconcile decides on shared links from all of them.
    const loaded = o.names.map((name) => loadName(o, host, name)).filter((l) => l !== undefined);
    if (!loaded.length) throw new Error(`no driver name could be served from ${o.stateDir} (see the errors above)`);
    watchOtherNames(o, host);
    // All reconciled before any socket opens: no request meets another name's reconcile.
    for (const { driver, log } of loaded) for (const line of await driver.reconcile()) log.warn({ reconcile: true }, line);
    for (const l of loaded) served.push(await serveName(o, l));
  } catch (e) {
    await Promise.all(served.map((s) => stopServing(s.server)));
    lock.release();
    throw e;
  }
  const sweep = async () => {
    const done: string[] = [];
    for (const s of served) {
      const lines = await s.driver.sweep().catch((e) => [`sweep failed: ${(e as Error).message}`]);
      for (const line of lines) s.log.warn({ sweep: true }, line);
      done.push(...lines);
    }
    return done;
  };
  const every = o.sweepIntervalMs ?? 30_000;
  const timer = every > 0 ? setInterval(() => void sweep(), every).unref() : undefined;
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      // Stop accepting, let requests in flight finish (8 s at most), drop every other connection.
      await Promise.all(served.map((s) => stopServing(s.server)));
      lock.release();
      o.log.info("stopped");
    },
  };
}
