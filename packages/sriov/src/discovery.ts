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

/** Every link's MAC in the handle's netns, from one dump (not one GET per VF netdev). */
export async function netdevMacs(h: Handle): Promise<Map<string, string>> {
  const macs = new Map<string, string>();
  for (const l of await h.promises.linkList()) if (l.attrs.ifname && l.attrs.address) macs.set(l.attrs.ifname, l.attrs.address);
  return macs;
}

/** `ip -d link show PF` plus sysfs: one call for everything known about a PF and its VFs. */
export async function describePf(pf: string, sysfs: Sysfs, h: Handle): Promise<PfView> {
  const dev = sysfs.readPf(pf);
  const admin = new Map((await h.promises.vfList(pf).catch(() => [] as Vf[])).map((v) => [v.vf, v]));
  const macs = await netdevMacs(h);
  const vfs = dev.vfs.map((v) => {
    const view: VfView = { ...v };
    const a = admin.get(v.index);
    const mac = v.netdev && macs.get(v.netdev);
    if (a) view.admin = a;
    if (mac) view.mac = mac;
    return view;
  });
  return { ...dev, vfs };
}
