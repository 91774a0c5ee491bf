// Typed errors and the NLMSG_ERROR payload (struct nlmsgerr + extended-ack TLVs). Pure.
import { constants } from "node:os";
import { encodeAttr, parseAttrs } from "./attr.js";
import { strz, u32 } from "./codecs.js";
import { NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_HDRLEN, type NlMessage } from "./header.js";

const ERRNO_NAMES = new Map<number, string>(Object.entries(constants.errno).map(([name, n]) => [n, name]));

export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `E${errno}`;
}

export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;

/** A request that a netlink peer refused, or a syscall that failed. */
export class NetlinkError extends Error {
  override readonly name = "NetlinkError";
  /** Positive errno, e.g. 17. */
  readonly errno: number;
  /** Its name, e.g. "EEXIST". */
  readonly code: string;
  /** The kernel's extended-ack message, when it sent one. */
  readonly extack: string | undefined;
  /** Offset in the request of the attribute the kernel blamed, when it said. */
  readonly offset: number | undefined;
  /** What we were doing, e.g. "RTM_NEWLINK veth0". */
  readonly operation: string;
  /** The request bytes, for decoding with `underlay decode`. */
  readonly request: Buffer | undefined;

  constructor(o: { errno: number; operation: string; extack?: string; offset?: number; request?: Buffer }) {
    const code = errnoName(o.errno);
    const why = o.extack ? `${code}: ${o.extack}` : `${code} (${describeErrno(o.errno)})`;
    super(`${o.operation}: ${why}`);
    this.errno = o.errno;
    this.code = code;
    this.extack = o.extack;
    this.offset = o.offset;
    this.operation = o.operation;
    this.request = o.request;
  }
}

/** A dump the kernel marked NLM_F_DUMP_INTR (the table changed under it). Carries what arrived. */
export class DumpInterruptedError<T = unknown> extends Error {
  override readonly name = "DumpInterruptedError";
  readonly partial: T;
  readonly attempts: number;
  constructor(operation: string, partial: T, attempts: number) {
    super(`${operation}: dump was interrupted and may be inconsistent (after ${attempts} attempt${attempts === 1 ? "" : "s"})`);
    this.partial = partial;
    this.attempts = attempts;
  }
}

/** Bad input caught before any syscall. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
}

const DESCRIPTIONS: Record<string, string> = {
  EEXIST: "already exists",
  ENODEV: "no such device",
  ENOENT: "no such file or object",
  EOPNOTSUPP: "operation not supported",
  EINVAL: "invalid argument",
  EPERM: "operation not permitted",
  EBUSY: "device or resource busy",
  ERANGE: "value out of range",
  EADDRNOTAVAIL: "address not available",
  ENETUNREACH: "network unreachable",
  ESRCH: "no such process",
};

function describeErrno(errno: number): string {
  return DESCRIPTIONS[errnoName(errno)] ?? "error";
}

export interface ErrorPayload {
  /** 0 for an ACK, else a positive errno. */
  errno: number;
  extack?: string;
  offset?: number;
}

/**
 * Decodes an NLMSG_ERROR message (the errno, the echoed request, then ext-ack TLVs) or, with
 * `echoed` false, an NLMSG_DONE payload (the errno, then TLVs).
 */
export function decodeErrorPayload(msg: NlMessage, echoed = true): ErrorPayload {
  const p = msg.payload;
  const errno = -p.readInt32LE(0);
  const out: ErrorPayload = { errno };
  if (!(msg.header.flags & NLM_F_ACK_TLVS)) return out;
  const echoedLen = !echoed ? 0 : msg.header.flags & NLM_F_CAPPED ? NLMSG_HDRLEN : p.readUInt32LE(4);
  const tlvs = parseAttrs(p.subarray(4 + echoedLen));
  for (const a of tlvs) {
    if (a.type === NLMSGERR_ATTR_MSG) out.extack = strz.decode(a.value);
    else if (a.type === NLMSGERR_ATTR_OFFS) out.offset = u32.decode(a.value);
  }
  return out;
}

/** Encodes an NLMSG_ERROR payload (used by the fake socket and by tests). */
export function encodeErrorPayload(errno: number, request: Buffer, extack?: string): { payload: Buffer; flags: number } {
  const head = Buffer.alloc(4);
  head.writeInt32LE(-errno);
  const echoed = request.subarray(0, NLMSG_HDRLEN);
  if (!extack) return { payload: Buffer.concat([head, echoed]), flags: NLM_F_CAPPED };
  const tlv = encodeAttr(NLMSGERR_ATTR_MSG, strz.encode(extack));
  return { payload: Buffer.concat([head, echoed, tlv]), flags: NLM_F_CAPPED | NLM_F_ACK_TLVS };
}
