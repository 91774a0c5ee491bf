// SR-IOV VF operations on a PF, each the equivalent of `ip link set PF vf N …`, and the VF table
// read back from the PF (`ip -d link show PF`).
import * as C from "../rtnl/constants.js";
import { pick } from "../rtnl/kinds/kind.js";
import { type LinkMessage, linkMessage } from "../rtnl/link.js";
import type { VfInfoAttrs } from "../rtnl/vf.js";
import { hwaddr, parseHwaddr } from "../wire/codecs.js";
import { ValidationError } from "../wire/errors.js";
import { type LinkRef, linkGet, selector } from "./link.js";
import { ack, type Op } from "./op.js";

export const VF_LINK_STATES = {
  auto: C.IFLA_VF_LINK_STATE_AUTO,
  enable: C.IFLA_VF_LINK_STATE_ENABLE,
  disable: C.IFLA_VF_LINK_STATE_DISABLE,
} as const;
export type VfLinkState = keyof typeof VF_LINK_STATES;
export const VF_VLAN_PROTOCOLS = { "802.1Q": C.ETH_P_8021Q, "802.1ad": C.ETH_P_8021AD } as const;
export type VfVlanProtocol = keyof typeof VF_VLAN_PROTOCOLS;

/** One VF as the PF reports it. Booleans are undefined when the driver does not report them. */
export interface Vf {
  vf: number;
  mac: string;
  broadcast?: string;
  vlan: number;
  qos: number;
  vlanProto: VfVlanProtocol | number;
  spoofchk?: boolean;
  trust?: boolean;
  rssQueryEn?: boolean;
  linkState: VfLinkState | number;
  minTxRate: number;
  maxTxRate: number;
  nodeGuid?: string;
  portGuid?: string;
}

/**
 * What `vfSet` can change, in the words of `Vf` (and of sriov's VfConfig), so that settings read
 * from a VF can be written back by picking fields. Anything left out is not sent, so the VF keeps it.
 */
export interface VfSettings {
  mac?: string;
  vlan?: number;
  /** 0-7; needs vlan. */
  qos?: number;
  /** Needs vlan. 802.1ad is sent as IFLA_VF_VLAN_LIST, as iproute2 does. */
  vlanProto?: VfVlanProtocol;
  /** Deprecated max rate (IFLA_VF_TX_RATE), like `ip … vf N rate R`. */
  rate?: number;
  minTxRate?: number;
  maxTxRate?: number;
  spoofchk?: boolean;
  rssQueryEn?: boolean;
  trust?: boolean;
  linkState?: VfLinkState;
  nodeGuid?: string;
  portGuid?: string;
}

const UNREPORTED = 0xffffffff;

function setting(s: { setting: number } | undefined): boolean | undefined {
  return s === undefined || s.setting === UNREPORTED ? undefined : s.setting !== 0;
}

function nameFor<T extends string>(table: Record<T, number>, value: number): T | number {
  return (Object.keys(table) as T[]).find((k) => table[k] === value) ?? value;
}

export function formatGuid(g: bigint): string {
  return g
    .toString(16)
    .padStart(16, "0")
    .replace(/(..)(?!$)/g, "$1:");
}

export function parseGuid(text: string): bigint {
  const bytes = parseHwaddr(text);
  if (bytes.length !== 8)
    throw new ValidationError(`invalid GUID ${JSON.stringify(text)}: expected 8 hex bytes like 00:11:22:33:44:55:66:77`);
  return bytes.readBigUInt64BE(0);
}

