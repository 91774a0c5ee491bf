// A private dockerd for end-to-end tests: its own socket, data root and exec root, no iptables
// and no default bridge, so it touches nothing of the machine's. Stopped by PID afterwards.
// Images come from `docker import` of a busybox-static root (there is no registry).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PrivateDocker {
  /** Runs the docker CLI against this dockerd; returns stdout. Throws with stderr on failure. */
  docker(...args: string[]): string;
  /** A busybox image with every applet, imported once. */
  image: string;
  stop(): Promise<void>;
}

export function missingDocker(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root";
  if (!existsSync("/usr/sbin/dockerd")) return "dockerd is not installed (scripts/setup installs docker.io)";
  if (!existsSync("/bin/busybox")) return "busybox-static is not installed";
  return undefined;
}

export async function startDockerd(): Promise<PrivateDocker> {
  const tag = process.pid.toString(36);
  const root = `/run/ult-docker-${tag}`;
  const data = `/var/lib/ult-docker-${tag}`;
  mkdirSync(root, { recursive: true });
  const sock = `unix://${root}/docker.sock`;
  const log = join(root, "dockerd.log");
  const out = openSync(log, "a");
  const child: ChildProcess = spawn(
    "/usr/sbin/dockerd",
    [
      "--host",
      sock,
      "--data-root",
      data,
      "--exec-root",
      `${root}/exec`,
      "--pidfile",
      `${root}/docker.pid`,
      "--iptables=false",
      "--bridge=none",
    ],
    { stdio: ["ignore", out, out], env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH}` } },
  );
  const docker = (...args: string[]) => {
    try {
      return execFileSync("docker", ["-H", sock, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`docker ${args.join(" ")}: ${err.stderr?.trim() || err.message}`);
    }
  };
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          child.kill("SIGKILL");
          r();
        }, 20_000);
        child.once("exit", () => {
          clearTimeout(t);
          r();
        });
      });
    }
    rmSync(root, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    try {
      docker("version");
      break;
    } catch (e) {
      if (i > 150 || child.exitCode !== null) {
        const tail = existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "";
        await stop();
        throw new Error(`dockerd did not come up: ${(e as Error).message}${tail}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const image = `ulbb:${tag}`;
  importBusybox(docker, image);
  return { docker, image, stop };
}

function importBusybox(docker: (...a: string[]) => string, image: string): void {
  const rootfs = mkdtempSync(join(tmpdir(), "ulbb-"));
  try {
    mkdirSync(join(rootfs, "bin"));
    for (const d of ["etc", "tmp", "proc", "sys", "dev"]) mkdirSync(join(rootfs, d));
    copyFileSync("/bin/busybox", join(rootfs, "bin/busybox"));
    const applets = execFileSync("/bin/busybox", ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
    for (const a of applets) if (a !== "busybox") symlinkSync("busybox", join(rootfs, "bin", a));
    const tar = join(rootfs, "..", `${image.replace(":", "-")}.tar`);
    execFileSync("tar", ["-C", rootfs, "-cf", tar, "."]);
    docker("import", "--change", "ENV PATH=/bin", tar, image);
    rmSync(tar, { force: true });
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}
