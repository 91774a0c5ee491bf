// What `underlay sriov status/enable/disable` do, loaded only when one of them runs: they read the
// driver's records (zod-validated), which every other command's start-up should not pay for.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { driverNames, readDriverStatus } from "@underlay/driver/status";
import { type Allocation, readPoolAllocations, SriovEnabler, Sysfs } from "@underlay/sriov";
import { lockStateDir } from "@underlay/state";
import type { CliContext } from "../context.js";
import { printJson, printTable } from "../output.js";

export interface StateOptions {
  stateDir: string;
  name: string;
}

/** Every VF allocation on the host (they are host-wide), with the driver name and network holding it. */
function allocations(stateRoot: string): (Allocation & { driver: string; network?: string })[] {
  const holder = new Map<string, { driver: string; network: string }>();
  for (const driver of driverNames(stateRoot))
    for (const e of readDriverStatus(stateRoot, driver).endpoints) holder.set(e.id, { driver, network: e.networkId });
  return readPoolAllocations(stateRoot).map((a) => ({ driver: "-", ...a, ...holder.get(a.owner) }));
}

/** Runs a change to a PF's VF count holding the state folder's lock, so no driver changes it meanwhile. */
export async function locked<T>(o: StateOptions, fn: () => T | Promise<T>): Promise<T> {
  const lock = lockStateDir(o.stateDir, "underlay sriov");
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

function pfNames(sysfs: Sysfs): string[] {
  return readdirSync(join(sysfs.root, "class/net"))
    .filter((n) => sysfs.isPf(n))
    .sort();
}

export function status(ctx: CliContext, pf: string | undefined, o: StateOptions) {
  const sysfs = new Sysfs();
  const all = allocations(o.stateDir);
  const pfs = (pf ? [pf] : pfNames(sysfs)).map((name) => {
    const dev = sysfs.readPf(name);
    const held = all.filter((a) => a.pfPci === dev.pciAddress);
    const owned = new SriovEnabler(o.stateDir, sysfs).owns(name);
    return { ...dev, numvfsSetBy: dev.numVfs === 0 ? undefined : owned ? "underlay" : "someone else", allocations: held };
  });
  const out = ctx.out;
  if (out.json)
    return printJson(
      out,
      pfs.map((p) => ({
        ifname: p.name,
        pci_address: p.pciAddress,
        driver: p.driver,
        totalvfs: p.totalVfs,
        numvfs: p.numVfs,
        numvfs_set_by: p.numvfsSetBy,
        allocations: p.allocations.map((a) => ({
          vf: a.vf,
          pci_address: a.vfPci,
          netdev: a.netdev,
          driver: a.driver,
          network: a.network,
          endpoint: a.owner,
          state: a.state,
          since: a.createdAt,
        })),
      })),
    );
  if (!pfs.length) return out.write("no SR-IOV PFs here (no /sys/class/net/*/device/sriov_totalvfs)\n");
  printTable(
    out,
    pfs.map((p) => [
      p.name,
      p.pciAddress,
      p.driver ?? "-",
      `${p.totalVfs}`,
      `${p.numVfs}`,
      p.numvfsSetBy ?? "-",
      `${p.allocations.length}`,
    ]),
    ["PF", "PCI", "DRIVER", "TOTALVFS", "NUMVFS", "SET_BY", "ALLOCATED"],
  );
  const held = pfs.flatMap((p) => p.allocations.map((a) => ({ ...a, pfName: p.name })));
  if (!held.length) return;
  out.write("\n");
  printTable(
    out,
    held.map((a) => [a.pfName, `${a.vf}`, a.vfPci, a.netdev ?? "-", a.driver, short(a.network), short(a.owner), a.state]),
    ["PF", "VF", "PCI", "NETDEV", "DRIVER", "NETWORK", "ENDPOINT", "STATE"],
  );
}

const short = (id: string | undefined) => (id ? id.slice(0, 12) : "-");

/** sriov enable: the count, under the state lock, then the PF's status. */
export async function enable(ctx: CliContext, pf: string, o: StateOptions, opts: { count?: number; timeoutMs: number }) {
  const dev = await locked(o, () => new SriovEnabler(o.stateDir).enable(pf, opts, allocatedOn(pf, o.stateDir)));
  status(ctx, dev.name, o);
}

function allocatedOn(pf: string, stateRoot: string): number {
  const pci = new Sysfs().readPf(pf).pciAddress;
  return allocations(stateRoot).filter((a) => a.pfPci === pci).length;
}

export function disable(ctx: CliContext, pf: string, o: StateOptions & { force?: boolean }) {
  const allocated = allocatedOn(pf, o.stateDir);
  if (allocated)
    throw new Error(`sriov disable ${pf}: ${allocated} VF(s) are allocated to endpoints (underlay sriov status ${pf})`);
  const sysfs = new Sysfs();
  const enabler = new SriovEnabler(o.stateDir, sysfs);
  const r = enabler.disable(pf, allocated);
  if (r.disabled) return;
  if (sysfs.readPf(pf).numVfs === 0) return ctx.out.write(`${r.reason}\n`);
  if (!o.force) throw new Error(`sriov disable ${pf}: ${r.reason} (--force disables it anyway)`);
  sysfs.writeNumVfs(pf, 0);
}
