// A simulated SR-IOV host: a temporary sysfs tree shaped like the real one (class/net/PF/device
// -> the PF's PCI folder with sriov_totalvfs/sriov_numvfs and virtfnN links; each VF folder with
// physfn, driver and net/NAME), whose VF netdevs are REAL veth links in a throwaway netns.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Handle } from "@underlay/netlink";
import { afterAll, beforeAll } from "vitest";
import { IS_ROOT, type Scratch, scratchNetns } from "../../../netlink/test/support/live.js";

export interface SimulatedHost {
  root: string;
  pf: string;
  pfPci: string;
  vfPci(i: number): string;
  vfNetdev(i: number): string;
  /** Makes VF i look moved away (sysfs shows no netdev in the host netns). */
  hideNetdev(i: number): void;
  showNetdev(i: number, name?: string): void;
  /** Removes VF i's driver and netdev, as an unbind would. */
  unbind(i: number): void;
  /** Syncs virtfn links with sriov_numvfs, as the kernel would (call after an enabler write). */
  applyNumVfs(): void;
  dispose(): void;
}

export interface SimOptions {
  pf?: string;
  total: number;
  numVfs: number;
  /** Scratch netns handle: VF netdevs are created there as veth pairs. Without it, no netdevs. */
  h?: Handle;
  /** sriov_drivers_autoprobe: off means new VFs get no driver (and no netdev). */
  autoprobe?: boolean;
}

export function simulatedHost(o: SimOptions): SimulatedHost {
  const root = mkdtempSync(join(tmpdir(), "ulsim-"));
  const pf = o.pf ?? "simpf0";
  const pfPci = "0000:03:00.0";
  const devices = join(root, "bus/pci/devices");
  const pfDir = join(devices, pfPci);
  const vfPci = (i: number) => `0000:03:${(0x10 + Math.floor(i / 8)).toString(16)}.${i % 8}`;
  const vfNetdev = (i: number) => `simvf${i}`;
  mkdirSync(pfDir, { recursive: true });
  mkdirSync(join(root, "bus/pci/drivers/simpf"), { recursive: true });
  mkdirSync(join(root, "bus/pci/drivers/simvf"), { recursive: true });
  mkdirSync(join(root, "class/net"), { recursive: true });
  // class/net/PF stands for the netdev's folder; its "device" link points at the PCI function.
  mkdirSync(join(root, "class/net", pf));
  symlinkSync(`../../../bus/pci/devices/${pfPci}`, join(root, "class/net", pf, "device"));
  symlinkSync("../../drivers/simpf", join(pfDir, "driver"));
  writeFileSync(join(pfDir, "sriov_totalvfs"), `${o.total}\n`);
  writeFileSync(join(pfDir, "sriov_numvfs"), `${o.numVfs}\n`);
  writeFileSync(join(pfDir, "sriov_drivers_autoprobe"), o.autoprobe === false ? "0\n" : "1\n");
  mkdirSync(join(pfDir, "net", pf), { recursive: true });

  const vfDir = (i: number) => join(devices, vfPci(i));
  const showNetdev = (i: number, name = vfNetdev(i)) => {
    rmSync(join(vfDir(i), "net"), { recursive: true, force: true });
    mkdirSync(join(vfDir(i), "net", name), { recursive: true });
  };
  const createVf = (i: number) => {
    mkdirSync(vfDir(i), { recursive: true });
    if (!existsSync(join(vfDir(i), "physfn"))) symlinkSync(`../${pfPci}`, join(vfDir(i), "physfn"));
    if (o.autoprobe !== false && !existsSync(join(vfDir(i), "driver")))
      symlinkSync("../../drivers/simvf", join(vfDir(i), "driver"));
    if (!existsSync(join(pfDir, `virtfn${i}`))) symlinkSync(`../${vfPci(i)}`, join(pfDir, `virtfn${i}`));
    if (o.h) {
      try {
        o.h.linkGet(vfNetdev(i));
      } catch {
        o.h.linkAdd({ name: vfNetdev(i), kind: "veth", peer: { name: `simvp${i}` } });
      }
      showNetdev(i);
    }
  };
  const removeVf = (i: number) => {
    rmSync(join(pfDir, `virtfn${i}`), { force: true });
    rmSync(vfDir(i), { recursive: true, force: true });
  };
  for (let i = 0; i < o.numVfs; i++) createVf(i);

  return {
    root,
    pf,
    pfPci,
    vfPci,
    vfNetdev,
    hideNetdev: (i) => rmSync(join(vfDir(i), "net"), { recursive: true, force: true }),
    showNetdev,
    unbind: (i) => {
      rmSync(join(vfDir(i), "net"), { recursive: true, force: true });
      rmSync(join(vfDir(i), "driver"), { force: true });
    },
    applyNumVfs() {
      const n = Number(readFileSync(join(pfDir, "sriov_numvfs"), "utf8"));
      const existing = readdirSync(pfDir).filter((f) => f.startsWith("virtfn")).length;
      for (let i = n; i < existing; i++) removeVf(i);
      for (let i = 0; i < n; i++) createVf(i);
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A simulated host whose VF netdevs live in a scratch netns, made before the file's tests and
 * removed after (as root; otherwise nothing is made). Returns a getter for both.
 */
export function useSimulatedHost(o: Omit<SimOptions, "h">): () => { s: Scratch; sim: SimulatedHost } {
  let made: { s: Scratch; sim: SimulatedHost } | undefined;
  beforeAll(() => {
    if (!IS_ROOT) return;
    const s = scratchNetns();
    made = { s, sim: simulatedHost({ ...o, h: s.h }) };
  });
  afterAll(() => {
    made?.sim.dispose();
    made?.s.dispose();
  });
  return () => made as { s: Scratch; sim: SimulatedHost };
}
