// Link operations, each the equivalent of an `ip link` command.
import * as C from "../rtnl/constants.js";
import { validateIfName } from "../rtnl/ifname.js";
import { type KindOptions, kindDriver, knownKinds } from "../rtnl/kinds/registry.js";
import { type LinkAttrs, type LinkMessage, linkMessage } from "../rtnl/link.js";
import type { NetnsRef, NetnsTarget } from "../transport/netns.js";
import { NetlinkError, ValidationError } from "../wire/errors.js";
import { NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, type NlMessage } from "../wire/header.js";
import { ack, dump, getOne, type Op, type Request } from "./op.js";

/**
 * A link by name (or altname), by ifindex, or by an ifindex the caller already resolved and a name
 * for messages (`{ index, toString: () => name }`), which spares the lookup a name would cost.
 */
export type LinkRef = string | number | ResolvedLink;
export interface ResolvedLink {
  index: number;
  toString(): string;
}

export type LinkAddOptions = KindOptions & {
  name: string;
  /** IFLA_LINK: the parent of a macvlan, ipvlan or vlan. */
  parent?: LinkRef;
  mtu?: number;
  address?: string;
  txqlen?: number;
  master?: LinkRef;
  alias?: string;
  up?: boolean;
  /** Create the link straight in another netns. */
  netns?: NetnsRef;
  /**
   * Ask the kernel to send the new link back (NLM_F_ECHO; 6.3 and later do, before the ACK), so
   * the add returns its ifindex without a second request; undefined from a kernel that only ACKs.
   * For a link made in its own netns (no `netns`).
   */
  echo?: boolean;
};

export interface LinkSetOptions {
  up?: boolean;
  name?: string;
  mtu?: number;
  address?: string;
  /** A bridge or bond to enslave to; null releases (`nomaster`). */
  master?: LinkRef | null;
  alias?: string;
  txqlen?: number;
  netns?: NetnsRef;
  /** IFLA_GROUP (`ip link set … group N`). */
  group?: number;
  /** Interface flags ip link sets with on|off: IFF_PROMISC, IFF_ALLMULTI, IFF_MULTICAST, IFF_DYNAMIC, and IFF_NOARP / IFF_NOTRAILERS inverted (arp on clears NOARP). */
  promisc?: boolean;
  allmulticast?: boolean;
  multicast?: boolean;
  dynamic?: boolean;
  arp?: boolean;
  trailers?: boolean;
}

// LinkSetOptions' on|off flags: [option, IFF_ bit, set when the option is false (NOARP, NOTRAILERS)].
const ON_OFF_FLAGS: [keyof LinkSetOptions, number, boolean][] = [
  ["up", C.IFF_UP, false],
  ["promisc", C.IFF_PROMISC, false],
  ["allmulticast", C.IFF_ALLMULTI, false],
  ["multicast", C.IFF_MULTICAST, false],
  ["dynamic", C.IFF_DYNAMIC, false],
  ["arp", C.IFF_NOARP, true],
  ["trailers", C.IFF_NOTRAILERS, true],
];

/** ifi_flags and ifi_change for the flags `o` sets or clears, as ip's iplink_parse builds them. */
function ifFlags(o: LinkSetOptions): { flags: number; change: number } {
  let flags = 0;
  let change = 0;
  for (const [key, bit, inverted] of ON_OFF_FLAGS) {
    const v = o[key];
    if (v === undefined) continue;
    change |= bit;
    if (Boolean(v) !== inverted) flags |= bit;
  }
  return { flags, change };
}

export interface LinkListOptions {
  /** Ask for VF info (IFLA_EXT_MASK RTEXT_FILTER_VF). Costly on PFs with many VFs, so opt-in. */
  vf?: boolean;
  /** Include statistics (skipped by default, like `ip link show` without -s). */
  stats?: boolean;
  /** Only links of this kind (IFLA_INFO_KIND), filtered by the kernel. */
  kind?: string;
}

const decodeLink = (m: NlMessage): LinkMessage | undefined =>
  m.header.type === C.RTM_NEWLINK ? linkMessage.decode(m.payload) : undefined;

function extMask(o: LinkListOptions = {}): number {
  return (o.vf ? C.RTEXT_FILTER_VF : 0) | (o.stats ? 0 : C.RTEXT_FILTER_SKIP_STATS);
}

function header(index = 0, flags = 0, change = 0) {
  return { family: C.AF_UNSPEC, type: 0, index, flags, change };
}

