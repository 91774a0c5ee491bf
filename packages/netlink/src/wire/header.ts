// struct nlmsghdr and message framing (include/uapi/linux/netlink.h). Pure: no I/O.

export const NLMSG_HDRLEN = 16;
export const NLMSG_ALIGNTO = 4;

export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;
// Flags on NLMSG_ERROR acks.
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

export function align4(n: number): number {
  return (n + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}

export interface NlMsgHeader {
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

/** One netlink message: its header and a view of its payload (everything after the header). */
export interface NlMessage {
  header: NlMsgHeader;
  payload: Buffer;
}

export function encodeHeader(h: NlMsgHeader, into: Buffer, offset = 0): void {
  into.writeUInt32LE(h.len, offset);
  into.writeUInt16LE(h.type, offset + 4);
  into.writeUInt16LE(h.flags, offset + 6);
  into.writeUInt32LE(h.seq >>> 0, offset + 8);
  into.writeUInt32LE(h.pid >>> 0, offset + 12);
}

export function decodeHeader(buf: Buffer, offset = 0): NlMsgHeader {
  return {
    len: buf.readUInt32LE(offset),
    type: buf.readUInt16LE(offset + 4),
    flags: buf.readUInt16LE(offset + 6),
    seq: buf.readUInt32LE(offset + 8),
    pid: buf.readUInt32LE(offset + 12),
  };
}

/** Builds one message: header plus payload, with the length filled in. */
export function encodeMessage(h: Omit<NlMsgHeader, "len">, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(NLMSG_HDRLEN + payload.length); // every byte written below
  encodeHeader({ len: out.length, type: h.type, flags: h.flags, seq: h.seq, pid: h.pid }, out);
  payload.copy(out, NLMSG_HDRLEN);
  return out;
}

/**
 * Splits a datagram into messages. Payloads are views, not copies. A truncated or malformed
 * message ends the walk with an error, because everything after it is unreadable.
 */
export function splitMessages(buf: Buffer): NlMessage[] {
  const out: NlMessage[] = [];
  let off = 0;
  while (off + NLMSG_HDRLEN <= buf.length) {
    const header = decodeHeader(buf, off);
    if (header.len < NLMSG_HDRLEN || off + header.len > buf.length) {
      throw new RangeError(`malformed netlink message at offset ${off}: nlmsg_len ${header.len}, ${buf.length - off} bytes left`);
    }
    out.push({ header, payload: buf.subarray(off + NLMSG_HDRLEN, off + header.len) });
    off += align4(header.len);
  }
  return out;
}
