// Gathers the reply to one request from the datagrams that arrive: checks port id and sequence,
// follows multipart dumps to NLMSG_DONE, and turns NLMSG_ERROR into NetlinkError. No I/O, so the
// real socket and the fake one share it.
import { decodeErrorPayload, NetlinkError } from "../wire/errors.js";
import {
  NLM_F_ACK,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  type NlMessage,
  splitMessages,
} from "../wire/header.js";

export interface Reply {
  /** Data messages (not DONE/ERROR), in arrival order. */
  messages: NlMessage[];
  /** The kernel set NLM_F_DUMP_INTR on some part of a dump. */
  interrupted: boolean;
  /** How many times the request was sent (dumps are re-sent when interrupted). */
  attempts?: number;
}

export interface PendingRequest {
  seq: number;
  portid: number;
  /** Human label for errors, e.g. "RTM_NEWLINK veth0". */
  operation: string;
  bytes: Buffer;
}

export class ReplyCollector {
  readonly reply: Reply = { messages: [], interrupted: false, attempts: 1 };
  done = false;
  /** The request asked for an ACK: keep reading until it comes. */
  private readonly ack: boolean;
  constructor(private readonly req: PendingRequest) {
    this.ack = (req.bytes.readUInt16LE(6) & NLM_F_ACK) !== 0;
  }

  /** Feeds one datagram. Returns true once the reply is complete. Throws NetlinkError on a refusal. */
  feed(datagram: Buffer): boolean {
    for (const msg of splitMessages(datagram)) {
      // Replies to an earlier, abandoned request, or broadcasts: not ours.
      if (msg.header.seq !== this.req.seq || (msg.header.pid !== this.req.portid && msg.header.pid !== 0)) continue;
      if (msg.header.flags & NLM_F_DUMP_INTR) this.reply.interrupted = true;
      if (msg.header.type === NLMSG_NOOP || msg.header.type === NLMSG_OVERRUN) continue;
      if (msg.header.type === NLMSG_ERROR) return this.finishWithError(msg);
      if (msg.header.type === NLMSG_DONE) return this.finishDone(msg);
      this.reply.messages.push(msg);
      // Without NLM_F_ACK a single-part reply is the whole answer.
      if (!(msg.header.flags & NLM_F_MULTI) && !this.ack) this.done = true;
    }
    return this.done;
  }

  private finishWithError(msg: NlMessage): boolean {
    const e = decodeErrorPayload(msg);
    this.done = true;
    if (e.errno === 0) return true;
    throw new NetlinkError({
      errno: e.errno,
      operation: this.req.operation,
      extack: e.extack,
      offset: e.offset,
      request: this.req.bytes,
    });
  }

  private finishDone(msg: NlMessage): boolean {
    this.done = true;
    // A dump that failed part-way reports its errno in NLMSG_DONE's payload.
    if (msg.payload.length < 4) return true;
    const e = decodeErrorPayload(msg, false);
    if (e.errno > 0) {
      throw new NetlinkError({ errno: e.errno, operation: this.req.operation, extack: e.extack, request: this.req.bytes });
    }
    return true;
  }
}
