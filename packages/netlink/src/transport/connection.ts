// One netlink conversation, as mdlayher/netlink's Conn: it numbers requests, shows every datagram
// to the tap, gathers each reply (ReplyCollector) and re-sends a dump the kernel interrupted. The
// socket under it only moves bytes (socket.ts), so a responder can stand in for the kernel
// (fake.ts) and every rule here is tested without root.
import { NetlinkError } from "../wire/errors.js";
import { type NlMessage, splitMessages } from "../wire/header.js";
import { type Reply, ReplyCollector } from "./reply.js";
import type { Socket } from "./socket.js";

/** Sees every datagram sent and received (the CLI's --debug, NLDEBUG). */
export type Tap = (direction: "send" | "recv", bytes: Buffer) => void;

export interface ConnectionOptions {
  /** How often to re-send a dump the kernel marked NLM_F_DUMP_INTR before giving up. Default 10. */
  dumpRetries?: number;
  tap?: Tap;
}

/** An async call in this many waits for readiness even when its reply is already whole. */
const FAST_STREAK = 16;

/** Sequence numbers: one counter per connection, starting at a time-derived value like iproute2. */
function sequenceFrom(start = Math.floor(Date.now() / 1000)): () => number {
  let seq = start >>> 0;
  return () => {
    seq = (seq + 1) >>> 0 || 1;
    return seq;
  };
}

export class Connection {
  private readonly nextSeq = sequenceFrom();
  private readonly dumpRetries: number;
  private readonly tap: Tap | undefined;
  private busy = false;
  private fastStreak = 0;
  /** Resolves a waiting monitor, so close() ends it. */
  private wake: (() => void) | undefined;

  constructor(
    readonly socket: Socket,
    o: ConnectionOptions = {},
  ) {
    this.dumpRetries = o.dumpRetries ?? 10;
    this.tap = o.tap;
  }

  /** Sends one request and blocks until its whole reply (ACK, reply, or dump to DONE) is in. */
  execute(request: Buffer, operation: string): Reply {
    for (let attempt = 1; ; attempt++) {
      const done = this.final(this.transact(request, operation), attempt);
      if (done) return done;
    }
  }

  /** The same without blocking the event loop. */
  async executeAsync(request: Buffer, operation: string): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const done = this.final(await this.transactAsync(request, operation), attempt);
      if (done) return done;
    }
  }

  /** Joins the groups now, so nothing sent after this call is missed, and returns the event stream. */
  subscribe(groups: readonly number[]): AsyncIterableIterator<NlMessage | "overrun"> {
    for (const g of groups) this.socket.join(g);
    return this.events();
  }

  close(): void {
    this.socket.close();
    this.wake?.();
  }

  /** A reply is final unless the kernel interrupted the dump and retries are left. */
  private final(reply: Reply, attempt: number): Reply | undefined {
    if (reply.interrupted && attempt <= this.dumpRetries) return undefined;
    // Each attempt has a reply of its own, so this one can be marked in place: a spread with an
    // added key cost ~1.5 µs in Node 20's V8, a tenth of a whole GET.
    reply.attempts = attempt;
    return reply;
  }

  private transact(request: Buffer, operation: string): Reply {
    const collector = this.begin(request, operation);
    try {
      while (!collector.feed(this.receive(true, operation) as Buffer)) {}
      return collector.reply;
    } finally {
      this.busy = false;
    }
  }

  private transactAsync(request: Buffer, operation: string): Promise<Reply> {
    let collector: ReplyCollector;
    try {
      collector = this.begin(request, operation);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<Reply>((resolve, reject) => {
      const finish = (err: unknown) => {
        this.socket.unwatch();
        this.busy = false;
        if (err) reject(err);
        else resolve(collector.reply);
      };
      /** True once the reply is complete (or failed). */
      const drain = (): boolean => {
        try {
          for (let d = this.receive(false, operation); d; d = this.receive(false, operation)) {
            if (collector.feed(d)) {
              finish(undefined);
              return true;
            }
          }
        } catch (e) {
          finish(e);
          return true;
        }
        return false;
      };
      // The kernel answers a GET inside sendto, and fills the next part of a dump inside the recv
      // that takes the previous one: most replies are whole before libuv could say so. Only what
      // is still missing waits for readiness, and so does one call in FAST_STREAK, so that a caller
      // awaiting call after call still lets the event loop turn (timers, I/O).
      if (++this.fastStreak >= FAST_STREAK) {
        this.fastStreak = 0;
        this.socket.watch(drain);
      } else if (!drain()) this.socket.watch(drain);
    });
  }

  private async *events(): AsyncIterableIterator<NlMessage | "overrun"> {
    const queue: (NlMessage | "overrun")[] = [];
    let failure: unknown;
    const drain = () => {
      try {
        for (let d = this.receive(false, "monitor"); d; d = this.receive(false, "monitor")) queue.push(...splitMessages(d));
      } catch (e) {
        // ENOBUFS: the kernel dropped events because we were slow. Say so and keep going.
        if (e instanceof NetlinkError && e.code === "ENOBUFS") queue.push("overrun");
        else failure = e;
      }
      this.wake?.();
    };
    this.socket.watch(drain);
    try {
      while (!this.socket.closed) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (failure) throw failure;
        await new Promise<void>((r) => {
          this.wake = r;
        });
        this.wake = undefined;
      }
    } finally {
      this.socket.unwatch();
    }
  }

  private begin(request: Buffer, operation: string): ReplyCollector {
    if (this.socket.closed) throw new Error(`${operation}: the netlink socket is closed`);
    if (this.busy) throw new Error(`${operation}: this handle has a request in flight; await it first or use another Handle`);
    const seq = this.nextSeq();
    request.writeUInt32LE(seq, 8);
    this.tap?.("send", request);
    this.socket.send(request, operation);
    this.busy = true;
    return new ReplyCollector({ seq, portid: this.socket.portid, operation, bytes: request });
  }

  private receive(wait: boolean, operation: string): Buffer | null {
    const d = this.socket.receive(wait, operation);
    if (d) this.tap?.("recv", d);
    return d;
  }
}
