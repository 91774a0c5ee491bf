// What a driver holds, read from its state folder: networks, endpoints, and the VFs its sriov
// networks hold. The running daemon answers `Underlay.Status` with this; `underlay driver status`
// reads it straight from the folder when no daemon answers.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Allocation, readPoolAllocations } from "@underlay/sriov";
import { DRIVER_STATE_FILE, DriverStore, type EndpointRecord, type NetworkRecord } from "./store.js";

export interface DriverStatus {
  stateDir: string;
  networks: NetworkRecord[];
  endpoints: EndpointRecord[];
  allocations: Allocation[];
}

export function readDriverStatus(stateDir: string): DriverStatus {
  const store = new DriverStore(stateDir);
  const networks = store.networks();
  return {
    stateDir,
    networks,
    endpoints: networks.flatMap((n) => store.endpointsOf(n.id)),
    allocations: readPoolAllocations(stateDir),
  };
}

/** The drivers under a `driver serve --state-dir` folder: one subfolder per driver name. */
export function driverNames(stateRoot: string): string[] {
  if (!existsSync(stateRoot)) return [];
  return readdirSync(stateRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(stateRoot, d.name, DRIVER_STATE_FILE)))
    .map((d) => d.name)
    .sort();
}
