// VF configuration: snapshot the VF, apply settings in a fixed order and verify each by reading
// it back, roll back on failure, and restore what we changed on release.
import { type Handle, isUp, type Vf, type VfLinkState, type VfSettings, type VfVlanProtocol } from "@underlay/netlink";
import { SriovError } from "./errors.js";

/** What an allocation may set. Anything left out is not touched, and so not restored either. */
export interface VfConfig {
  /** Admin MAC, set through the PF. */
  mac?: string;
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
 * since some drivers reset the MAC filter on a VLAN change), then rates, spoofchk, trust, link
 * state, and last the netdev's MTU.
 */
export const APPLY_ORDER = ["vlan", "mac", "rate", "spoofchk", "trust", "linkState", "mtu"] as const;
export type Step = (typeof APPLY_ORDER)[number];

function wanted(step: Step, c: VfConfig, now: Vf | undefined): VfSettings | undefined {
  switch (step) {
    case "vlan":
      return c.vlan === undefined ? undefined : { vlan: c.vlan, qos: c.qos ?? 0, proto: c.vlanProto ?? "802.1Q" };
    case "mac":
      return c.mac === undefined ? undefined : { mac: c.mac.toLowerCase() };
    case "rate":
      return c.minTxRate === undefined && c.maxTxRate === undefined
        ? undefined
        : { minTxRate: c.minTxRate ?? now?.minTxRate ?? 0, maxTxRate: c.maxTxRate ?? now?.maxTxRate ?? 0 };
    case "spoofchk":
      return c.spoofchk === undefined ? undefined : { spoofchk: c.spoofchk };
    case "trust":
      return c.trust === undefined ? undefined : { trust: c.trust };
    case "linkState":
      return c.linkState === undefined ? undefined : { state: c.linkState };
    case "mtu":
      return undefined;
  }
}

/** The snapshot's values for a step, as settings to send back. */
function original(step: Step, s: VfSnapshot): VfSettings {
  const a = s.admin;
  if (!a) return {};
  switch (step) {
    case "vlan":
      return { vlan: a.vlan, qos: a.qos, proto: typeof a.vlanProto === "number" ? "802.1Q" : a.vlanProto };
    case "mac":
      return { mac: a.mac };
    case "rate":
      return { minTxRate: a.minTxRate, maxTxRate: a.maxTxRate };
    case "spoofchk":
      return a.spoofchk === undefined ? {} : { spoofchk: a.spoofchk };
    case "trust":
      return a.trust === undefined ? {} : { trust: a.trust };
    case "linkState":
      return typeof a.linkState === "number" ? {} : { state: a.linkState };
    case "mtu":
      return {};
  }
}

