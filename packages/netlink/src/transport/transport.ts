// What the library needs from a netlink socket. The koffi socket and the fake one both provide it.
import type { NlMessage } from "../wire/header.js";
import type { Reply } from "./reply.js";

export interface Transport {
  readonly portid: number;
  /** Sends one request and blocks until its whole reply (ACK, reply+ACK, or dump+DONE) is in. */
  transact(request: Buffer, operation: string): Reply;
  /** The same without blocking the event loop. */
  transactAsync(request: Buffer, operation: string): Promise<Reply>;
  /** Joins multicast groups (RTNLGRP_*) at once, then yields every message that arrives, until closed. */
  subscribe(groups: readonly number[]): AsyncIterableIterator<NlMessage | "overrun">;
  /** Every datagram sent and received, for `--debug` and NLDEBUG. */
  tap?: (direction: "send" | "recv", bytes: Buffer) => void;
  close(): void;
}

/** Sequence numbers: one counter per transport, starting at a time-derived value like iproute2. */
export function sequenceFrom(start = Math.floor(Date.now() / 1000)): () => number {
  let seq = start >>> 0;
  return () => {
    seq = (seq + 1) >>> 0 || 1;
    return seq;
  };
}
