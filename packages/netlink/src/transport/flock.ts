// flock(2) on an open file, for the state folder's single-instance lock (@underlay/state). It lives
// here only because this package holds the one koffi binding of libc; Node has no flock.
import { EAGAIN, flock, LOCK_EX, LOCK_NB, LOCK_UN, lastErrno } from "./ffi.js";

/** Takes an exclusive lock on `fd` without waiting: true if taken, false if another holder has it. */
export function flockExclusive(fd: number): boolean {
  if (flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const errno = lastErrno();
  if (errno === EAGAIN) return false;
  throw new Error(`flock: errno ${errno}`);
}

/** Drops the lock (closing the fd drops it too, as does the process ending). */
export function flockRelease(fd: number): void {
  flock(fd, LOCK_UN);
}
