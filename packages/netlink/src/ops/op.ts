// An operation is a generator: it yields requests and receives their replies, so one definition
// runs both synchronously and asynchronously (handle.ts), and against the fake socket in tests.
// Operations do no I/O: a netns a request names travels as a reference that the runner opens.
import type { NetnsRef, NetnsTarget } from "../transport/netns.js";
import type { Reply } from "../transport/reply.js";
import { DumpInterruptedError } from "../wire/errors.js";
import { encodeHeader, encodeMessage, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, type NlMessage } from "../wire/header.js";
import { takeHeadroom } from "../wire/writer.js";

export interface Request {
  type: number;
  /** Extra flags (NLM_F_CREATE…); REQUEST and ACK or DUMP are added by `encodeRequest`. */
  flags: number;
  /** The message body; a function of the targets when the request names netns (`netns`). */
  payload: Buffer | ((targets: readonly (NetnsTarget | undefined)[]) => Buffer);
  /**
   * The netns the payload names (IFLA_NET_NS_FD or _PID), in the order `payload` takes them. The
   * runner opens a name or path around the send, so that the fd lives no longer than the request.
   */
  netns?: readonly (NetnsRef | undefined)[];
  /** What it does, for errors: "RTM_NEWLINK veth0". */
  operation: string;
  dump?: boolean;
  /** Set NLM_F_ACK (default). A GET needs none: its reply, or an NLMSG_ERROR, ends it. */
  ack?: boolean;
}

export type Op<T> = Generator<Request, T, Reply>;

/** The request's bytes; `targets`: its netns references, opened (see openNetnsTargets). */
export function encodeRequest(r: Request, seq = 0, pid = 0, targets: readonly (NetnsTarget | undefined)[] = []): Buffer {
  if (targets.length !== (r.netns?.length ?? 0)) throw new Error(`${r.operation}: the netns it names were not opened`);
  const flags = NLM_F_REQUEST | r.flags | (r.dump ? NLM_F_DUMP : r.ack === false ? 0 : NLM_F_ACK);
  const payload = typeof r.payload === "function" ? r.payload(targets) : r.payload;
  // A payload from familyMessage has room for the header in front: no copy then.
  const msg = takeHeadroom(payload);
  if (!msg) return encodeMessage({ type: r.type, flags, seq, pid }, payload);
  encodeHeader({ len: msg.length, type: r.type, flags, seq, pid }, msg);
  return msg;
}

/**
 * The request with its mode set, written out field by field: in Node 20's V8 a spread that adds a
 * key (`{ ...r, ack: false }`) cost ~1.5 µs, a tenth of a whole GET.
 */
function withMode(r: Omit<Request, "dump" | "ack">, dump: boolean, ack: boolean | undefined): Request {
  return { type: r.type, flags: r.flags, payload: r.payload, netns: r.netns, operation: r.operation, dump, ack };
}

/** A request answered by an ACK. */
export function* ack(r: Omit<Request, "dump">): Op<void> {
  yield r;
}

/** A request answered by one message; no ACK is asked for, which saves a datagram. */
export function* getOne<T>(r: Omit<Request, "dump" | "ack">, decode: (m: NlMessage) => T): Op<T> {
  const reply = yield withMode(r, false, false);
  const first = reply.messages[0];
  if (!first) throw new Error(`${r.operation}: the kernel sent no reply message`);
  return decode(first);
}

/**
 * A dump. The runner re-sends it when the kernel marks it interrupted, as often as the handle
 * allows; if it is still interrupted, this throws DumpInterruptedError carrying the partial list.
 */
export function* dump<T>(r: Omit<Request, "dump">, decode: (m: NlMessage) => T | undefined): Op<T[]> {
  const reply = yield withMode(r, true, r.ack);
  const items = reply.messages.map(decode).filter((x): x is T => x !== undefined);
  if (reply.interrupted) throw new DumpInterruptedError(r.operation, items, reply.attempts ?? 1);
  return items;
}
