// struct nlattr: type-length-value attributes, nesting and alignment. Pure: no I/O.
import { align4 } from "./header.js";

export const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** An attribute as it sits on the wire. `type` keeps the flag bits so re-emitting is exact. */
export interface RawAttr {
  type: number;
  value: Buffer;
}

/** Encodes one attribute, padded to 4 bytes. The padding is not counted in nla_len. */
export function encodeAttr(type: number, value: Buffer): Buffer {
  const len = NLA_HDRLEN + value.length;
  // allocUnsafe takes a slice of Node's pool; a fresh zeroed ArrayBuffer per attribute cost more
  // than the rest of encoding a request. Every byte is written below, the padding as zeros.
  const out = Buffer.allocUnsafe(align4(len));
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  value.copy(out, NLA_HDRLEN);
  out.fill(0, len);
  return out;
}

/** Parses a run of attributes. Views into `buf`, not copies. */
export function parseAttrs(buf: Buffer): RawAttr[] {
  const out: RawAttr[] = [];
  let off = 0;
  while (off + NLA_HDRLEN <= buf.length) {
    const len = buf.readUInt16LE(off);
    if (len < NLA_HDRLEN || off + len > buf.length) {
      throw new RangeError(`malformed attribute at offset ${off}: nla_len ${len}, ${buf.length - off} bytes left`);
    }
    out.push({ type: buf.readUInt16LE(off + 2), value: buf.subarray(off + NLA_HDRLEN, off + len) });
    off += align4(len);
  }
  return out;
}

export function encodeAttrs(attrs: readonly RawAttr[]): Buffer {
  return Buffer.concat(attrs.map((a) => encodeAttr(a.type, a.value)));
}
