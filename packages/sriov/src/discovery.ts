// The whole picture of a PF: sysfs (PCI, drivers, netdev names) joined with what the PF reports
// over netlink (each VF's admin settings) and each VF netdev's current MAC.
import type { Handle, Vf } from "@underlay/netlink";
import type { PfDevice, Sysfs, VfDevice } from "./sysfs.js";

export interface VfView extends VfDevice {
  /** The VF netdev's current MAC, when the netdev is in the handle's netns. */
  mac?: string;
  /** The VF's admin record on the PF (admin MAC, VLAN, spoofchk, trust, link state, rates). */
  admin?: Vf;
}

export interface PfView extends Omit<PfDevice, "vfs"> {
  vfs: VfView[];
}

/** `ip -d link show PF` plus sysfs: one call for everything known about a PF and its VFs. */
export async function describePf(pf: string, sysfs: Sysfs, h: Handle): Promise<PfView> {
  const dev = sysfs.readPf(pf);
  const admin = new Map((await h.promises.vfList(pf).catch(() => [] as Vf[])).map((v) => [v.vf, v]));
  const vfs: VfView[] = [];
  for (const v of dev.vfs) {
    const view: VfView = { ...v };
    const a = admin.get(v.index);
    if (a) view.admin = a;
    if (v.netdev) {
      const mac = (await h.promises.linkGet(v.netdev).catch(() => undefined))?.attrs.address;
      if (mac) view.mac = mac;
    }
    vfs.push(view);
  }
  return { ...dev, vfs };
}
