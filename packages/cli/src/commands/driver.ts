// `underlay driver serve` (the Docker driver) and `underlay driver status` (what it holds: asked
// of the running driver over its socket, or read from its state folder when none answers).
import { existsSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import type { DriverStatus } from "@underlay/driver/status";
import { Handle } from "@underlay/netlink";
import { type Command, Option } from "commander";
import type { CliContext } from "../context.js";
import { printJson, printTable } from "../output.js";
import { examples, group } from "./examples.js";
import { DEFAULT_STATE_DIR } from "./sriov.js";

// Loaded only to serve: the driver (zod, pino) would double every other command's start-up.
const loadDriver = () => import("@underlay/driver");

const DEFAULT_SOCKET_DIR = "/run/docker/plugins";
/** SIGTERM to exit: within the 10 s Docker and systemd give before SIGKILL. */
const STOP_LIMIT_MS = 9_000;

/** POST /Underlay.Status on the plugin socket; undefined when nothing listens there. */
function askRunning(socketPath: string): Promise<DriverStatus | undefined> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/Underlay.Status", method: "POST", timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => {
        const json = JSON.parse(body || "{}");
        if (res.statusCode !== 200) reject(new Error(`driver at ${socketPath}: ${json.Err ?? res.statusCode}`));
        // A driver without the status call (an older underlay) answers {}.
        else resolve(json.networks ? (json as DriverStatus) : undefined);
      });
    });
    req.on("timeout", () => req.destroy(new Error(`driver at ${socketPath} did not answer within 5 s`)));
    req.on("error", (e: NodeJS.ErrnoException) =>
      e.code === "ENOENT" || e.code === "ECONNREFUSED" ? resolve(undefined) : reject(e),
    );
    req.end();
  });
}

interface StatusOptions {
  name: string;
  stateDir: string;
  socketDir: string;
  socket?: string;
}

/**
 * The legacy socket (SOCKETDIR/NAME.sock), else a managed plugin's (SOCKETDIR/PLUGIN-ID/NAME.sock)
 * when exactly one is there; several (several engines) need --socket.
 */
function findSocket(o: StatusOptions): string {
  const legacy = join(o.socketDir, `${o.name}.sock`);
  if (o.socket || existsSync(legacy)) return o.socket ?? legacy;
  const managed = (existsSync(o.socketDir) ? readdirSync(o.socketDir) : [])
    .map((id) => join(o.socketDir, id, `${o.name}.sock`))
    .filter((p) => existsSync(p));
  return managed.length === 1 ? (managed[0] as string) : legacy;
}

async function status(ctx: CliContext, o: StatusOptions): Promise<void> {
  const socketPath = findSocket(o);
  const live = await askRunning(socketPath);
  // Loaded only here: the records are zod-validated, which other commands should not pay for.
  const st = live ?? (await import("@underlay/driver/status")).readDriverStatus(o.stateDir, o.name);
  const source = live ? { running: true, socket: socketPath } : { running: false, stateDir: st.stateDir };
  const out = ctx.out;
  if (out.json) return printJson(out, { name: o.name, ...source, ...st });
  out.write(
    live
      ? `driver ${o.name}: running, answered on ${socketPath}\n`
      : `driver ${o.name}: not answering on ${socketPath}; from its state in ${st.stateDir}\n`,
  );
  const id = (s: string) => s.slice(0, 12);
  out.write("\nnetworks\n");
  printTable(
    out,
    st.networks.map((n) => [
      id(n.id),
      n.options.mode,
      n.options.parent || "-",
      [...n.ipv4, ...n.ipv6].map((p) => p.pool).join(",") || "-",
      n.internal ? "internal" : "",
    ]),
    ["ID", "MODE", "PARENT", "SUBNETS", ""],
  );
  out.write("\nendpoints\n");
  printTable(
    out,
    st.endpoints.map((e) => [id(e.id), id(e.networkId), e.address ?? "-", e.addressV6 ?? "-", e.mac ?? "-", e.srcName ?? "-"]),
    ["ID", "NETWORK", "ADDRESS", "ADDRESS6", "MAC", "LINK"],
  );
  if (!st.allocations.length) return;
  out.write("\nVF allocations\n");
  printTable(
    out,
    st.allocations.map((a) => [a.pf, `${a.vf}`, a.vfPci, id(a.owner), a.state]),
    ["PF", "VF", "PCI", "ENDPOINT", "STATE"],
  );
}

