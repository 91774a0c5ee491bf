// Address operations, each the equivalent of an `ip address` command.
import { type AddrAttrs, type AddrMessage, addrMessage } from "../rtnl/addr.js";
import * as C from "../rtnl/constants.js";
import { NLM_F_CREATE, NLM_F_EXCL, type NlMessage } from "../wire/header.js";
import { type LinkRef, linkIndex, linkIndexFor } from "./link.js";
import { ack, dump, type Op } from "./op.js";
import { parsePrefix } from "./prefix.js";

export interface AddrOptions {
  /** Peer address of a point-to-point link (IFA_ADDRESS). */
  peer?: string;
  broadcast?: string;
  label?: string;
  /** RT_SCOPE_*; default universe. */
  scope?: number;
  /** IPv6: skip duplicate address detection, so the address is usable at once. */
  nodad?: boolean;
  noprefixroute?: boolean;
}

export interface AddrListOptions {
  dev?: LinkRef;
  family?: 4 | 6;
}

const familyOf = (v: 4 | 6) => (v === 4 ? C.AF_INET : C.AF_INET6);

function* addrRequest(type: number, flags: number, dev: LinkRef, cidr: string, o: AddrOptions, verb: string): Op<void> {
  const p = parsePrefix(cidr);
  const index = yield* linkIndexFor(dev, `address ${verb} ${cidr}`, "dev");
  const attrs: AddrAttrs = { local: p.address, address: o.peer ?? p.address };
  if (o.broadcast !== undefined) attrs.broadcast = o.broadcast;
  if (o.label !== undefined) attrs.label = o.label;
  const ifaFlags = (o.nodad ? C.IFA_F_NODAD : 0) | (o.noprefixroute ? C.IFA_F_NOPREFIXROUTE : 0);
  if (ifaFlags) attrs.flags = ifaFlags;
  const header = { family: familyOf(p.family), prefixlen: p.length, flags: ifaFlags & 0xff, scope: o.scope ?? 0, index };
  const payload = addrMessage.encode({ header, attrs });
  yield* ack({ type, flags, payload, operation: `address ${verb} ${cidr} dev ${dev}` });
}

/** `ip address add ADDR/LEN dev DEV [peer P] [broadcast B] [label L] [scope S] [nodad]`. */
export const addrAdd = (dev: LinkRef, cidr: string, o: AddrOptions = {}): Op<void> =>
  addrRequest(C.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, dev, cidr, o, "add");

/** `ip address del ADDR/LEN dev DEV`. */
export const addrDel = (dev: LinkRef, cidr: string): Op<void> => addrRequest(C.RTM_DELADDR, 0, dev, cidr, {}, "del");

/** `ip address show [dev DEV]` (with `-4`/`-6` as `family`). */
export function* addrList(o: AddrListOptions = {}): Op<AddrMessage[]> {
  const index = o.dev === undefined ? 0 : yield* linkIndex(o.dev);
  const header = { family: o.family ? familyOf(o.family) : C.AF_UNSPEC, prefixlen: 0, flags: 0, scope: 0, index: 0 };
  const decode = (m: NlMessage) => {
    if (m.header.type !== C.RTM_NEWADDR) return undefined;
    const a = addrMessage.decode(m.payload);
    return index && a.header.index !== index ? undefined : a;
  };
  return yield* dump(
    { type: C.RTM_GETADDR, flags: 0, payload: addrMessage.encode({ header, attrs: {} }), operation: "address show" },
    decode,
  );
}

/** "10.0.0.1/24" for an address message. */
export function addrCidr(a: AddrMessage): string {
  return `${a.attrs.local ?? a.attrs.address}/${a.header.prefixlen}`;
}

/**
 * An address request built as `ip address add|change|replace|del` builds it: the whole message and
 * the NLM_F_* flags that tell the verbs apart. `flush` sends a dumped message back as RTM_DELADDR.
 */
export function* addrModify(type: number, flags: number, msg: AddrMessage, operation: string): Op<void> {
  yield* ack({ type, flags, payload: addrMessage.encode(msg), operation });
}
