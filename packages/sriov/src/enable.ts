// Turning SR-IOV on and off: set sriov_numvfs, wait for the VF netdevs, and remember that we did
// it, so that disabling undoes only our own change. A count someone else set is left alone.
import { join } from "node:path";
import { readJson, writeJsonAtomic } from "@underlay/state";
import { z } from "zod";
import { SriovError } from "./errors.js";
import { type PfDevice, Sysfs } from "./sysfs.js";

interface OwnedCounts {
  version: 1;
  /** PF PCI address -> the count we set. */
  pfs: Record<string, { count: number; setAt: string }>;
}

const OWNED_COUNTS_SCHEMA = z.object({
  version: z.literal(1),
  pfs: z.record(z.string(), z.object({ count: z.number().int().positive(), setAt: z.string() })),
}) as z.ZodType<OwnedCounts>;

const NO_NETDEV_DRIVERS = new Set(["vfio-pci", "uio_pci_generic", "igb_uio"]);

export interface EnableOptions {
  /** VFs to have; default all (sriov_totalvfs). */
  count?: number;
  /** How long to wait for the VF netdevs; default 30 s. */
  timeoutMs?: number;
}

export class SriovEnabler {
  private readonly sysfs: Sysfs;
  private readonly path: string;

  constructor(stateDir: string, sysfs?: Sysfs) {
    this.sysfs = sysfs ?? new Sysfs();
    this.path = join(stateDir, "sriov-numvfs.json");
  }

  /** True when this library set the PF's current VF count. */
  owns(pf: string): boolean {
    const dev = this.sysfs.readPf(pf);
    return this.owned().pfs[dev.pciAddress]?.count === dev.numVfs && dev.numVfs > 0;
  }

  /**
   * Makes the PF have `count` VFs (default all) and waits for their netdevs. Going from one
   * non-zero count to another passes through 0 (the kernel's EBUSY rule), which we do only when
   * the current count is ours and no VF is allocated (`allocated`).
   */
  async enable(pf: string, o: EnableOptions = {}, allocated = 0): Promise<PfDevice> {
    const dev = this.sysfs.readPf(pf);
    const want = o.count ?? dev.totalVfs;
    if (!Number.isInteger(want) || want < 1 || want > dev.totalVfs) {
      throw new SriovError(
        "NUMVFS_RANGE",
        pf,
        `cannot enable ${want} VFs on ${pf}: allowed values are 1-${dev.totalVfs} (sriov_totalvfs)`,
      );
    }
    if (dev.numVfs === want) return this.waitForNetdevs(pf, want, o.timeoutMs);
    if (dev.numVfs !== 0) {
      if (!this.owns(pf)) {
        throw new SriovError(
          "NUMVFS_FOREIGN",
          pf,
          `${pf} has ${dev.numVfs} VFs and sriov_numvfs was set by someone else; refusing to change it to ${want}. Use numvfs=${dev.numVfs}, or change it yourself (echo 0, then ${want}, > /sys/class/net/${pf}/device/sriov_numvfs)`,
        );
      }
      if (allocated > 0) {
        throw new SriovError(
          "VF_BUSY",
          pf,
          `cannot change ${pf} from ${dev.numVfs} to ${want} VFs: ${allocated} VF(s) are allocated`,
        );
      }
      this.sysfs.writeNumVfs(pf, 0);
    }
    this.sysfs.writeNumVfs(pf, want);
    this.record(dev.pciAddress, want);
    return this.waitForNetdevs(pf, want, o.timeoutMs);
  }

  /**
   * Sets sriov_numvfs back to 0, but only if we set it and no VF is allocated. Returns why it
   * did nothing otherwise.
   */
  disable(pf: string, allocated = 0): { disabled: boolean; reason?: string } {
    const dev = this.sysfs.readPf(pf);
    if (dev.numVfs === 0) return { disabled: false, reason: `SR-IOV is already off on ${pf}` };
    if (!this.owns(pf))
      return { disabled: false, reason: `sriov_numvfs of ${pf} was set by someone else; leaving it at ${dev.numVfs}` };
    if (allocated > 0) return { disabled: false, reason: `${allocated} VF(s) of ${pf} are allocated` };
    this.sysfs.writeNumVfs(pf, 0);
    const owned = this.owned();
    delete owned.pfs[dev.pciAddress];
    writeJsonAtomic(this.path, owned);
    return { disabled: true };
  }

  private async waitForNetdevs(pf: string, count: number, timeoutMs = 30_000): Promise<PfDevice> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const dev = this.sysfs.readPf(pf);
      // Ready: the VF has its netdev, or a driver that never gives one (vfio-pci…), or no driver
      // will come because the administrator turned autoprobing off.
      const ready = dev.vfs.filter((v) => v.netdev || (v.driver && NO_NETDEV_DRIVERS.has(v.driver)) || !this.sysfs.autoprobe(pf));
      if (dev.vfs.length === count && ready.length === count) return dev;
      if (Date.now() > deadline) {
        throw new SriovError(
          "VFS_NOT_READY",
          pf,
          `${pf}: ${ready.length}/${count} VF netdevs appeared within ${timeoutMs} ms; check that the VF driver is loaded (dmesg)`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private owned(): OwnedCounts {
    return readJson<OwnedCounts>(this.path, { version: 1, pfs: {} }, OWNED_COUNTS_SCHEMA);
  }

  private record(pci: string, count: number): void {
    const owned = this.owned();
    owned.pfs[pci] = { count, setAt: new Date().toISOString() };
    writeJsonAtomic(this.path, owned);
  }
}
