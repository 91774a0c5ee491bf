// Parents of macvlan/ipvlan networks, as Docker's builtin drivers treat them: an existing link is
// used as is; a missing "base.VID" is created as an 802.1Q sub-interface; no parent at all means
// an isolated link (dummy, or a veth pair with both ends up where there are no dummy links), so
// nothing reaches the physical network. Links we create are recorded first (CreatedLinks), shared
// by every network on them, and deleted when the last of those goes.
import { constants as C, type Handle, NetlinkError } from "@underlay/netlink";
import type { CreatedLinks } from "../created-links.js";
import type { NetworkRecord } from "../store.js";

export function isolatedParentName(networkId: string): string {
  return `ul-${networkId.slice(0, 12)}`;
}

/** The parent link of a network, once it exists: `-o parent`, or else an isolated link of its own. */
export function parentOf(net: NetworkRecord): string {
  return net.options.parent || isolatedParentName(net.id);
}

/** The link a `base.VID` parent hangs off, or the parent itself. */
export function baseOf(parent: string): string {
  return parent.match(/^(.+)\.\d+$/)?.[1] ?? parent;
}

export function missing(e: unknown): boolean {
  return e instanceof NetlinkError && e.code === "ENODEV";
}

export interface ParentContext {
  h: Handle;
  links: CreatedLinks;
}

/** Makes sure the network's parent exists, creating (and recording) it when it is ours to make. */
export async function ensureParent({ h, links }: ParentContext, net: NetworkRecord): Promise<void> {
  const name = parentOf(net);
  try {
    const link = await h.promises.linkGet(name);
    if (link.header.type === C.ARPHRD_LOOPBACK)
      throw new Error(`loopback interface is not a valid ${net.options.mode} parent link`);
    return;
  } catch (e) {
    if (!missing(e)) throw e;
  }
  if (!net.options.parent) return createIsolatedParent(h, links, name);
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
  links.intend({ name, kind: "vlan" });
  await withdrawnOnFailure(h, links, name, () =>
    h.promises.linkAdd({ name, kind: "vlan", parent: base, id: Number(vid), up: true }),
  );
}

/** Adds a recorded link; when adding fails, the record goes too, so a later same-named link is never taken for ours. */
async function withdrawnOnFailure(h: Handle, links: CreatedLinks, name: string, add: () => Promise<unknown>): Promise<void> {
  try {
    await add();
  } catch (e) {
    const exists = await h.promises.linkGet(name).then(
      () => true,
      () => false,
    );
    if (!exists) links.forget(name);
    throw e;
  }
}

/** A dummy link; on kernels without dummy links, a veth pair with both ends up (else no carrier). */
async function createIsolatedParent(h: Handle, links: CreatedLinks, name: string): Promise<void> {
  links.intend({ name, kind: "isolated" });
  await withdrawnOnFailure(h, links, name, async () => {
    try {
      await h.promises.linkAdd({ name, kind: "dummy", up: true });
    } catch (e) {
      if (!(e instanceof NetlinkError) || e.code !== "EOPNOTSUPP") throw e;
      const peer = `ulp${name.slice(3, 15)}`;
      links.intend({ name, kind: "isolated", peer });
      await h.promises.linkAdd({ name, kind: "veth", peer: { name: peer }, up: true });
      await h.promises.linkSetUp(peer);
    }
  });
}

/** Deletes a link we created once no network in `users` has it as parent. */
export async function releaseCreatedLink(ctx: ParentContext, name: string, users: NetworkRecord[]): Promise<boolean> {
  if (!ctx.links.get(name) || users.some((o) => parentOf(o) === name)) return false;
  await deleteIfPresent(ctx.h, name);
  ctx.links.forget(name);
  return true;
}

/** Deletes a link if it is there. */
export async function deleteIfPresent(h: Handle, name: string): Promise<void> {
  try {
    await h.promises.linkDel(name);
  } catch (e) {
    if (!missing(e)) throw e;
  }
}
