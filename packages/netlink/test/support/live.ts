// Live-test support: a throwaway netns per test, and kernel feature probes.
import { Handle, NetlinkError, netnsAdd, netnsDel, netnsList } from "@underlay/netlink";

export const IS_ROOT = process.getuid?.() === 0;
export const NOT_ROOT_REASON = "live netlink tests need root (CAP_NET_ADMIN and CAP_SYS_ADMIN)";

let counter = 0;

/** A unique name for things a test creates, so parallel runs never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}${process.pid.toString(36)}${(counter++).toString(36)}`.slice(0, 15);
}

export interface Scratch {
  name: string;
  h: Handle;
  /** Another netns in the same test (for moves), created on demand. */
  other(): Scratch;
  dispose(): void;
}

/** Creates a netns and a handle in it. dispose() closes the handle and deletes the netns (and its links). */
export function scratchNetns(): Scratch {
  const name = uniqueName("ult");
  netnsAdd(name);
  let h: Handle;
  try {
    h = new Handle({ netns: { name } });
  } catch (e) {
    netnsDel(name);
    throw e;
  }
  const children: Scratch[] = [];
  return {
    name,
    h,
    other() {
      const s = scratchNetns();
      children.push(s);
      return s;
    },
    dispose() {
      for (const c of children) c.dispose();
      h.close();
      if (netnsList().includes(name)) netnsDel(name);
    },
  };
}

const probes = new Map<string, string | undefined>();

/**
 * Whether this kernel can create links of `kind`, found by trying in a scratch netns. Returns
 * undefined when it can, or the reason (the kernel's own words) when it cannot.
 */
export function missingKind(kind: "ipvlan" | "vlan" | "dummy" | "macvlan" | "bridge" | "veth"): string | undefined {
  if (!IS_ROOT) return NOT_ROOT_REASON;
  if (probes.has(kind)) return probes.get(kind);
  const s = scratchNetns();
  let reason: string | undefined;
  try {
    s.h.linkAdd({ name: "probep", kind: "veth", peer: { name: "probeq" } });
    const parent = { parent: "probep" };
    if (kind === "vlan") s.h.linkAdd({ name: "probe", kind, id: 10, ...parent });
    else if (kind === "ipvlan" || kind === "macvlan") s.h.linkAdd({ name: "probe", kind, ...parent });
    else if (kind === "dummy" || kind === "bridge") s.h.linkAdd({ name: "probe", kind });
  } catch (e) {
    if (!(e instanceof NetlinkError) || e.code !== "EOPNOTSUPP") throw e;
    reason = `this kernel has no ${kind} links (${e.extack ?? e.code}); runs in the guest rig`;
  } finally {
    s.dispose();
  }
  probes.set(kind, reason);
  return reason;
}
