// A NETLINK_ROUTE socket through libmnl: ext-ack on, 1 MiB receive buffer, each receive sized by
// peeking. It only moves bytes (socket.ts); the Connection above numbers and gathers replies.
// Sync receives block in recv; async callers watch for readiness through libuv and receive with
// MSG_DONTWAIT, so the event loop never blocks.
import * as C from "../rtnl/constants.js";
import { NetlinkError } from "../wire/errors.js";
import * as ffi from "./ffi.js";
import type { Socket } from "./socket.js";

const RCVBUF = 1 << 20;
const SNDBUF = 32 << 10;
/** The peek only asks for the size (MSG_TRUNC): no bytes are copied into this. */
const PEEK = Buffer.alloc(1);
/** The largest part of a dump the kernel builds when the receive buffer allows (32 KiB). */
const DUMP_PART = 32 << 10;

function check(rc: number, operation: string): number {
  if (rc < 0) throw new NetlinkError({ errno: ffi.lastErrno(), operation });
  return rc;
}

function intOption(fd: number, level: number, name: number, value: number): number {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value);
  return ffi.setsockopt(fd, level, name, b, 4);
}

export class NetlinkSocket implements Socket {
  readonly portid: number;
  readonly fd: number;
  private nl: ffi.MnlSocket | null;
  private poller: ffi.FdPoller | undefined;
  /** A receive has offered DUMP_PART bytes, so the kernel builds dump parts that large. */
  private offered = false;

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

  get closed(): boolean {
    return this.nl === null;
  }

  send(bytes: Buffer, operation: string): void {
    if (!this.nl) throw new Error(`${operation}: the netlink socket is closed`);
    check(ffi.mnl_socket_sendto(this.nl, bytes, bytes.length), `${operation} (send)`);
  }

  /**
   * One datagram, sized by peeking first and received straight into a buffer of its own (decoded
   * messages are views into it, so it is never reused); null when not waiting and nothing is queued.
   */
  receive(wait: boolean, operation: string): Buffer | null {
    const flags = wait ? 0 : ffi.MSG_DONTWAIT;
    for (;;) {
      const size = ffi.recv(this.fd, PEEK, 0, ffi.MSG_PEEK | ffi.MSG_TRUNC | flags);
      if (size < 0) {
        const errno = ffi.lastErrno();
        if (errno === ffi.EINTR) continue;
        if (errno === ffi.EAGAIN) return null;
        throw new NetlinkError({ errno, operation: `${operation} (recv)` });
      }
      // The kernel sizes the parts of a dump by the largest buffer a recv has offered (up to
      // 32 KiB, nlk->max_recvmsg_len, which only grows): the first receive offers that much.
      const len = this.offered ? size : Math.max(size, DUMP_PART);
      this.offered = true;
      const datagram = Buffer.allocUnsafe(len); // recv fills what it returns
      const n = check(ffi.recv(this.fd, datagram, len, flags), `${operation} (recv)`);
      return n === len ? datagram : datagram.subarray(0, n);
    }
  }

  watch(ready: () => void): void {
    this.poller ??= ffi.pollFd(this.fd);
    this.poller.start(ready);
  }

  unwatch(): void {
    this.poller?.stop();
  }

  join(group: number): void {
    check(intOption(this.fd, C.SOL_NETLINK, C.NETLINK_ADD_MEMBERSHIP, group), `join multicast group ${group}`);
  }

  close(): void {
    if (!this.nl) return;
    this.poller?.close();
    this.poller = undefined;
    ffi.mnl_socket_close(this.nl);
    this.nl = null;
  }
}
