// A real PCI SR-IOV PF: the emulated Intel 82576 (igb) of `scripts/guest/run --sriov`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { IS_ROOT, NOT_ROOT_REASON } from "./live.js";

const DRIVER = "/sys/bus/pci/drivers/igb";

export interface IgbPf {
  /** sysfs PCI device folder of the PF. */
  device: string;
  ifname: string;
  totalVfs: number;
}

export function findIgbPf(): IgbPf | string {
  if (!IS_ROOT) return NOT_ROOT_REASON;
  const devices = existsSync(DRIVER) ? readdirSync(DRIVER).filter((d) => /^[0-9a-f]{4}:/.test(d)) : [];
  for (const d of devices) {
    const device = `${DRIVER}/${d}`;
    const total = existsSync(`${device}/sriov_totalvfs`) ? Number(readFileSync(`${device}/sriov_totalvfs`, "utf8")) : 0;
    const ifname = existsSync(`${device}/net`) ? readdirSync(`${device}/net`)[0] : undefined;
    if (total > 0 && ifname) return { device, ifname, totalVfs: total };
  }
  return "no SR-IOV capable igb NIC here; runs in the guest rig (scripts/guest/run --sriov)";
}

/** Writes sriov_numvfs and waits (bounded) for every VF's netdev to appear. Returns their names. */
export async function enableVfs(pf: IgbPf, count: number): Promise<string[]> {
  writeFileSync(`${pf.device}/sriov_numvfs`, "0");
  writeFileSync(`${pf.device}/sriov_numvfs`, String(count));
  // A VF's netdev shows up under virtfnN/net once igbvf has probed it.
  const nameOf = (i: number) => {
    const dir = `${pf.device}/virtfn${i}/net`;
    return existsSync(dir) ? readdirSync(dir)[0] : undefined;
  };
  for (let waited = 0; waited < 20_000; waited += 100) {
    const names = Array.from({ length: count }, (_, i) => nameOf(i));
    if (names.every((n) => n !== undefined)) return names as string[];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`VF netdevs of ${pf.ifname} did not appear within 20 s`);
}

export function disableVfs(pf: IgbPf): void {
  writeFileSync(`${pf.device}/sriov_numvfs`, "0");
}