/** How a request names its target: the ifindex, or IFLA_IFNAME / IFLA_ALT_IFNAME with index 0. */
export function selector(ref: LinkRef): { index: number; attrs: LinkAttrs } {
  if (typeof ref === "object") return selector(ref.index);
  if (typeof ref === "number") {
    if (!Number.isInteger(ref) || ref <= 0) throw new ValidationError(`invalid ifindex ${ref}: must be a positive integer`);
    return { index: ref, attrs: {} };
  }
  if (Buffer.byteLength(ref) > 15) return { index: 0, attrs: { altIfname: ref } };
  validateIfName(ref);
  return { index: 0, attrs: { ifname: ref } };
}

function linkRequest(type: number, index: number, attrs: LinkAttrs, operation: string, flags = 0, ifi = header(index)) {
  return { type, flags, operation, payload: linkMessage.encode({ header: ifi, attrs }) };
}

/** `ip -d link show dev REF`: one RTM_GETLINK (a doit request, not a dump and filter). */
export function* linkGet(ref: LinkRef, o: LinkListOptions = {}): Op<LinkMessage> {
  const s = selector(ref);
  // selector()'s attrs are this call's own: set, not spread (a spread gives every GET's object a
  // new hidden class in V8, which cost a fifth of a GET's JavaScript time).
  s.attrs.extMask = extMask(o);
  return yield* getOne(linkRequest(C.RTM_GETLINK, s.index, s.attrs, `link show ${ref}`), (m) => linkMessage.decode(m.payload));
}

/** `ip -d link show [type KIND]`: every link in the netns. */
export function* linkList(o: LinkListOptions = {}): Op<LinkMessage[]> {
  const attrs: LinkAttrs = { extMask: extMask(o) };
  if (o.kind) attrs.linkinfo = { kind: o.kind };
  return yield* dump(linkRequest(C.RTM_GETLINK, 0, attrs, "link show"), decodeLink);
}

/** The ifindex of a link. */
export function* linkIndex(ref: LinkRef): Op<number> {
  if (typeof ref === "number") return ref;
  if (typeof ref === "object") return selector(ref).index;
  return (yield* linkGet(ref)).header.index;
}

/**
 * linkIndex for a link another request names ("link add mv0 link eth9"): a failure names that
 * request and the role of the link in it, rather than the lookup the user never typed.
 */
export function* linkIndexFor(ref: LinkRef, operation: string, role: string): Op<number> {
  try {
    return yield* linkIndex(ref);
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
    throw new NetlinkError({
      errno: e.errno,
      operation: `${operation}: ${role} ${ref}`,
      ...(e.extack ? { extack: e.extack } : {}),
    });
  }
}

/** `ip link add NAME [link PARENT] [mtu M] [address A] … type KIND [kind options]`. */
/** `ip link add …`; with `echo`, the new link's ifindex (see LinkAddOptions.echo). */
export function* linkAdd(o: LinkAddOptions): Op<number | undefined> {
  validateIfName(o.name);
  const driver = kindDriver(o.kind);
  if (!driver)
    throw new ValidationError(`unknown link kind ${JSON.stringify(o.kind)}: known kinds are ${knownKinds().join(", ")}`);
  if (driver.needsParent && o.parent === undefined) throw new ValidationError(`a ${o.kind} link needs a parent link`);
  // A veth peer's netns is resolved by the runner like the link's own: here it is only a reference.
  const peerNs = o.kind === "veth" ? o.peer?.netns : undefined;
  const infoData = (peer?: NetnsTarget) => driver.infoData(o.kind === "veth" ? { ...o, peer: { ...o.peer, netns: peer } } : o);
  const what = `link add ${o.name}`;
  const data = infoData(); // validates the kind's options before any request
  for (const [field, ref] of Object.entries(driver.linkRefs?.(o) ?? {}))
    (data as Record<string, unknown>)[field] = yield* linkIndexFor(ref, what, field);
  const attrs: LinkAttrs = { ifname: o.name, linkinfo: data ? { kind: o.kind, data } : { kind: o.kind } };
  if (o.parent !== undefined) attrs.link = yield* linkIndexFor(o.parent, what, "link");
  if (o.master !== undefined) attrs.master = yield* linkIndexFor(o.master, what, "master");
  Object.assign(attrs, commonAttrs(o));
  const ifi = header(0, o.up ? C.IFF_UP : 0, o.up ? C.IFF_UP : 0);
  // Encoded once without the netns too: a bad attribute (an address) fails here, before the runner opens any.
  const r = linkRequest(C.RTM_NEWLINK, 0, attrs, `link add ${o.name} type ${o.kind}`, NLM_F_CREATE | NLM_F_EXCL, ifi);
  if (o.netns === undefined && peerNs === undefined) {
    if (!o.echo) {
      yield* ack(r);
      return undefined;
    }
    r.flags |= NLM_F_ECHO;
    const echo = (yield r).messages.find((m) => m.header.type === C.RTM_NEWLINK);
    return echo ? linkMessage.decode(echo.payload).header.index : undefined;
  }
  yield* ack(
    netnsRequest(r, [o.netns, peerNs], ([ns, peer]) => {
      const kind = peer ? { kind: o.kind, data: infoData(peer) } : attrs.linkinfo;
      return linkMessage.encode({ header: ifi, attrs: { ...attrs, ...netnsAttrs(ns), linkinfo: kind } });
    }),
  );
}

