// A NETLINK_ROUTE socket through libmnl: ext-ack on, 1 MiB receive buffer, each receive sized by
// peeking, replies gathered by ReplyCollector. Sync calls block in recv; async calls wait for
// readiness through libuv and read with MSG_DONTWAIT, so the event loop never blocks.
import * as C from "../rtnl/constants.js";
import { NetlinkError } from "../wire/errors.js";
import { type NlMessage, splitMessages } from "../wire/header.js";
import * as ffi from "./ffi.js";
import { type Reply, ReplyCollector } from "./reply.js";
import { sequenceFrom, type Transport } from "./transport.js";

const RCVBUF = 1 << 20;
const SNDBUF = 32 << 10;
const INITIAL_RX = 32 << 10;
const FAST_STREAK = 16;

function check(rc: number, operation: string): number {
  if (rc < 0) throw new NetlinkError({ errno: ffi.lastErrno(), operation });
  return rc;
}

function intOption(fd: number, level: number, name: number, value: number): number {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value);
  return ffi.setsockopt(fd, level, name, b, 4);
}

export class NetlinkSocket implements Transport {
  readonly portid: number;
  readonly fd: number;
  tap?: (direction: "send" | "recv", bytes: Buffer) => void;
  private nl: ffi.MnlSocket | null;
  private rx = Buffer.alloc(INITIAL_RX);
  private readonly nextSeq = sequenceFrom();
  private poller: ffi.FdPoller | undefined;
  private busy = false;
  private fastStreak = 0;
  /** Resolves a waiting monitor, so close() ends it. */
  private wake: (() => void) | undefined;

  /** Opens a socket in the calling thread's current netns (see netns.ts to open one elsewhere). */
  constructor() {
    const nl = ffi.mnl_socket_open2(C.NETLINK_ROUTE, ffi.SOCK_CLOEXEC);
    if (!nl) throw new NetlinkError({ errno: ffi.lastErrno(), operation: "mnl_socket_open2" });
    this.nl = nl;
    try {
      this.fd = ffi.mnl_socket_get_fd(nl);
      check(intOption(this.fd, C.SOL_NETLINK, C.NETLINK_EXT_ACK, 1), "setsockopt NETLINK_EXT_ACK");
      // Echo only the request header in errors: replies stay small, we keep the request ourselves.
      check(intOption(this.fd, C.SOL_NETLINK, C.NETLINK_CAP_ACK, 1), "setsockopt NETLINK_CAP_ACK");
      // FORCE passes rmem_max when we hold CAP_NET_ADMIN; otherwise settle for what is allowed.
      if (intOption(this.fd, ffi.SOL_SOCKET, ffi.SO_RCVBUFFORCE, RCVBUF) < 0) {
        check(intOption(this.fd, ffi.SOL_SOCKET, ffi.SO_RCVBUF, RCVBUF), "setsockopt SO_RCVBUF");
      }
      check(intOption(this.fd, ffi.SOL_SOCKET, ffi.SO_SNDBUF, SNDBUF), "setsockopt SO_SNDBUF");
      check(ffi.mnl_socket_bind(nl, 0, 0), "mnl_socket_bind");
      this.portid = ffi.mnl_socket_get_portid(nl);
    } catch (e) {
      ffi.mnl_socket_close(nl);
      this.nl = null;
      throw e;
    }
  }

  transact(request: Buffer, operation: string): Reply {
    const collector = this.begin(request, operation);
    try {
      while (!collector.feed(this.receive(0, operation) as Buffer)) {}
      return collector.reply;
    } finally {
      this.busy = false;
    }
  }

  transactAsync(request: Buffer, operation: string): Promise<Reply> {
    let collector: ReplyCollector;
    try {
      collector = this.begin(request, operation);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<Reply>((resolve, reject) => {
      const finish = (err: unknown) => {
        this.poller?.stop();
        this.busy = false;
        if (err) reject(err);
        else resolve(collector.reply);
      };
      /** True once the reply is complete (or failed). */
      const drain = (): boolean => {
        try {
          for (let d = this.receive(ffi.MSG_DONTWAIT, operation); d; d = this.receive(ffi.MSG_DONTWAIT, operation)) {
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
        this.pollerFor().start(drain);
      } else if (!drain()) this.pollerFor().start(drain);
    });
  }

  /** Joins the groups now, so nothing sent after this call is missed, and returns the event stream. */
  subscribe(groups: readonly number[]): AsyncIterableIterator<NlMessage | "overrun"> {
    for (const g of groups) {
      check(intOption(this.fd, C.SOL_NETLINK, C.NETLINK_ADD_MEMBERSHIP, g), `join multicast group ${g}`);
    }
    return this.events();
  }

  private async *events(): AsyncIterableIterator<NlMessage | "overrun"> {
    const queue: (NlMessage | "overrun")[] = [];
    let failure: unknown;
    const drain = () => {
      try {
        for (let d = this.receive(ffi.MSG_DONTWAIT, "monitor"); d; d = this.receive(ffi.MSG_DONTWAIT, "monitor")) {
          queue.push(...splitMessages(d));
        }
      } catch (e) {
        // ENOBUFS: the kernel dropped events because we were slow. Say so and keep going.
        if (e instanceof NetlinkError && e.code === "ENOBUFS") queue.push("overrun");
        else failure = e;
      }
      this.wake?.();
    };
    this.pollerFor().start(drain);
    try {
      while (this.nl) {
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
      this.poller?.stop();
    }
  }

  close(): void {
    if (!this.nl) return;
    this.poller?.close();
    this.poller = undefined;
    ffi.mnl_socket_close(this.nl);
    this.nl = null;
    this.wake?.();
  }

  private begin(request: Buffer, operation: string): ReplyCollector {
    if (!this.nl) throw new Error(`${operation}: the netlink socket is closed`);
    if (this.busy) throw new Error(`${operation}: this handle has a request in flight; await it first or use another Handle`);
    const seq = this.nextSeq();
    request.writeUInt32LE(seq, 8);
    this.tap?.("send", request);
    check(ffi.mnl_socket_sendto(this.nl, request, request.length), `${operation} (send)`);
    this.busy = true;
    return new ReplyCollector({ seq, portid: this.portid, operation, bytes: request });
  }

  /** One datagram, sized by peeking first; null when MSG_DONTWAIT finds nothing. */
  private receive(flags: number, operation: string): Buffer | null {
    for (;;) {
      const size = ffi.recv(this.fd, this.rx, 0, ffi.MSG_PEEK | ffi.MSG_TRUNC | flags);
      if (size < 0) {
        const errno = ffi.lastErrno();
        if (errno === ffi.EINTR) continue;
        if (errno === ffi.EAGAIN) return null;
        throw new NetlinkError({ errno, operation: `${operation} (recv)` });
      }
      if (size > this.rx.length) this.rx = Buffer.alloc(Math.max(size, this.rx.length * 2));
      const n = check(ffi.recv(this.fd, this.rx, this.rx.length, flags), `${operation} (recv)`);
      const datagram = Buffer.from(this.rx.subarray(0, n));
      this.tap?.("recv", datagram);
      return datagram;
    }
  }

  private pollerFor(): ffi.FdPoller {
    this.poller ??= ffi.pollFd(this.fd);
    return this.poller;
  }
}
