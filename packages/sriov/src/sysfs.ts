// PF/VF discovery from sysfs. The root is injectable so tests can build a tree shaped like
// /sys (class/net/PF/device -> the PCI device, virtfnN links, physfn, net/NAME, sriov_*).
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { SriovError } from "./errors.js";

export interface VfDevice {
  index: number;
  pciAddress: string;
  /** The VF netdev's name as the host netns sees it; absent when unbound, not yet probed, or moved away. */
  netdev?: string;
  /** The bound driver (igbvf, iavf, mlx5_core, vfio-pci…); absent when unbound. */
  driver?: string;
}

export interface PfDevice {
  name: string;
  pciAddress: string;
  driver?: string;
  totalVfs: number;
  numVfs: number;
  vfs: VfDevice[];
}

export class Sysfs {
  constructor(readonly root = "/sys") {}

  /** The PF's PCI device folder (the target of class/net/PF/device). */
  deviceDir(pf: string): string {
    const link = join(this.root, "class/net", pf, "device");
    if (!existsSync(link)) throw new SriovError("NOT_SRIOV", pf, `${pf} is not a PCI network device here (${link} is missing)`);
    return realpathSync(link);
  }

  isPf(pf: string): boolean {
    try {
      return existsSync(join(this.deviceDir(pf), "sriov_totalvfs"));
    } catch {
      return false;
    }
  }

  /** The PF and every VF it has now. */
  readPf(pf: string): PfDevice {
    const dev = this.deviceDir(pf);
    if (!existsSync(join(dev, "sriov_totalvfs"))) {
      throw new SriovError("NOT_SRIOV", pf, `${pf} is not an SR-IOV PF: ${join(dev, "sriov_totalvfs")} is missing`);
    }
    const numVfs = readInt(join(dev, "sriov_numvfs"));
    const out: PfDevice = {
      name: pf,
      pciAddress: basename(dev),
      totalVfs: readInt(join(dev, "sriov_totalvfs")),
      numVfs,
      vfs: [],
    };
    const driver = linkName(join(dev, "driver"));
    if (driver) out.driver = driver;
    for (let i = 0; i < numVfs; i++) {
      const vf = this.readVf(dev, i);
      if (vf) out.vfs.push(vf);
    }
    return out;
  }

  /** One VF of the PF, without reading the others (undefined when it does not exist now). */
  readVfOf(pf: string, index: number): VfDevice | undefined {
    return this.readVf(this.deviceDir(pf), index);
  }

  private readVf(pfDir: string, index: number): VfDevice | undefined {
    const link = join(pfDir, `virtfn${index}`);
    const pciAddress = linkName(link);
    if (!pciAddress) return undefined; // not created yet
    const vf: VfDevice = { index, pciAddress };
    const netDir = join(link, "net");
    const netdev = existsSync(netDir) ? readdirSync(netDir).sort()[0] : undefined;
    if (netdev) vf.netdev = netdev;
    const driver = linkName(join(link, "driver"));
    if (driver) vf.driver = driver;
    return vf;
  }

  /** The PF netdev whose VF `netdev` is (its device's physfn); undefined for a netdev that is no VF. */
  pfOf(netdev: string): string | undefined {
    const net = join(this.root, "class/net", netdev, "device/physfn/net");
    return existsSync(net) ? readdirSync(net).sort()[0] : undefined;
  }

  /** sriov_drivers_autoprobe: whether new VFs get a driver (and so a netdev) by themselves. */
  autoprobe(pf: string): boolean {
    const file = join(this.deviceDir(pf), "sriov_drivers_autoprobe");
    return !existsSync(file) || readFileSync(file, "utf8").trim() !== "0";
  }

  /** Writes sriov_numvfs, turning the kernel's refusals into errors that say what to do. */
  writeNumVfs(pf: string, count: number): void {
    const file = join(this.deviceDir(pf), "sriov_numvfs");
    try {
      writeFileSync(file, String(count));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === "EBUSY"
          ? "VFs exist already; the kernel only changes a non-zero count by going through 0"
          : code === "ERANGE"
            ? "more than sriov_totalvfs"
            : code === "ENOENT"
              ? "the driver does not support SR-IOV configuration through sysfs"
              : `${code ?? "error"}: check firmware SR-IOV settings (e.g. mlx SRIOV_EN/NUM_OF_VFS) and dmesg`;
      throw new SriovError("NUMVFS_WRITE", pf, `cannot set sriov_numvfs of ${pf} to ${count}: ${why}`, undefined, { cause: e });
    }
  }
}

function readInt(file: string): number {
  return Number.parseInt(readFileSync(file, "utf8").trim(), 10);
}

function linkName(link: string): string | undefined {
  try {
    return basename(readlinkSync(link));
  } catch {
    return undefined;
  }
}
