// What each configuration step sets on a VF, how it is read back, and what putting it back means:
// the VF's admin record on the PF (ip link set PF vf N …) and the VF netdev in the host netns.
import { type Handle, NetlinkError, type Vf, type VfLinkState, type VfSettings, type VfVlanProtocol } from "@underlay/netlink";
import { SriovError } from "./errors.js";

/**
 * What an allocation may set. Anything left out is not touched, and so not restored either; say
 * a value explicitly (vlan 0, qos 0, rates 0, linkState "auto") to clear what a previous user of
 * the VF left behind.
 */
export interface VfConfig {
  /** Admin MAC, set through the PF. */
  mac?: string;
  /**
   * The VF netdev's own MAC, set in the handle's netns before the netdev moves (as sriov-cni
   * does), so the container sees the MAC the VF filters on. Default: `mac`, when the VF has a
   * netdev there.
   */
  netdevMac?: string;
  /** 0 means no VLAN. */
  vlan?: number;
  qos?: number;
  vlanProto?: VfVlanProtocol;
  minTxRate?: number;
  maxTxRate?: number;
  spoofchk?: boolean;
  trust?: boolean;
  linkState?: VfLinkState;
  /** The VF netdev's MTU (set while it is in the host netns). */
  mtu?: number;
}

export interface NetdevState {
  name: string;
  mac: string;
  mtu: number;
}

/**
 * The VF as we found it: its admin record on the PF (absent when the PF reports no VF info and
 * nothing admin-level was asked for), and its netdev when the host netns had it.
 */
export interface VfSnapshot {
  admin?: Vf;
  netdev?: NetdevState;
}

/**
 * The order settings are applied in, and undone in reverse: VLAN before MAC (as sriov-cni does,
 * since some drivers reset the MAC filter on a VLAN change), the netdev's own MAC right after the
 * admin MAC, then rates, spoofchk, trust, link state, and last the netdev's MTU.
 */
export const APPLY_ORDER = ["vlan", "mac", "netdevMac", "rate", "spoofchk", "trust", "linkState", "mtu"] as const;
export type Step = (typeof APPLY_ORDER)[number];

/** A step's settings: on the VF's admin record, or on the VF netdev. */
export type Change = { admin: VfSettings } | { netdev: NetdevSettings };
type NetdevSettings = Partial<Pick<NetdevState, "mac" | "mtu">>;

/** Steps that change the VF netdev rather than the VF's record on the PF. */
export const isNetdevStep = (step: Step): boolean => step === "netdevMac" || step === "mtu";

/** The steps `config` names (whatever the VF shows now). */
export function configSteps(c: VfConfig): Step[] {
  return APPLY_ORDER.filter((step) => target(step, c, undefined, true) !== undefined);
}

/** What `config` asks of a step, or undefined when it leaves the step alone. */
export function target(step: Step, c: VfConfig, now: Vf | undefined, hasNetdev: boolean): Change | undefined {
  const admin = (s: VfSettings | false) => (s ? { admin: s } : undefined);
  switch (step) {
    case "vlan":
      return admin(c.vlan !== undefined && { vlan: c.vlan, qos: c.qos ?? 0, vlanProto: c.vlanProto ?? "802.1Q" });
    case "mac":
      return admin(c.mac !== undefined && { mac: c.mac.toLowerCase() });
    case "netdevMac": {
      const mac = c.netdevMac ?? (hasNetdev ? c.mac : undefined);
      return mac === undefined ? undefined : { netdev: { mac: mac.toLowerCase() } };
    }
    case "rate":
      return admin(
        (c.minTxRate !== undefined || c.maxTxRate !== undefined) && {
          minTxRate: c.minTxRate ?? now?.minTxRate ?? 0,
          maxTxRate: c.maxTxRate ?? now?.maxTxRate ?? 0,
        },
      );
    case "spoofchk":
      return admin(c.spoofchk !== undefined && { spoofchk: c.spoofchk });
    case "trust":
      return admin(c.trust !== undefined && { trust: c.trust });
    case "linkState":
      return admin(c.linkState !== undefined && { linkState: c.linkState });
    case "mtu":
      return c.mtu === undefined ? undefined : { netdev: { mtu: c.mtu } };
  }
}

/** The snapshot's values for a step, as a change that puts them back (undefined: nothing known). */
export function original(step: Step, s: VfSnapshot): Change | undefined {
  if (isNetdevStep(step)) {
    const n = s.netdev;
    return n && { netdev: step === "mtu" ? { mtu: n.mtu } : { mac: n.mac } };
  }
  const a = s.admin;
  if (!a) return undefined;
  const settings: Record<Exclude<Step, "netdevMac" | "mtu">, VfSettings> = {
    vlan: { vlan: a.vlan, qos: a.qos, vlanProto: typeof a.vlanProto === "number" ? "802.1Q" : a.vlanProto },
    mac: { mac: a.mac },
    rate: { minTxRate: a.minTxRate, maxTxRate: a.maxTxRate },
    spoofchk: a.spoofchk === undefined ? {} : { spoofchk: a.spoofchk },
    trust: a.trust === undefined ? {} : { trust: a.trust },
    linkState: typeof a.linkState === "number" ? {} : { linkState: a.linkState },
  };
  const out = settings[step as keyof typeof settings];
  return Object.keys(out).length ? { admin: out } : undefined;
}

