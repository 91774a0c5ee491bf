// The only file that imports koffi. Binds libmnl's socket calls and the few libc calls libmnl
// lacks. Every binding returns the raw C result; callers turn -1 into errors with lastErrno().
import koffi from "koffi";

const mnl = koffi.load("libmnl.so.0");
const libc = koffi.load("libc.so.6");

koffi.alias("ssize_t", "intptr_t");
// Declares the type name used in the signatures below.
koffi.pointer("mnl_socket", koffi.opaque());

/** An open libmnl socket handle (a C pointer). */
export type MnlSocket = { readonly __brand: "mnl_socket" } | bigint;

export const mnl_socket_open2 = mnl.func("mnl_socket *mnl_socket_open2(int bus, int flags)") as (
  bus: number,
  flags: number,
) => MnlSocket | null;
export const mnl_socket_bind = mnl.func("int mnl_socket_bind(mnl_socket *nl, unsigned int groups, int pid)") as (
  nl: MnlSocket,
  groups: number,
  pid: number,
) => number;
export const mnl_socket_get_fd = mnl.func("int mnl_socket_get_fd(mnl_socket *nl)") as (nl: MnlSocket) => number;
export const mnl_socket_get_portid = mnl.func("unsigned int mnl_socket_get_portid(mnl_socket *nl)") as (nl: MnlSocket) => number;
export const mnl_socket_sendto = mnl.func("ssize_t mnl_socket_sendto(mnl_socket *nl, const void *buf, size_t len)") as (
  nl: MnlSocket,
  buf: Buffer,
  len: number,
) => number;
export const mnl_socket_close = mnl.func("int mnl_socket_close(mnl_socket *nl)") as (nl: MnlSocket) => number;

export const recv = libc.func("ssize_t recv(int fd, _Out_ void *buf, size_t len, int flags)") as (
  fd: number,
  buf: Buffer,
  len: number,
  flags: number,
) => number;
export const setsockopt = libc.func(
  "int setsockopt(int fd, int level, int optname, const void *optval, unsigned int optlen)",
) as (fd: number, level: number, optname: number, optval: Buffer, optlen: number) => number;
// AF_PACKET sockets (transport/packet-socket.ts): raw Ethernet frames on one interface.
export const socket = libc.func("int socket(int domain, int type, int protocol)") as (
  domain: number,
  type: number,
  protocol: number,
) => number;
export const bind = libc.func("int bind(int fd, const void *addr, unsigned int addrlen)") as (
  fd: number,
  addr: Buffer,
  addrlen: number,
) => number;
export const getsockname = libc.func("int getsockname(int fd, _Out_ void *addr, _Inout_ unsigned int *addrlen)") as (
  fd: number,
  addr: Buffer,
  addrlen: number[],
) => number;
export const send = libc.func("ssize_t send(int fd, const void *buf, size_t len, int flags)") as (
  fd: number,
  buf: Buffer,
  len: number,
  flags: number,
) => number;
export const recvfrom = libc.func(
  "ssize_t recvfrom(int fd, _Out_ void *buf, size_t len, int flags, _Out_ void *addr, _Inout_ unsigned int *addrlen)",
) as (fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrlen: number[]) => number;
export const if_nametoindex = libc.func("unsigned int if_nametoindex(const char *name)") as (name: string) => number;
export const setns = libc.func("int setns(int fd, int nstype)") as (fd: number, nstype: number) => number;
export const unshare = libc.func("int unshare(int flags)") as (flags: number) => number;
export const open = libc.func("int open(const char *path, int flags, ...)") as (
  path: string,
  flags: number,
  ...mode: unknown[]
) => number;
export const close = libc.func("int close(int fd)") as (fd: number) => number;
export const flock = libc.func("int flock(int fd, int operation)") as (fd: number, operation: number) => number;
export const mount = libc.func(
  "int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)",
) as (source: string | null, target: string, fstype: string | null, flags: number, data: string | null) => number;
export const umount2 = libc.func("int umount2(const char *target, int flags)") as (target: string, flags: number) => number;

export function lastErrno(): number {
  return koffi.errno();
}

export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const MSG_PEEK = 0x2;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const SOL_SOCKET = 1;
export const AF_PACKET = 17;
export const SOCK_RAW = 3;
export const SOL_PACKET = 263;
export const PACKET_ADD_MEMBERSHIP = 1;
export const PACKET_MR_MULTICAST = 0;
export const PACKET_OTHERHOST = 3;
export const PACKET_OUTGOING = 4;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_RCVBUFFORCE = 33;
export const O_RDONLY = 0;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_CLOEXEC = 0o2000000;
export const CLONE_NEWNET = 0x40000000;
export const MS_BIND = 0x1000;
export const MS_REC = 0x4000;
export const MS_SHARED = 1 << 20;
export const MNT_DETACH = 2;
export const EAGAIN = 11;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;
export const EINTR = 4;

/** Readiness callbacks on an fd from libuv (koffi.node.poll): the async path without worker threads. */
export interface FdPoller {
  start(onReadable: () => void): void;
  stop(): void;
  close(): void;
}

export function pollFd(fd: number): FdPoller {
  let handle: ReturnType<typeof koffi.node.poll> | undefined;
  return {
    start(onReadable) {
      // libuv reports (status, events); a non-zero status is an error we let the read surface.
      const cb = ((status: number, ev: { readable: boolean }) =>
        (status !== 0 || ev.readable) && onReadable()) as unknown as (ev: { readable: boolean }) => void;
      if (handle) handle.start({ readable: true }, cb);
      else handle = koffi.node.poll(fd, { readable: true }, cb);
    },
    stop: () => handle?.stop(),
    close: () => {
      handle?.stop();
      handle?.close();
      handle = undefined;
    },
  };
}
