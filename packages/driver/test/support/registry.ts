// A private image registry for plugin tests: Debian's docker-registry (distribution 2.8) on
// 127.0.0.1 only, a free port, storage in a temp folder. dockerd treats 127.0.0.0/8 as insecure by
// default, so push and install need no daemon change. Stopped by its PID.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REGISTRY = "/usr/bin/docker-registry";

export interface Registry {
  /** host:port, the prefix of image and plugin references (127.0.0.1:PORT). */
  readonly address: string;
  stop(): Promise<void>;
}

export function missingRegistry(): string | undefined {
  return existsSync(REGISTRY) ? undefined : "docker-registry is not installed (scripts/setup installs it)";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const answers = (url: string) =>
  new Promise<boolean>((resolve) => {
    get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on("error", () => resolve(false));
  });

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), "ulreg-"));
  const address = `127.0.0.1:${await freePort()}`;
  const config = join(dir, "config.yml");
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${address}\n`,
  );
  const log = join(dir, "registry.log");
  const out = openSync(log, "a");
  const child: ChildProcess = spawn(REGISTRY, ["serve", config], { stdio: ["ignore", out, out] });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; !(await answers(`http://${address}/v2/`)); i++) {
    if (i > 100 || child.exitCode !== null) {
      const tail = existsSync(log) ? readFileSync(log, "utf8").slice(-1500) : "";
      await stop();
      throw new Error(`docker-registry did not come up on ${address}: ${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address, stop };
}
