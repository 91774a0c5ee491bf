// A socket for unit tests, like mdlayher's nltest: a responder sees each request and returns the
// datagrams the kernel would send. Everything else (sequence numbers, reply assembly, retries, the
// tap) is the real Connection's, so tests of code above a Handle need neither root nor a kernel:
// `new Handle({ socket: () => new FakeSocket((req) => [fakeAck(req)]) })`.
import { encodeErrorPayload } from "../wire/errors.js";
import {
  decodeHeader,
  encodeMessage,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  type NlMsgHeader,
} from "../wire/header.js";
import type { Socket } from "./socket.js";

const FAKE_PORTID = 4242;

export interface FakeRequest {
  header: NlMsgHeader;
  payload: Buffer;
  bytes: Buffer;
}

/** Given a request, the datagrams that answer it. */
export type Responder = (req: FakeRequest) => Buffer[];

export class FakeSocket implements Socket {
  readonly portid = FAKE_PORTID;
  /** Every request sent, as sent. */
  readonly sent: Buffer[] = [];
  closed = false;
  private readonly queue: Buffer[] = [];
  private ready: (() => void) | undefined;
  private listening = false;

  constructor(private readonly responder: Responder) {}

  send(request: Buffer): void {
    const bytes = Buffer.from(request);
    this.sent.push(bytes);
    this.queue.push(...this.responder({ header: decodeHeader(bytes), payload: bytes.subarray(16), bytes }));
  }

  receive(wait: boolean, operation: string): Buffer | null {
    const d = this.queue.shift();
    if (d) return d;
    // Replies are all queued by send(): only a monitor (joined to groups) waits for more.
    if (this.listening && !wait) return null;
    throw new Error(`${operation}: the fake responder ended without ACK or DONE`);
  }

  /** What the kernel would multicast (a monitor's events): received like any datagram. */
  deliver(datagram: Buffer): void {
    this.queue.push(datagram);
    this.ready?.();
  }

  watch(ready: () => void): void {
    this.ready = ready;
    // Replies are queued by send(): say so on the next turn of the event loop, as libuv would.
    if (this.queue.length) setImmediate(() => this.ready?.());
  }

  unwatch(): void {
    this.ready = undefined;
  }

  join(): void {
    this.listening = true;
  }

  close(): void {
    this.closed = true;
  }
}

function replyTo(req: FakeRequest, type: number, flags: number, payload: Buffer): Buffer {
  return encodeMessage({ type, flags, seq: req.header.seq, pid: FAKE_PORTID }, payload);
}

/** An ACK (NLMSG_ERROR with errno 0). */
export function fakeAck(req: FakeRequest): Buffer {
  const { payload, flags } = encodeErrorPayload(0, req.bytes);
  return replyTo(req, NLMSG_ERROR, flags, payload);
}

/** A refusal with an errno and, optionally, an extended-ack message. */
export function fakeError(req: FakeRequest, errno: number, extack?: string): Buffer {
  const { payload, flags } = encodeErrorPayload(errno, req.bytes, extack);
  return replyTo(req, NLMSG_ERROR, flags, payload);
}

/** A single reply message of the given type. */
export function fakeMessage(req: FakeRequest, type: number, payload: Buffer, flags = 0): Buffer {
  return replyTo(req, type, flags, payload);
}

/** A dump: every payload as a multipart message, then NLMSG_DONE; optionally marked interrupted. */
export function fakeDump(req: FakeRequest, type: number, payloads: Buffer[], interrupted = false): Buffer[] {
  const flags = NLM_F_MULTI | (interrupted ? NLM_F_DUMP_INTR : 0);
  const done = replyTo(req, NLMSG_DONE, flags, Buffer.alloc(4));
  return [Buffer.concat(payloads.map((p) => replyTo(req, type, flags, p))), done];
}
