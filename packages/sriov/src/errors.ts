// Errors that name the PF and the VF and say what to do.

export type SriovErrorCode =
  | "NOT_SRIOV"
  | "SRIOV_DISABLED"
  | "NO_SUCH_VF"
  | "POOL_EXHAUSTED"
  | "VF_BUSY"
  | "NO_MATCH"
  | "NUMVFS_FOREIGN"
  | "NUMVFS_RANGE"
  | "NUMVFS_WRITE"
  | "VFS_NOT_READY"
  | "CONFIG_FAILED"
  | "UNKNOWN_ALLOCATION"
  | "STATE_CORRUPT";

export class SriovError extends Error {
  override readonly name = "SriovError";
  constructor(
    readonly code: SriovErrorCode,
    readonly pf: string,
    message: string,
    readonly vf?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
