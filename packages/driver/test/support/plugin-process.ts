// Our driver as dockerd meets it: a separate `underlay driver serve` process (the built CLI),
// listening on /run/docker/plugins/NAME.sock (or SOCKETDIR/NAME.sock). Stopped (or killed) by its PID.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

const CLI = join(import.meta.dirname, "../../../cli/dist/main.js");

export interface PluginProcess {
  readonly socketPath: string;
  readonly log: string;
  /** Resolves when the process has exited, with its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, or SIGKILL to simulate a crash; resolves when the process has exited. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

export function missingCli(): string | undefined {
  return existsSync(CLI) ? undefined : `the CLI is not built (${CLI}); scripts/setup builds it`;
}

export async function startPlugin(
  name: string,
  stateDir: string,
  extra: string[] = [],
  socketDir = "/run/docker/plugins",
): Promise<PluginProcess> {
  const socketPath = join(socketDir, `${name}.sock`);
  const log = join(stateDir, `${name}.log`);
  const out = openSync(log, "a");
  // A netns (-n NS) is a global option: before the object, where ip has it (`ip -n NS link`).
  const global = extra[0] === "-n" ? extra.slice(0, 2) : [];
  const own = extra.slice(global.length);
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, ...global, "driver", "serve", "--name", name, "--state-dir", stateDir, "--socket-dir", socketDir, ...own],
    {
      stdio: ["ignore", out, out],
    },
  );
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Serving once this process says so (a killed one leaves its socket file behind). Generous:
  // node starts slowly under the guest rig's emulation.
  const serving = () =>
    existsSync(socketPath) &&
    readFileSync(log, "utf8")
      .split("\n")
      .some((l) => l.includes(`"pid":${child.pid},`) && l.includes('"msg":"serving"'));
  for (let i = 0; !serving(); i++) {
    if (i > 600 || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`the plugin did not start (exit ${child.exitCode}): ${readFileSync(log, "utf8").slice(-1500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    socketPath,
    log,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
