// @underlay/state: what the driver and the SR-IOV pool share for their state on disk.
export { readJson, removeLeftoverTemps, StateFileError, writeJsonAtomic } from "./atomic-json.js";
export { GroupCommit, type GroupCommitOptions } from "./group-commit.js";
export { KeyedMutex } from "./keyed-mutex.js";
export { KeyedRwLock } from "./keyed-rw-lock.js";
export { lockStateDir, type StateLock, StateLockedError } from "./state-lock.js";