/** The friendly view of one IFLA_VF_INFO. `addrLen` trims the 32-byte MAC field (6 for Ethernet). */
export function vfFromAttrs(a: VfInfoAttrs, addrLen = 6): Vf {
  const vlanInfo = a.vlanList?.info?.[0];
  const vf: Vf = {
    vf: a.mac?.vf ?? a.vlan?.vf ?? 0,
    mac: hwaddr.decode((a.mac?.mac ?? Buffer.alloc(addrLen)).subarray(0, addrLen)),
    vlan: vlanInfo?.vlan ?? a.vlan?.vlan ?? 0,
    qos: vlanInfo?.qos ?? a.vlan?.qos ?? 0,
    vlanProto: nameFor(VF_VLAN_PROTOCOLS, vlanInfo?.vlanProto ?? C.ETH_P_8021Q),
    linkState: nameFor(VF_LINK_STATES, a.linkState?.linkState ?? 0),
    minTxRate: a.rate?.minTxRate ?? 0,
    maxTxRate: a.rate?.maxTxRate ?? a.txRate?.rate ?? 0,
  };
  if (a.broadcast) vf.broadcast = hwaddr.decode(a.broadcast.broadcast.subarray(0, addrLen));
  const optional = { spoofchk: setting(a.spoofchk), trust: setting(a.trust), rssQueryEn: setting(a.rssQueryEn) };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (vf as unknown as Record<string, unknown>)[k] = v;
  if (a.ibNodeGuid) vf.nodeGuid = formatGuid(a.ibNodeGuid.guid);
  if (a.ibPortGuid) vf.portGuid = formatGuid(a.ibPortGuid.guid);
  return vf;
}

/** The VF table of a PF link read with `vf: true`. */
export function vfsOf(link: LinkMessage): Vf[] {
  const addrLen = link.attrs.address ? parseHwaddr(link.attrs.address).length : 6;
  return (link.attrs.vfinfoList?.info ?? []).map((a) => vfFromAttrs(a, addrLen));
}

/** `ip -d link show PF`, VF lines only. */
export function* vfList(pf: LinkRef): Op<Vf[]> {
  return vfsOf(yield* linkGet(pf, { vf: true }));
}

function checkRange(what: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new ValidationError(`invalid ${what} ${v}: allowed values are ${min}-${max}`);
  return v;
}

/** Builds IFLA_VF_INFO for the settings, in the kernel's order. GUIDs are left to their own messages. */
export function vfInfoFor(vf: number, s: VfSettings, current?: Vf): VfInfoAttrs {
  checkRange("VF index", vf, 0, 0x7ffffffe);
  const a: VfInfoAttrs = {};
  // The struct's MAC field is 32 bytes (MAX_ADDR_LEN), zero-padded after the address.
  if (s.mac !== undefined) a.mac = { vf, mac: Buffer.concat([parseHwaddr(s.mac)], 32) };
  if (s.vlan === undefined && (s.qos !== undefined || s.vlanProto !== undefined))
    throw new ValidationError("qos and proto need a vlan");
  if (s.vlan !== undefined) {
    const vlan = checkRange("vlan", s.vlan, 0, 4095);
    const qos = checkRange("qos", s.qos ?? 0, 0, 7);
    const vlanProto = pick("vlan protocol", VF_VLAN_PROTOCOLS, s.vlanProto ?? "802.1Q");
    if (vlanProto === C.ETH_P_8021Q) a.vlan = { vf, vlan, qos };
    else a.vlanList = { info: [{ vf, vlan, qos, vlanProto }] };
  }
  if (s.rate !== undefined) a.txRate = { vf, rate: checkRange("rate", s.rate, 0, UNREPORTED) };
  if (s.minTxRate !== undefined || s.maxTxRate !== undefined) a.rate = rateFor(vf, s, current);
  if (s.spoofchk !== undefined) a.spoofchk = { vf, setting: s.spoofchk ? 1 : 0 };
  if (s.linkState !== undefined) a.linkState = { vf, linkState: pick("VF link state", VF_LINK_STATES, s.linkState) };
  if (s.rssQueryEn !== undefined) a.rssQueryEn = { vf, setting: s.rssQueryEn ? 1 : 0 };
  if (s.trust !== undefined) a.trust = { vf, setting: s.trust ? 1 : 0 };
  return a;
}

function rateFor(vf: number, s: VfSettings, current?: Vf) {
  const minTxRate = checkRange("min_tx_rate", s.minTxRate ?? current?.minTxRate ?? 0, 0, UNREPORTED);
  const maxTxRate = checkRange("max_tx_rate", s.maxTxRate ?? current?.maxTxRate ?? 0, 0, UNREPORTED);
  if (maxTxRate !== 0 && maxTxRate < minTxRate) {
    throw new ValidationError(`invalid rate: max_tx_rate ${maxTxRate} is below min_tx_rate ${minTxRate}`);
  }
  return { vf, minTxRate, maxTxRate };
}

