// What a driver holds, read from its state folder: networks, endpoints, and the VFs the process's
// sriov networks hold. The running daemon answers `Underlay.Status` with this; `underlay driver
// status` reads it straight from the folder when no daemon answers.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Allocation, readPoolAllocations } from "@underlay/sriov";
import { DRIVER_STATE_FILE, DriverStore, type EndpointRecord, type NetworkRecord } from "./store.js";

export interface DriverStatus {
  stateDir: string;
  networks: NetworkRecord[];
  endpoints: EndpointRecord[];
  /** The VFs held on the host (shared by every name of the process); each names its endpoint. */
  allocations: Allocation[];
}

/** One name's records under a `driver serve --state-dir` root. */
export function readDriverStatus(stateRoot: string, name: string): DriverStatus {
  const stateDir = join(stateRoot, name);
  const store = new DriverStore(stateDir);
  const networks = store.networks();
  const endpoints = networks.flatMap((n) => store.endpointsOf(n.id));
  const mine = new Set(endpoints.map((e) => e.id));
  return { stateDir, networks, endpoints, allocations: readPoolAllocations(stateRoot).filter((a) => mine.has(a.owner)) };
}

/** The drivers under a `driver serve --state-dir` folder: one subfolder per driver name. */
export function driverNames(stateRoot: string): string[] {
  if (!existsSync(stateRoot)) return [];
  return readdirSync(stateRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(stateRoot, d.name, DRIVER_STATE_FILE)))
    .map((d) => d.name)
    .sort();
}
