// Network namespaces: run a step inside one (setns on this thread, restored in finally), and
// create/delete named ones bind-mounted under /run/netns, as `ip netns add/del` do.
import { mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { NetlinkError, ValidationError } from "../wire/errors.js";
import * as ffi from "./ffi.js";

export const NETNS_RUN_DIR = "/run/netns";

/**
 * A network namespace: a named one (`ip netns add NAME`), a path to an nsfs file (Docker's
 * /var/run/docker/netns/…), a process's (`/proc/PID/ns/net`), or an open fd.
 */
export type NetnsRef = { name: string } | { path: string } | { pid: number } | { fd: number };

export function netnsPath(ref: Exclude<NetnsRef, { fd: number }>): string {
  if ("name" in ref) {
    validateNetnsName(ref.name);
    return `${NETNS_RUN_DIR}/${ref.name}`;
  }
  if ("pid" in ref) return `/proc/${ref.pid}/ns/net`;
  return ref.path;
}

export function validateNetnsName(name: string): void {
  if (!name || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
    throw new ValidationError(`invalid netns name ${JSON.stringify(name)}: must be non-empty, not "." or "..", without "/"`);
  }
}

function sysCheck(rc: number, operation: string): number {
  if (rc < 0) throw new NetlinkError({ errno: ffi.lastErrno(), operation });
  return rc;
}

/** Opens a netns for setns or IFLA_NET_NS_FD. The caller closes the fd (closeFd). */
export function openNetns(ref: Exclude<NetnsRef, { fd: number }>): number {
  const path = netnsPath(ref);
  return sysCheck(ffi.open(path, ffi.O_RDONLY | ffi.O_CLOEXEC), `open netns ${path}`);
}

export function closeFd(fd: number): void {
  ffi.close(fd);
}

/** Calls fn with an fd for the netns, opening and closing it when it is not already an fd. */
export function withNetnsFd<T>(ref: NetnsRef, fn: (fd: number) => T): T {
  if ("fd" in ref) return fn(ref.fd);
  const fd = openNetns(ref);
  try {
    return fn(fd);
  } finally {
    ffi.close(fd);
  }
}

/**
 * A netns as a request names it: IFLA_NET_NS_PID, or IFLA_NET_NS_FD with an fd that is open while
 * the request is sent.
 */
export type NetnsTarget = { pid: number } | { fd: number };

/**
 * Opens what a request's netns references need for the send: a name or a path as an fd, which
 * close() closes again; a pid or an fd passes as given. An undefined reference stays undefined.
 */
export function openNetnsTargets(refs: readonly (NetnsRef | undefined)[]): {
  targets: (NetnsTarget | undefined)[];
  close(): void;
} {
  const opened: number[] = [];
  const close = () => {
    for (const fd of opened) ffi.close(fd);
  };
  try {
    const targets = refs.map((ref): NetnsTarget | undefined => {
      if (ref === undefined || "pid" in ref || "fd" in ref) return ref;
      const fd = openNetns(ref);
      opened.push(fd);
      return { fd };
    });
    return { targets, close };
  } catch (e) {
    close();
    throw e;
  }
}

function currentThreadNetns(): number {
  return sysCheck(ffi.open("/proc/thread-self/ns/net", ffi.O_RDONLY | ffi.O_CLOEXEC), "open /proc/thread-self/ns/net");
}

/** Restores this thread's netns. Failing to is fatal: everything after would talk to the wrong netns. */
function restore(original: number): void {
  if (ffi.setns(original, ffi.CLONE_NEWNET) < 0) {
    process.stderr.write(`fatal: cannot restore the original network namespace (errno ${ffi.lastErrno()})\n`);
    process.abort();
  }
  ffi.close(original);
}

/** Runs fn with this thread inside the netns, then returns to where it was. */
export function inNetns<T>(ref: NetnsRef, fn: () => T): T {
  return withNetnsFd(ref, (target) => {
    const original = currentThreadNetns();
    if (ffi.setns(target, ffi.CLONE_NEWNET) < 0) {
      const errno = ffi.lastErrno();
      ffi.close(original);
      throw new NetlinkError({ errno, operation: `setns ${describe(ref)}` });
    }
    try {
      return fn();
    } finally {
      restore(original);
    }
  });
}

function describe(ref: NetnsRef): string {
  return "fd" in ref ? `fd ${ref.fd}` : netnsPath(ref);
}

/** `ip netns add NAME`: a new empty netns, kept alive by a bind mount at /run/netns/NAME. */
export function netnsAdd(name: string): string {
  const path = netnsPath({ name });
  prepareRunDir();
  const fd = sysCheck(ffi.open(path, ffi.O_RDONLY | ffi.O_CREAT | ffi.O_EXCL | ffi.O_CLOEXEC, "int", 0), `netns add ${name}`);
  ffi.close(fd);
  const original = currentThreadNetns();
  try {
    sysCheck(ffi.unshare(ffi.CLONE_NEWNET), `netns add ${name}: unshare`);
    sysCheck(ffi.mount("/proc/thread-self/ns/net", path, "none", ffi.MS_BIND, null), `netns add ${name}: bind mount`);
  } catch (e) {
    unlinkSync(path);
    throw e;
  } finally {
    restore(original);
  }
  return path;
}

/** `ip netns del NAME`. */
export function netnsDel(name: string): void {
  const path = netnsPath({ name });
  sysCheck(ffi.umount2(path, ffi.MNT_DETACH), `netns del ${name}`);
  unlinkSync(path);
}

/** `ip netns list`: the names under /run/netns. */
export function netnsList(): string[] {
  try {
    return readdirSync(NETNS_RUN_DIR).sort();
  } catch {
    return [];
  }
}

/**
 * Like iproute2: /run/netns must be a shared mount point, so that the bind mounts made here show
 * up in other mount namespaces (Docker's, a container's) that were cloned from ours.
 */
function prepareRunDir(): void {
  mkdirSync(NETNS_RUN_DIR, { recursive: true, mode: 0o755 });
  if (ffi.mount("", NETNS_RUN_DIR, "none", ffi.MS_SHARED | ffi.MS_REC, null) === 0) return;
  sysCheck(ffi.mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", ffi.MS_BIND | ffi.MS_REC, null), `bind mount ${NETNS_RUN_DIR}`);
  sysCheck(ffi.mount("", NETNS_RUN_DIR, "none", ffi.MS_SHARED | ffi.MS_REC, null), `make ${NETNS_RUN_DIR} shared`);
}
