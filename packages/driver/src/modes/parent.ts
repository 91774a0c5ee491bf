// Parents of macvlan/ipvlan networks, as Docker's builtin drivers treat them: an existing link is
// used as is; a missing "base.VID" is created as an 802.1Q sub-interface; no parent at all, or an
// --internal network, means a dummy link, so that nothing reaches the physical network. Only links a network created are deleted with it, and only when no other network
// still uses them.
import { constants as C, type Handle, NetlinkError } from "@underlay/netlink";
import type { NetworkRecord } from "../store.js";

export function dummyParentName(networkId: string): string {
  return `ul-${networkId.slice(0, 12)}`;
}

/** The parent link of a network, once it exists. */
export function parentOf(net: NetworkRecord): string {
  return net.options.parent && !net.internal ? net.options.parent : dummyParentName(net.id);
}

function missing(e: unknown): boolean {
  return e instanceof NetlinkError && e.code === "ENODEV";
}

export async function ensureParent(h: Handle, net: NetworkRecord): Promise<{ createdParent?: string }> {
  const name = parentOf(net);
  try {
    const link = await h.promises.linkGet(name);
    if (link.header.type === C.ARPHRD_LOOPBACK)
      throw new Error(`loopback interface is not a valid ${net.options.mode} parent link`);
    return {};
  } catch (e) {
    if (!missing(e)) throw e;
  }
  if (name === dummyParentName(net.id)) {
    await createIsolatedParent(h, name);
    return { createdParent: name };
  }
  const m = name.match(/^(.+)\.(\d+)$/);
  if (!m)
    throw new Error(
      `parent ${name} was not found on the host (a name like eth0.10 is created as an 802.1Q sub-interface of eth0)`,
    );
  const [, base, vid] = m as unknown as [string, string, string];
  if (Number(vid) < 1 || Number(vid) > 4094) throw new Error(`vlan id must be between 1-4094, received: ${vid}`);
  try {
    await h.promises.linkGet(base);
  } catch (e) {
    if (missing(e)) throw new Error(`parent ${base} of ${name} was not found on the host`);
    throw e;
  }
  await h.promises.linkAdd({ name, kind: "vlan", parent: base, id: Number(vid), up: true });
  return { createdParent: name };
}

/** A dummy link; on kernels without dummy links, a veth pair whose peer goes nowhere. */
async function createIsolatedParent(h: Handle, name: string): Promise<void> {
  try {
    await h.promises.linkAdd({ name, kind: "dummy", up: true });
  } catch (e) {
    if (!(e instanceof NetlinkError) || e.code !== "EOPNOTSUPP") throw e;
    await h.promises.linkAdd({ name, kind: "veth", peer: { name: `ulp${name.slice(3, 15)}` }, up: true });
  }
}

export async function releaseParent(h: Handle, net: NetworkRecord, others: NetworkRecord[]): Promise<void> {
  if (!net.createdParent || others.some((o) => parentOf(o) === net.createdParent)) return;
  try {
    await h.promises.linkDel(net.createdParent);
  } catch (e) {
    if (!missing(e)) throw e;
  }
}

/** Deletes a link if it is there. */
export async function deleteIfPresent(h: Handle, name: string): Promise<void> {
  try {
    await h.promises.linkDel(name);
  } catch (e) {
    if (!missing(e)) throw e;
  }
}