interface ServeOptions {
  name: string;
  alias: string[];
  stateDir: string;
  socketDir: string;
  aliasSocketDir?: string;
  netnsDir?: string;
  joinGrace: number;
}

export function registerDriver(driver: Command, ctx: CliContext): void {
  group(driver, "driver serve --alias sriov", "driver status");
  driver
    .command("serve")
    .description("serve the libnetwork remote driver protocol as a legacy Docker plugin")
    .option("--name <name>", "driver name (docker network create -d NAME)", "underlay")
    .addOption(
      new Option(
        "--alias <name...>",
        "more names on sockets of their own, each NAME or NAME=MODE (sriov and passthrough default to that mode)",
      )
        .env("UNDERLAY_ALIASES")
        .argParser((v: string, prev: string[] = []) => [...prev, ...v.split(/[\s,]+/).filter(Boolean)])
        .default([]),
    )
    .option("--state-dir <dir>", "where networks and endpoints are kept", DEFAULT_STATE_DIR)
    .option("--socket-dir <dir>", "where Docker looks for plugin sockets", DEFAULT_SOCKET_DIR)
    .option("--alias-socket-dir <dir>", "where the aliases' sockets go (default: --socket-dir)")
    .option("--netns-dir <dir>", "where dockerd's sandbox folder is mounted, when not at its own path (a managed plugin)")
    .addOption(
      new Option(
        "--join-grace <seconds>",
        "how long a joined device may stay in the host netns before its endpoint counts as forgotten",
      )
        .env("UNDERLAY_JOIN_GRACE")
        .argParser((v: string) => {
          if (!/^\d+$/.test(v)) throw new Error(`invalid --join-grace ${JSON.stringify(v)}: a whole number of seconds`);
          return Number(v);
        })
        .default(60),
    )
    .addHelpText(
      "after",
      `${examples("driver serve", "driver serve --name underlay --alias sriov passthrough")}
  docker network create -d underlay -o parent=eth0 --subnet 192.0.2.0/24 mvnet`,
    )
    .action(async (o: ServeOptions) => {
      const { createLogger, startDaemon } = await loadDriver();
      const log = await createLogger();
      // -n NETNS stands in for the host netns (a test's throwaway one, or a lab namespace).
      // Its own handle: the context's is closed when the command line has been handled.
      const netns = ctx.options.netns;
      const handle = netns ? { handle: new Handle({ netns: { name: netns } }) } : {};
      const names = [o.name, ...o.alias];
      // The signal handlers go in before the start, which logs "serving" before it returns: a
      // SIGTERM right after that line must stop the daemon, not kill the process half-way.
      const started = startDaemon({
        names,
        stateDir: o.stateDir,
        socketDir: o.socketDir,
        ...(o.aliasSocketDir ? { aliasSocketDir: o.aliasSocketDir } : {}),
        ...(o.netnsDir ? { netnsDir: o.netnsDir } : {}),
        joinGraceMs: o.joinGrace * 1000,
        log,
        ...handle,
      });
      let stopping = false;
      const exit = (code: number, message: string) => {
        log.error(message);
        process.exit(code);
      };
      for (const sig of ["SIGTERM", "SIGINT"] as const) {
        process.on(sig, () => {
          if (stopping) return exit(1, `${sig} again while stopping: exiting now`);
          stopping = true;
          log.info({ signal: sig }, "shutting down");
          // Requests in flight get 8 s (stopServing); a stop that hangs past that still ends here.
          setTimeout(() => exit(1, `not stopped after ${STOP_LIMIT_MS} ms: exiting`), STOP_LIMIT_MS).unref();
          started
            .then((daemon) => daemon.stop())
            .then(
              () => process.exit(0),
              (e: Error) => exit(1, `stop failed: ${e.message}`),
            );
        });
      }
      await started;
    });
  driver
    .command("status")
    .description("networks, endpoints and VF allocations, from the running driver or else from its state folder")
    .option("--name <name>", "driver name", "underlay")
    .option("--state-dir <dir>", "the driver's --state-dir", DEFAULT_STATE_DIR)
    .option("--socket-dir <dir>", "the driver's --socket-dir", DEFAULT_SOCKET_DIR)
    .option(
      "--socket <path>",
      "the plugin socket itself (default: the legacy one, else the one managed plugin's, in SOCKETDIR/ID/)",
    )
    .addHelpText("after", examples("driver status", "-j driver status --name sriov", "driver status --state-dir /tmp/ul"))
    .action((o: StatusOptions) => status(ctx, o));
}
