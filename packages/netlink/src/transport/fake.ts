// A scripted transport for unit tests (like mdlayher's nltest): the responder sees each request
// and returns the datagrams the kernel would send. Replies go through the real ReplyCollector.
import { encodeErrorPayload } from "../wire/errors.js";
import {
  decodeHeader,
  encodeMessage,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  type NlMessage,
  type NlMsgHeader,
} from "../wire/header.js";
import { type Reply, ReplyCollector } from "./reply.js";
import { sequenceFrom, type Transport } from "./transport.js";

export interface FakeRequest {
  header: NlMsgHeader;
  payload: Buffer;
  bytes: Buffer;
}

export type Responder = (req: FakeRequest) => Buffer[];

export class FakeTransport implements Transport {
  readonly portid = 4242;
  readonly sent: Buffer[] = [];
  tap?: (direction: "send" | "recv", bytes: Buffer) => void;
  private readonly nextSeq = sequenceFrom(1000);

  constructor(
    private readonly responder: Responder,
    private readonly events: (NlMessage | "overrun")[] = [],
  ) {}

  transact(request: Buffer, operation: string): Reply {
    const seq = this.nextSeq();
    request.writeUInt32LE(seq, 8);
    const bytes = Buffer.from(request);
    this.sent.push(bytes);
    const collector = new ReplyCollector({ seq, portid: this.portid, operation, bytes });
    for (const d of this.responder({ header: decodeHeader(bytes), payload: bytes.subarray(16), bytes })) {
      if (collector.feed(d)) return collector.reply;
    }
    throw new Error(`${operation}: the fake responder ended without ACK or DONE`);
  }

  transactAsync(request: Buffer, operation: string): Promise<Reply> {
    return new Promise((resolve) => resolve(this.transact(request, operation)));
  }

  async *subscribe(): AsyncIterableIterator<NlMessage | "overrun"> {
    yield* this.events;
  }

  close(): void {}
}

function replyTo(req: FakeRequest, type: number, flags: number, payload: Buffer): Buffer {
  return encodeMessage({ type, flags, seq: req.header.seq, pid: 4242 }, payload);
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
