// The seam under a Connection, as mdlayher/netlink's Socket: a request's bytes go out, datagrams
// come in. Sequence numbers, the tap, reply assembly and dump retries live above it
// (connection.ts), so the libmnl socket stays thin and a responder can stand in for the kernel
// (fake.ts). `operation` only labels errors.
export interface Socket {
  /** The port id the kernel addresses replies to. */
  readonly portid: number;
  /** Sends one datagram. */
  send(bytes: Buffer, operation: string): void;
  /** The next datagram: blocks for one when `wait`, else null when none is queued. */
  receive(wait: boolean, operation: string): Buffer | null;
  /** Calls `ready` whenever a datagram may be received, until unwatch(): the async API and monitors. */
  watch(ready: () => void): void;
  unwatch(): void;
  /** Joins a multicast group (RTNLGRP_*). */
  join(group: number): void;
  close(): void;
  readonly closed: boolean;
}
