// @underlay/sriov: PF/VF discovery, SR-IOV enablement, VF pools, VF state save and restore.

export { type Allocation, type AllocationState, VF_FAULT_POINTS } from "./allocation.js";
export { describePf, type PfView, type VfView } from "./discovery.js";
export { type EnableOptions, SriovEnabler } from "./enable.js";
export { SriovError, type SriovErrorCode } from "./errors.js";
export { faultPoint } from "./fault.js";
export {
  type AllocationRequest,
  type PoolOptions,
  type ReconcileReport,
  type ReleaseResult,
  readPoolAllocations,
  VfPool,
} from "./pool.js";
export { type PfDevice, Sysfs, type VfDevice } from "./sysfs.js";
export { type ApplyJournal, applyVfConfig, restoreVf } from "./vfconfig.js";
export { APPLY_ORDER, type NetdevState, type Step, snapshotVf, type VfConfig, type VfSnapshot } from "./vfsteps.js";
