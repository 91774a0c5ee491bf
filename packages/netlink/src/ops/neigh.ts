// Neighbour (ARP/NDP cache) operations, each the equivalent of an `ip neigh` command.
import * as C from "../rtnl/constants.js";
import * as N from "../rtnl/neigh.js";
import { type NeighAttrs, type NeighMessage, neighMessage } from "../rtnl/neigh.js";
import { ValidationError } from "../wire/errors.js";
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, type NlMessage } from "../wire/header.js";
import { ipFamilyOf } from "../wire/ipaddr.js";
import { type LinkRef, linkIndex, linkIndexFor } from "./link.js";
import { ack, dump, getOne, type Op } from "./op.js";
import { addressFamily } from "./prefix.js";

/** `nud STATE`'s words, as ip names the NUD_* states. */
export const NUD_STATES = {
  permanent: N.NUD_PERMANENT,
  reachable: N.NUD_REACHABLE,
  noarp: N.NUD_NOARP,
  none: N.NUD_NONE,
  stale: N.NUD_STALE,
  incomplete: N.NUD_INCOMPLETE,
  delay: N.NUD_DELAY,
  probe: N.NUD_PROBE,
  failed: N.NUD_FAILED,
} as const;
export type NudState = keyof typeof NUD_STATES;

export interface NeighSpec {
  /** The neighbour's IPv4 or IPv6 address (`proxy ADDR` with `proxy`). */
  dst: string;
  /** The link; a proxy entry may leave it out (it then answers on every link). */
  dev?: LinkRef;
  /** `lladdr LLADDR`: its link-layer address. */
  lladdr?: string;
  /** `nud STATE`; default permanent, as ip's. */
  nud?: NudState;
  /** `proxy`: a proxy ARP/NDP entry (answered for, not cached). */
  proxy?: boolean;
  /** `router`: the neighbour is an IPv6 router. */
  router?: boolean;
  /** `extern_learn`: learned by something other than the kernel (a control plane). */
  externLearn?: boolean;
  /** `use`: the entry is in use (refreshes it). */
  use?: boolean;
  /** `managed`: the kernel keeps it resolved (NTF_EXT_MANAGED); the state is then none. */
  managed?: boolean;
  /** `protocol PROTO`: who installed it (RTPROT_*). */
  protocol?: number;
}

const familyCode = (dst: string): number => {
  try {
    return ipFamilyOf(dst) === 4 ? C.AF_INET : C.AF_INET6;
  } catch {
    throw new ValidationError(`invalid neighbour address ${JSON.stringify(dst)}: expected an IPv4 or IPv6 address`);
  }
};

function* neighRequest(type: number, flags: number, n: NeighSpec, verb: string): Op<void> {
  const family = familyCode(n.dst);
  const what = `neigh ${verb} ${n.proxy ? "proxy " : ""}${n.dst}${n.dev === undefined ? "" : ` dev ${n.dev}`}`;
  if (n.dev === undefined && !n.proxy) throw new ValidationError(`${what}: a neighbour entry needs its dev`);
  const index = n.dev === undefined ? 0 : yield* linkIndexFor(n.dev, what, "dev");
  const attrs: NeighAttrs = { dst: n.dst };
  if (n.managed) attrs.flagsExt = N.NTF_EXT_MANAGED;
  if (n.lladdr !== undefined && n.lladdr !== "null") attrs.lladdr = n.lladdr;
  if (n.protocol !== undefined) attrs.protocol = n.protocol;
  const ntf =
    (n.proxy ? N.NTF_PROXY : 0) |
    (n.router ? N.NTF_ROUTER : 0) |
    (n.use ? N.NTF_USE : 0) |
    (n.externLearn ? N.NTF_EXT_LEARNED : 0);
  const state = n.managed && n.nud === undefined ? N.NUD_NONE : NUD_STATES[n.nud ?? "permanent"];
  const header = { family, index, state, flags: ntf, type: 0 };
  yield* ack({ type, flags, payload: neighMessage.encode({ header, attrs }), operation: what });
}

/** `ip neigh add ADDR [lladdr LLADDR] dev DEV [nud STATE] [router] [proxy] …`: fails if it exists. */
export const neighAdd = (n: NeighSpec): Op<void> => neighRequest(N.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, n, "add");

/** `ip neigh replace …`: adds or overwrites. */
export const neighReplace = (n: NeighSpec): Op<void> => neighRequest(N.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, n, "replace");

/** `ip neigh change …`: overwrites an entry that exists. */
export const neighChange = (n: NeighSpec): Op<void> => neighRequest(N.RTM_NEWNEIGH, NLM_F_REPLACE, n, "change");

/** `ip neigh del ADDR dev DEV` (`proxy ADDR` for a proxy entry). */
export const neighDel = (n: NeighSpec): Op<void> => neighRequest(N.RTM_DELNEIGH, 0, n, "del");

export interface NeighListOptions {
  family?: 4 | 6;
  /** `dev DEV`: the kernel filters by it (NDA_IFINDEX). */
  dev?: LinkRef;
  /** `master DEV`: entries of links enslaved to it (NDA_MASTER). */
  master?: LinkRef;
  /** `proxy`: the proxy entries, which an ordinary dump leaves out. */
  proxy?: boolean;
}

/** `ip neigh show [proxy] [dev DEV] [master DEV]` (`-4`/`-6` with family): every entry, unfiltered by state. */
export function* neighList(o: NeighListOptions = {}): Op<NeighMessage[]> {
  const attrs: NeighAttrs = {};
  if (o.dev !== undefined) attrs.ifindex = yield* linkIndex(o.dev);
  if (o.master !== undefined) attrs.master = yield* linkIndex(o.master);
  const header = { family: addressFamily(o.family), index: 0, state: 0, flags: o.proxy ? N.NTF_PROXY : 0, type: 0 };
  const decode = (m: NlMessage) => {
    if (m.header.type !== N.RTM_NEWNEIGH) return undefined;
    const n = neighMessage.decode(m.payload);
    // Older kernels ignore NDA_IFINDEX: filtered here as well.
    return attrs.ifindex !== undefined && n.header.index !== attrs.ifindex ? undefined : n;
  };
  const payload = neighMessage.encode({ header, attrs });
  return yield* dump({ type: N.RTM_GETNEIGH, flags: 0, payload, operation: "neigh show" }, decode);
}

/** `ip neigh get ADDR dev DEV` (`proxy ADDR`): one entry, ENOENT when there is none. */
export function* neighGet(n: Pick<NeighSpec, "dst" | "dev" | "proxy">): Op<NeighMessage> {
  const family = familyCode(n.dst);
  const what = `neigh get ${n.dst}${n.dev === undefined ? "" : ` dev ${n.dev}`}`;
  const index = n.dev === undefined ? 0 : yield* linkIndexFor(n.dev, what, "dev");
  const header = { family, index, state: 0, flags: n.proxy ? N.NTF_PROXY : 0, type: 0 };
  const payload = neighMessage.encode({ header, attrs: { dst: n.dst } });
  return yield* getOne({ type: N.RTM_GETNEIGH, flags: 0, payload, operation: what }, (m) => neighMessage.decode(m.payload));
}