/** True when the VF (its admin record, or its netdev) already shows the change. */
export function shows(vf: Vf | undefined, netdev: NetdevState | undefined, ch: Change): boolean {
  if ("netdev" in ch) {
    const n = ch.netdev;
    return netdev !== undefined && (n.mac === undefined || netdev.mac === n.mac) && (n.mtu === undefined || netdev.mtu === n.mtu);
  }
  const s = ch.admin;
  return (
    vf !== undefined &&
    // With VLAN 0 (no VLAN) the protocol means nothing; some drivers report it as 0.
    (s.vlan === undefined ||
      (vf.vlan === s.vlan && vf.qos === (s.qos ?? 0) && (s.vlan === 0 || vf.vlanProto === (s.vlanProto ?? "802.1Q")))) &&
    (s.mac === undefined || vf.mac === s.mac.toLowerCase()) &&
    (s.minTxRate === undefined || vf.minTxRate === s.minTxRate) &&
    (s.maxTxRate === undefined || vf.maxTxRate === s.maxTxRate) &&
    (s.spoofchk === undefined || vf.spoofchk === s.spoofchk) &&
    (s.trust === undefined || vf.trust === s.trust) &&
    (s.linkState === undefined || vf.linkState === s.linkState)
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function readVf(h: Handle, pf: string, index: number): Promise<Vf> {
  const vf = (await h.promises.vfList(pf)).find((v) => v.vf === index);
  if (!vf) throw new SriovError("NO_SUCH_VF", pf, `${pf} reports no VF ${index}`, index);
  return vf;
}

export async function readNetdev(h: Handle, name: string): Promise<NetdevState> {
  const l = await h.promises.linkGet(name);
  return { name, mac: l.attrs.address ?? "", mtu: l.attrs.mtu ?? 0 };
}

/** Reads the VF's admin record from the PF and, when given, its netdev in the handle's netns. */
export async function snapshotVf(h: Handle, pf: string, index: number, netdev?: string, needsAdmin = true): Promise<VfSnapshot> {
  const snap: VfSnapshot = {};
  try {
    snap.admin = await readVf(h, pf, index);
  } catch (e) {
    if (needsAdmin) throw e;
  }
  if (netdev) snap.netdev = await readNetdev(h, netdev);
  return snap;
}

/** Where a step acts: the VF `index` of `pf`, and its netdev's name in the handle's netns, if any. */
export interface VfTarget {
  h: Handle;
  pf: string;
  index: number;
  netdev?: string | undefined;
}

/** Sets and verifies, retrying the read-back briefly: some drivers apply a VF MAC asynchronously. */
export async function setVerified(t: VfTarget, step: Step, ch: Change): Promise<void> {
  const { h, pf, index, netdev } = t;
  if ("admin" in ch) await h.promises.vfSet(pf, index, ch.admin);
  else await setNetdev(t, ch.netdev);
  for (let attempt = 0; ; attempt++) {
    const now = "admin" in ch ? await readVf(h, pf, index) : undefined;
    const dev = "netdev" in ch ? await readNetdev(h, netdev as string) : undefined;
    if (shows(now, dev, ch)) return;
    if (attempt >= 10) {
      throw new SriovError("CONFIG_FAILED", pf, `VF ${index} of ${pf}: ${step} was accepted but reads back differently`, index);
    }
    await sleep(50);
  }
}

/** How a PF says no to a VF's own MAC change (the VF driver passes it on). */
const REFUSED = new Set(["EADDRNOTAVAIL", "EPERM", "EACCES"]);

/**
 * Sets the VF netdev's MAC or MTU. Some PFs (igb) refuse a VF's own MAC change while an admin MAC
 * is set, even to that very MAC: then the admin MAC is cleared, the netdev's set, and the admin
 * MAC set again.
 */
async function setNetdev(t: VfTarget, s: NetdevSettings): Promise<void> {
  const { h, pf, index, netdev } = t;
  if (!netdev) throw new Error("the VF has no netdev in the host netns");
  const set = () => h.promises.linkSet(netdev, { address: s.mac, mtu: s.mtu });
  try {
    await set();
  } catch (e) {
    if (s.mac === undefined || !(e instanceof NetlinkError && REFUSED.has(e.code))) throw e;
    const admin = await readVf(h, pf, index).catch(() => undefined);
    if (admin?.mac !== s.mac) throw e;
    await h.promises.vfSet(pf, index, { mac: "00:00:00:00:00:00" });
    try {
      await set();
    } finally {
      await setVerified(t, "mac", { admin: { mac: s.mac } });
    }
  }
}
