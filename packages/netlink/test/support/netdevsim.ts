// A netdevsim PF with VFs (the guest rig's kernel has the module; this host's kernel has not).
// Its VFs are programmable through the PF like a real SR-IOV NIC's, but have no netdevs.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { Handle } from "@underlay/netlink";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "./live.js";

const BUS = "/sys/bus/netdevsim";

export function missingNetdevsim(): string | undefined {
  if (!IS_ROOT) return NOT_ROOT_REASON;
  if (!existsSync(`${BUS}/new_device`))
    return "this kernel has no netdevsim (/sys/bus/netdevsim is absent); runs in the guest rig";
  return undefined;
}

export interface SimPf {
  id: number;
  /** The PF netdev's name in the netns it was created in. */
  ifname: string;
  remove(): void;
}

/** Creates netdevsim device `id` with one port and `vfs` VFs. */
export function createSimPf(id: number, vfs: number): SimPf {
  writeFileSync(`${BUS}/new_device`, `${id} 1`);
  const dev = `${BUS}/devices/netdevsim${id}`;
  const remove = () => writeFileSync(`${BUS}/del_device`, `${id}`);
  try {
    // netdevsim allows 4 VFs unless debugfs raises the limit.
    if (vfs > 4) writeFileSync(`/sys/kernel/debug/netdevsim/netdevsim${id}/max_vfs`, `${vfs}`);
    writeFileSync(`${dev}/sriov_numvfs`, `${vfs}`);
    const ifname = readdirSync(`${dev}/net`)[0];
    if (!ifname) throw new Error(`netdevsim${id} has no netdev`);
    return { id, ifname, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

/** A netdevsim PF with `vfs` VFs, moved into the netns `netns` as `name` so that nothing else sees it. */
export function createSimPfIn(id: number, vfs: number, netns: string, name = "pf0"): SimPf {
  const pf = createSimPf(id, vfs);
  const root = new Handle();
  try {
    root.linkSet(pf.ifname, { netns: { name: netns }, name });
  } catch (e) {
    pf.remove();
    throw e;
  } finally {
    root.close();
  }
  return { ...pf, ifname: name };
}

/** A throwaway netns holding netdevsim PF "pf0" with `vfs` VFs; dispose() removes both, in order. */
export function scratchWithSimPf(id: number, vfs: number): { s: Scratch; pf: SimPf; dispose(): void } {
  const s = scratchNetns();
  try {
    const pf = createSimPfIn(id, vfs, s.name);
    return {
      s,
      pf,
      dispose() {
        pf.remove();
        s.dispose();
      },
    };
  } catch (e) {
    s.dispose();
    throw e;
  }
}
