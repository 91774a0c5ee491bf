// A private dockerd for end-to-end tests: its own socket, data root and exec root, no iptables
// and no default bridge, so it touches nothing of the machine's. Stopped by PID afterwards.
// Images come from `docker import` of a busybox-static root (there is no registry).
import { execFile, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
// The docker.io client matches the 20.10 daemon's API (1.41); a newer client on PATH refuses some
// flags against it (--mac-address with --network needs 1.44).
const DOCKER = existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";

/** @returns {string | undefined} why the end-to-end tests cannot run here */
export function missingDocker() {
  if (process.getuid?.() !== 0) return "needs root";
  if (!existsSync("/usr/sbin/dockerd")) return "dockerd is not installed (scripts/setup installs docker.io)";
  if (!existsSync("/bin/busybox")) return "busybox-static is not installed";
  return undefined;
}

/**
 * @param {import("./dockerd.d.mts").DockerdOptions} [o]
 * @returns {Promise<import("./dockerd.d.mts").PrivateDocker>}
 */
export async function startDockerd(o = {}) {
  // Several engines in one test process (a swarm) need paths of their own.
  const tag = `${process.pid.toString(36)}${o.name ? `-${o.name}` : ""}`;
  const root = `/run/ult-docker-${tag}`;
  // overlay2 cannot sit on an overlay root (the guest rig's), so the guest points this at a tmpfs.
  const data = `${process.env.UNDERLAY_DOCKER_ROOT ?? "/var/lib"}/ult-docker-${tag}`;
  const sock = `unix://${root}/docker.sock`;
  const log = join(root, "dockerd.log");
  mkdirSync(root, { recursive: true });
  const cli = (/** @type {string[]} */ args) => ["-H", sock, ...args];
  const fail = (/** @type {string[]} */ args, /** @type {any} */ err) => {
    return new Error(`docker ${args.join(" ")}: ${err.stderr?.trim() || err.message}`);
  };
  const docker = (/** @type {string[]} */ ...args) => {
    try {
      return execFileSync(DOCKER, cli(args), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
    } catch (e) {
      throw fail(args, e);
    }
  };
  const dockerAsync = async (/** @type {string[]} */ ...args) => {
    try {
      return (await execFileAsync(DOCKER, cli(args), { encoding: "utf8", timeout: 120_000 })).stdout;
    } catch (e) {
      throw fail(args, e);
    }
  };

  /** @type {import("node:child_process").ChildProcess | undefined} */
  let child;
  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", () => r(undefined)));
    c.kill("SIGTERM");
    const t = setTimeout(() => c.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(t);
  };
  const launch = async () => {
    const out = openSync(log, "a");
    const args = [
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
    ];
    const [cmd, argv] = o.netns ? inNetns(o.netns, args) : ["/usr/sbin/dockerd", args];
    child = spawn(cmd, argv, {
      stdio: ["ignore", out, out],
      env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH}` },
    });
    for (let i = 0; ; i++) {
      try {
        docker("version");
        return;
      } catch (e) {
        if (i > 150 || child.exitCode !== null) {
          const tail = existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "";
          throw new Error(`dockerd did not come up: ${/** @type {Error} */ (e).message}\n${tail}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const stop = async () => {
    await halt();
    rmSync(root, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (e) {
    await stop();
    throw e;
  }
  const image = `ulbb:${tag}`;
  importBusybox(docker, image);
  return {
    docker,
    dockerAsync,
    image,
    log,
    execRoot: `${root}/exec`,
    get pid() {
      return child?.exitCode === null ? child.pid : undefined;
    },
    stop,
    async restart() {
      await halt();
      await launch();
    },
  };
}

/**
 * dockerd inside a network namespace. `ip netns exec` mounts a sysfs of that netns over /sys, which
 * hides the cgroup hierarchies mounted under it ("Devices cgroup isn't mounted"): they are mounted
 * again, as the host has them, in the command's own mount namespace before dockerd replaces the shell
 * (same PID, so SIGTERM still reaches dockerd).
 * @param {string} netns @param {string[]} args @returns {[string, string[]]}
 */
function inNetns(netns, args) {
  const quote = (/** @type {string} */ s) => `'${s.replaceAll("'", "'\\''")}'`;
  const mounts = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" "))
    .filter((f) => f[4]?.startsWith("/sys/fs/cgroup"))
    .map((f) => {
      // mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - FSTYPE SOURCE SUPEROPTIONS
      const dash = f.indexOf("-", 6);
      const [fstype, source, superOptions] = f.slice(dash + 1);
      const at = quote(/** @type {string} */ (f[4]));
      return `mkdir -p ${at} && mount -t ${fstype} -o ${quote(superOptions ?? "rw")} ${source} ${at}`;
    });
  // `ip netns exec` also makes every mount a slave: mounts dockerd makes (its sandboxes' netns files)
  // would then never reach a plugin's bind mount of its exec root. Shared again, as on a host whose
  // init shares `/`; still slaves of the host's mounts, so nothing propagates back to the host.
  mounts.push("mount --make-rshared /");
  return ["ip", ["netns", "exec", netns, "sh", "-ec", `${mounts.join("\n")}\nexec /usr/sbin/dockerd "$@"`, "dockerd", ...args]];
}

/** @param {(...a: string[]) => string} docker @param {string} image */
function importBusybox(docker, image) {
  const rootfs = mkdtempSync(join(tmpdir(), "ulbb-"));
  const tar = `${rootfs}.tar`;
  try {
    for (const dir of ["bin", "etc", "tmp", "proc", "sys", "dev"]) mkdirSync(join(rootfs, dir));
    copyFileSync("/bin/busybox", join(rootfs, "bin/busybox"));
    const applets = execFileSync("/bin/busybox", ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
    for (const a of applets) if (a !== "busybox") symlinkSync("busybox", join(rootfs, "bin", a));
    execFileSync("tar", ["-C", rootfs, "-cf", tar, "."]);
    docker("import", "--change", "ENV PATH=/bin", tar, image);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
    rmSync(tar, { force: true });
  }
}

/**
 * `docker network create` arguments: `-d DRIVER`, one `-o key=value` per option, then the rest.
 * @param {string} driver @param {string} name @param {Record<string, string>} options @param {string[]} rest
 */
export function networkCreateArgs(driver, name, options, ...rest) {
  return ["network", "create", "-d", driver, ...Object.entries(options).flatMap(([k, v]) => ["-o", `${k}=${v}`]), ...rest, name];
}