/** The request with its netns left to the runner, which passes their targets to `encode`. */
function netnsRequest(
  r: Request,
  netns: (NetnsRef | undefined)[],
  encode: (targets: readonly (NetnsTarget | undefined)[]) => Buffer,
): Request {
  return { ...r, netns, payload: encode };
}

/** IFLA_NET_NS_PID or IFLA_NET_NS_FD: where a link is created or moved to. */
function netnsAttrs(t: NetnsTarget | undefined): LinkAttrs {
  if (t === undefined) return {};
  return "pid" in t ? { netNsPid: t.pid } : { netNsFd: t.fd };
}

function commonAttrs(o: { mtu?: number; address?: string; txqlen?: number; alias?: string }): LinkAttrs {
  const attrs: LinkAttrs = {};
  if (o.mtu !== undefined) attrs.mtu = checkU32("mtu", o.mtu);
  if (o.address !== undefined) attrs.address = o.address;
  if (o.txqlen !== undefined) attrs.txqlen = checkU32("txqlen", o.txqlen);
  if (o.alias !== undefined) attrs.ifalias = o.alias;
  return attrs;
}

function checkU32(what: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
    throw new ValidationError(`invalid ${what} ${v}: must be an integer 0-4294967295`);
  return v;
}

/** `ip link del REF`. */
export function* linkDel(ref: LinkRef): Op<void> {
  const s = selector(ref);
  yield* ack(linkRequest(C.RTM_DELLINK, s.index, s.attrs, `link del ${ref}`));
}

/**
 * `ip link set REF [up|down] [name N] [mtu M] [address A] [master M|nomaster] [alias A] [netns NS]`,
 * all in one RTM_NEWLINK, so the kernel applies them together.
 */
export function* linkSet(ref: LinkRef, o: LinkSetOptions): Op<void> {
  let s = selector(ref);
  // A rename puts the new name in IFLA_IFNAME, so the link must be named by its index.
  if (o.name !== undefined) {
    validateIfName(o.name);
    if (s.index === 0) s = { index: yield* linkIndex(ref), attrs: {} };
  }
  const attrs: LinkAttrs = Object.assign(s.attrs, commonAttrs(o));
  if (o.name !== undefined) attrs.ifname = o.name;
  if (o.master !== undefined) attrs.master = o.master === null ? 0 : yield* linkIndexFor(o.master, `link set ${ref}`, "master");
  if (o.group !== undefined) attrs.group = checkU32("group", o.group);
  const { flags, change } = ifFlags(o);
  const ifi = header(s.index, flags, change);
  const r = linkRequest(C.RTM_NEWLINK, s.index, attrs, `link set ${ref}`, 0, ifi);
  if (o.netns === undefined) return yield* ack(r);
  yield* ack(netnsRequest(r, [o.netns], ([ns]) => linkMessage.encode({ header: ifi, attrs: { ...attrs, ...netnsAttrs(ns) } })));
}

/** `ip link set REF up`. */
export const linkSetUp = (ref: LinkRef): Op<void> => linkSet(ref, { up: true });
/** `ip link set REF down`. */
export const linkSetDown = (ref: LinkRef): Op<void> => linkSet(ref, { up: false });
/** `ip link set REF name NAME`. */
export const linkSetName = (ref: LinkRef, name: string): Op<void> => linkSet(ref, { name });
/** `ip link set REF mtu MTU`. */
export const linkSetMtu = (ref: LinkRef, mtu: number): Op<void> => linkSet(ref, { mtu });
/** `ip link set REF address LLADDR`. */
export const linkSetAddress = (ref: LinkRef, address: string): Op<void> => linkSet(ref, { address });
/** `ip link set REF master MASTER`, or `nomaster` when master is null. */
export const linkSetMaster = (ref: LinkRef, master: LinkRef | null): Op<void> => linkSet(ref, { master });
/** `ip link set REF alias TEXT`. */
export const linkSetAlias = (ref: LinkRef, alias: string): Op<void> => linkSet(ref, { alias });
/** `ip link set REF netns NS` (a name, a path, a pid or an fd). */
export const linkSetNetns = (ref: LinkRef, netns: NetnsRef): Op<void> => linkSet(ref, { netns });

export function isUp(link: LinkMessage): boolean {
  return (link.header.flags & C.IFF_UP) !== 0;
}
