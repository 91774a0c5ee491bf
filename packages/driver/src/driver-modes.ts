// The driver's modes by name: what `-o mode=` and an alias socket ("sriov", "passthrough") choose.
export const DRIVER_MODES = ["sriov", "passthrough", "macvlan", "ipvlan"] as const;
export type DriverMode = (typeof DRIVER_MODES)[number];
