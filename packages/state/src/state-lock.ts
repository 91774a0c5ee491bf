// One process per state folder: an flock(2) on DIR/.lock, held by `underlay driver serve` for its
// life and by `underlay sriov enable/disable` for a command. The kernel drops it when the holder
// dies, so a crash never leaves the folder locked; the holder's pid is written for the message.
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { flockExclusive } from "@underlay/netlink";

export class StateLockedError extends Error {
  override readonly name = "StateLockedError";
}

export interface StateLock {
  readonly path: string;
  release(): void;
}

/** Locks `dir` for this process, or throws StateLockedError naming the holder. */
export function lockStateDir(dir: string, what: string): StateLock {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, ".lock");
  const fd = openSync(path, "a+", 0o600);
  if (!flockExclusive(fd)) {
    closeSync(fd);
    const holder = readFileSync(path, "utf8").trim() || "another process";
    throw new StateLockedError(
      `${dir} is in use by ${holder}: one process at a time may change it (stop that one first, or give ${what} another state folder)`,
    );
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${what}, pid ${process.pid}\n`);
  let open = true;
  return {
    path,
    release() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
