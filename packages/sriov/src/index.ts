// @underlay/sriov: PF/VF discovery, SR-IOV enablement, VF pools, VF state save and restore.

export { describePf, type PfView, type VfView } from "./discovery.js";
export { type EnableOptions, SriovEnabler } from "./enable.js";
export { SriovError, type SriovErrorCode } from "./errors.js";
export { KeyedMutex } from "./mutex.js";
export {
  type Allocation,
  type AllocationRequest,
  type PoolOptions,
  type ReconcileReport,
  type ReleaseResult,
  readPoolAllocations,
  VfPool,
} from "./pool.js";
export { readJson, writeJsonAtomic } from "./store.js";
export { type PfDevice, Sysfs, type VfDevice } from "./sysfs.js";
export {
  APPLY_ORDER,
  applyVfConfig,
  type NetdevState,
  restoreVf,
  type Step,
  snapshotVf,
  type VfConfig,
  type VfSnapshot,
} from "./vfconfig.js";
