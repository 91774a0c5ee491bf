// An AF_PACKET SOCK_RAW socket bound to one interface: whole Ethernet frames out and in. It is
// created inside the interface's netns (a packet socket stays in the netns it was made in) and
// bound with the protocol to receive (0: none; the socket is made with protocol 0 so that nothing
// from other interfaces is queued before bind). Non-blocking: receive() waits for readiness
// through libuv (ffi.pollFd) and a timer, so a probe's wait never blocks the event loop.

import { formatMac, macBytes } from "../packet/ethernet.js";
import { ARPHRD_ETHER } from "../rtnl/constants.js";
import { NetlinkError, ValidationError } from "../wire/errors.js";
import * as ffi from "./ffi.js";
import { inNetns, type NetnsRef } from "./netns.js";

const SOCKADDR_LL_LEN = 20;
const PACKET_MREQ_LEN = 16;
/** Larger than any frame of a 9000-byte MTU; longer ones are cut, which no ARP or NDP message is. */
const RX_LEN = 16 << 10;

export interface PacketSocketOptions {
  /** The interface's netns; default the current one. */
  netns?: NetnsRef;
  /** The interface, by name or by index (in that netns). */
  ifname?: string;
  ifindex?: number;
  /** The EtherType to receive (ETH_P_ARP, ETH_P_IPV6); 0 or none for a socket that only sends. */
  protocol?: number;
}

function check(rc: number, operation: string): number {
  if (rc < 0) throw new NetlinkError({ errno: ffi.lastErrno(), operation });
  return rc;
}

function resolveIndex(o: PacketSocketOptions): number {
  if (o.ifindex !== undefined) return o.ifindex;
  if (!o.ifname) throw new ValidationError("a packet socket needs ifname or ifindex");
  return check(ffi.if_nametoindex(o.ifname) || -1, `if_nametoindex ${o.ifname}`);
}

export class PacketSocket {
  readonly fd: number;
  readonly ifindex: number;
  /** The interface's own MAC, as the kernel reports it for the bound socket. */
  readonly mac: string;
  private closed = false;

  constructor(o: PacketSocketOptions) {
    const make = () => {
      const ifindex = resolveIndex(o);
      const type = ffi.SOCK_RAW | ffi.SOCK_NONBLOCK | ffi.SOCK_CLOEXEC;
      return { ifindex, fd: check(ffi.socket(ffi.AF_PACKET, type, 0), "socket AF_PACKET") };
    };
    const { fd, ifindex } = o.netns ? inNetns(o.netns, make) : make();
    this.fd = fd;
    this.ifindex = ifindex;
    try {
      const sll = Buffer.alloc(SOCKADDR_LL_LEN);
      sll.writeUInt16LE(ffi.AF_PACKET, 0);
      sll.writeUInt16BE(o.protocol ?? 0, 2);
      sll.writeInt32LE(ifindex, 4);
      check(ffi.bind(fd, sll, SOCKADDR_LL_LEN), `bind AF_PACKET to ifindex ${ifindex}`);
      const len = [SOCKADDR_LL_LEN];
      check(ffi.getsockname(fd, sll, len), "getsockname AF_PACKET");
      if (sll.readUInt16LE(8) !== ARPHRD_ETHER || sll[11] !== 6)
        throw new ValidationError(
          `interface ${o.ifname ?? ifindex} is not an Ethernet interface (ARPHRD ${sll.readUInt16LE(8)})`,
        );
      this.mac = formatMac(sll, 12);
    } catch (e) {
      ffi.close(fd);
      throw e;
    }
  }

  /** Receives frames sent to a multicast MAC even when the interface has not joined it (IPv6 off). */
  joinMulticast(mac: string): void {
    const mreq = Buffer.alloc(PACKET_MREQ_LEN);
    mreq.writeInt32LE(this.ifindex, 0);
    mreq.writeUInt16LE(ffi.PACKET_MR_MULTICAST, 4);
    mreq.writeUInt16LE(6, 6);
    macBytes(mac).copy(mreq, 8);
    check(ffi.setsockopt(this.fd, ffi.SOL_PACKET, ffi.PACKET_ADD_MEMBERSHIP, mreq, PACKET_MREQ_LEN), `join ${mac}`);
  }

  /** Sends one whole frame, destination MAC first. */
  send(frame: Buffer): void {
    check(ffi.send(this.fd, frame, frame.length, 0), `send on ifindex ${this.ifindex}`);
  }

  /**
   * Resolves with the first value `match` returns for a frame that arrived for this host, or
   * undefined once `timeoutMs` have passed (or the signal aborts). Our own frames going out and
   * frames of VLANs the host does not serve (PACKET_OUTGOING, PACKET_OTHERHOST) are skipped.
   * Frames are read with MSG_DONTWAIT as libuv reports the socket readable, so the event loop
   * stays free for the whole wait.
   */
  receive<T>(match: (frame: Buffer) => T | undefined, timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const poller = ffi.pollFd(this.fd);
    const buf = Buffer.alloc(RX_LEN);
    const from = Buffer.alloc(SOCKADDR_LL_LEN);
    return new Promise<T | undefined>((resolve, reject) => {
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        poller.close();
        fn();
      };
      const onAbort = () => finish(() => resolve(undefined));
      const timer = setTimeout(onAbort, timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      poller.start(() => {
        for (;;) {
          const n = ffi.recvfrom(this.fd, buf, RX_LEN, ffi.MSG_DONTWAIT, from, [SOCKADDR_LL_LEN]);
          if (n < 0) {
            const errno = ffi.lastErrno();
            if (errno === ffi.EAGAIN || errno === ffi.EINTR) return;
            return finish(() => reject(new NetlinkError({ errno, operation: `recv on ifindex ${this.ifindex}` })));
          }
          if (from[10] === ffi.PACKET_OUTGOING || from[10] === ffi.PACKET_OTHERHOST) continue;
          const found = match(Buffer.from(buf.subarray(0, n)));
          if (found !== undefined) return finish(() => resolve(found));
        }
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    ffi.close(this.fd);
  }
}