function* sendVfInfo(pf: LinkRef, info: VfInfoAttrs, what: string): Op<void> {
  const s = selector(pf);
  const attrs = s.attrs; // selector()'s own object: set, not spread
  attrs.vfinfoList = { info: [info] };
  const payload = linkMessage.encode({ header: { family: C.AF_UNSPEC, type: 0, index: s.index, flags: 0, change: 0 }, attrs });
  // RTM_NEWLINK without NLM_F_CREATE, as iproute2 sends it.
  yield* ack({ type: C.RTM_NEWLINK, flags: 0, payload, operation: `link set ${pf} vf ${what}` });
}

/**
 * `ip link set PF vf N [mac M] [vlan V [qos Q] [proto P]] [rate R] [max_tx_rate X] [min_tx_rate Y]
 * [spoofchk on|off] [query_rss on|off] [trust on|off] [state auto|enable|disable]
 * [node_guid G] [port_guid G]`. One message, like iproute2; the GUIDs go in separate messages
 * because the kernel ignores a port GUID that shares a message with a node GUID. When only one of
 * the two rates is given, the other is read from the VF first, as iproute2 does.
 */
export function* vfSet(pf: LinkRef, vf: number, s: VfSettings): Op<void> {
  const needsCurrent = (s.minTxRate === undefined) !== (s.maxTxRate === undefined);
  const current = needsCurrent ? (yield* vfList(pf)).find((v) => v.vf === vf) : undefined;
  const info = vfInfoFor(vf, s, current);
  if (Object.keys(info).length) yield* sendVfInfo(pf, info, `${vf}`);
  if (s.nodeGuid !== undefined) yield* sendVfInfo(pf, { ibNodeGuid: { vf, guid: parseGuid(s.nodeGuid) } }, `${vf} node_guid`);
  if (s.portGuid !== undefined) yield* sendVfInfo(pf, { ibPortGuid: { vf, guid: parseGuid(s.portGuid) } }, `${vf} port_guid`);
}

/** `ip link set PF vf N mac MAC`. */
export const vfSetMac = (pf: LinkRef, vf: number, mac: string): Op<void> => vfSet(pf, vf, { mac });
/** `ip link set PF vf N vlan V [qos Q] [proto 802.1Q|802.1ad]`. */
export const vfSetVlan = (pf: LinkRef, vf: number, vlan: number, qos = 0, proto: VfVlanProtocol = "802.1Q"): Op<void> =>
  vfSet(pf, vf, { vlan, qos, vlanProto: proto });
/** `ip link set PF vf N spoofchk on|off`. */
export const vfSetSpoofchk = (pf: LinkRef, vf: number, on: boolean): Op<void> => vfSet(pf, vf, { spoofchk: on });
/** `ip link set PF vf N trust on|off`. */
export const vfSetTrust = (pf: LinkRef, vf: number, on: boolean): Op<void> => vfSet(pf, vf, { trust: on });
/** `ip link set PF vf N state auto|enable|disable`. */
export const vfSetLinkState = (pf: LinkRef, vf: number, state: VfLinkState): Op<void> => vfSet(pf, vf, { linkState: state });
/** `ip link set PF vf N min_tx_rate MIN max_tx_rate MAX` (Mbit/s; 0 means no limit). */
export const vfSetRate = (pf: LinkRef, vf: number, rate: { minTxRate?: number; maxTxRate?: number }): Op<void> =>
  vfSet(pf, vf, rate);
/** `ip link set PF vf N node_guid GUID` (InfiniBand PFs only). */
export const vfSetNodeGuid = (pf: LinkRef, vf: number, guid: string): Op<void> => vfSet(pf, vf, { nodeGuid: guid });
/** `ip link set PF vf N port_guid GUID` (InfiniBand PFs only). */
export const vfSetPortGuid = (pf: LinkRef, vf: number, guid: string): Op<void> => vfSet(pf, vf, { portGuid: guid });