/** True when the VF already shows the settings. */
function shows(vf: Vf, s: VfSettings): boolean {
  return (
    // With VLAN 0 (no VLAN) the protocol means nothing; some drivers report it as 0.
    (s.vlan === undefined ||
      (vf.vlan === s.vlan && vf.qos === (s.qos ?? 0) && (s.vlan === 0 || vf.vlanProto === (s.proto ?? "802.1Q")))) &&
    (s.mac === undefined || vf.mac === s.mac.toLowerCase()) &&
    (s.minTxRate === undefined || vf.minTxRate === s.minTxRate) &&
    (s.maxTxRate === undefined || vf.maxTxRate === s.maxTxRate) &&
    (s.spoofchk === undefined || vf.spoofchk === s.spoofchk) &&
    (s.trust === undefined || vf.trust === s.trust) &&
    (s.state === undefined || vf.linkState === s.state)
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readVf(h: Handle, pf: string, index: number): Promise<Vf> {
  const vf = (await h.promises.vfList(pf)).find((v) => v.vf === index);
  if (!vf) throw new SriovError("NO_SUCH_VF", pf, `${pf} reports no VF ${index}`, index);
  return vf;
}

/** Reads the VF's admin record from the PF and, when given, its netdev in the handle's netns. */
export async function snapshotVf(h: Handle, pf: string, index: number, netdev?: string, needsAdmin = true): Promise<VfSnapshot> {
  const snap: VfSnapshot = {};
  try {
    snap.admin = await readVf(h, pf, index);
  } catch (e) {
    if (needsAdmin) throw e;
  }
  if (netdev) {
    const l = await h.promises.linkGet(netdev);
    snap.netdev = { name: netdev, mac: l.attrs.address ?? "", mtu: l.attrs.mtu ?? 0 };
  }
  return snap;
}

/** Sets and verifies, retrying the read-back briefly: some drivers apply a VF MAC asynchronously. */
async function setVerified(h: Handle, pf: string, index: number, step: Step, s: VfSettings): Promise<void> {
  await h.promises.vfSet(pf, index, s);
  for (let attempt = 0; ; attempt++) {
    const now = await readVf(h, pf, index);
    if (shows(now, s)) return;
    if (attempt >= 10) {
      throw new SriovError("CONFIG_FAILED", pf, `VF ${index} of ${pf}: ${step} was accepted but reads back differently`, index);
    }
    await sleep(50);
  }
}

/**
 * Applies `config` in APPLY_ORDER, skipping what the VF already shows. Returns the steps it
 * changed. On a failure, undoes those steps and throws an error naming the PF, the VF and the step.
 */
export async function applyVfConfig(
  h: Handle,
  pf: string,
  index: number,
  config: VfConfig,
  snap: VfSnapshot,
  netdev?: string,
): Promise<Step[]> {
  const applied: Step[] = [];
  for (const step of APPLY_ORDER) {
    try {
      if (step === "mtu") {
        if (config.mtu === undefined || config.mtu === snap.netdev?.mtu) continue;
        if (!netdev) throw new Error("the VF has no netdev in the host netns");
        await h.promises.linkSetMtu(netdev, config.mtu);
        applied.push(step);
        continue;
      }
      const s = wanted(step, config, snap.admin);
      if (!s) continue;
      if (!snap.admin) throw new Error(`${pf} reported no VF info to snapshot`);
      if (shows(snap.admin, s)) continue;
      applied.push(step);
      await setVerified(h, pf, index, step, s);
    } catch (e) {
      const problems = await restoreVf(h, pf, index, snap, applied, netdev);
      const why = e instanceof Error ? e.message : String(e);
      const undo = problems.length ? ` (and the rollback failed: ${problems.join("; ")})` : "; the VF was rolled back";
      throw new SriovError("CONFIG_FAILED", pf, `VF ${index} of ${pf}: cannot set ${step}: ${why}${undo}`, index, { cause: e });
    }
  }
  return applied;
}

/**
 * Puts back what `applied` changed, newest first, and the netdev's MAC and MTU when the netdev
 * is in the host netns again. Tries every step; returns what could not be restored.
 */
export async function restoreVf(
  h: Handle,
  pf: string,
  index: number,
  snap: VfSnapshot,
  applied: readonly Step[],
  netdev?: string,
): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const step of [...applied].reverse()) {
    if (step === "mtu") {
      if (netdev && snap.netdev) await attempt("mtu", () => h.promises.linkSetMtu(netdev, (snap.netdev as NetdevState).mtu));
      continue;
    }
    const s = original(step, snap);
    if (Object.keys(s).length) await attempt(step, () => h.promises.vfSet(pf, index, s));
  }
  if (netdev && snap.netdev) await restoreNetdev(h, netdev, snap.netdev, attempt);
  return problems;
}

/** The VF netdev's MAC and name as they were (a container may have changed both). */
async function restoreNetdev(
  h: Handle,
  netdev: string,
  was: NetdevState,
  attempt: (what: string, fn: () => Promise<unknown>) => Promise<void>,
) {
  await attempt("netdev mac", async () => {
    const now = await h.promises.linkGet(netdev);
    if (now.attrs.address !== was.mac) await h.promises.linkSetAddress(netdev, was.mac);
  });
  if (netdev === was.name) return;
  await attempt("netdev name", async () => {
    // The kernel renames only links that are down.
    const up = isUp(await h.promises.linkGet(netdev));
    if (up) await h.promises.linkSetDown(netdev);
    await h.promises.linkSetName(netdev, was.name);
    if (up) await h.promises.linkSetUp(was.name);
  });
}
