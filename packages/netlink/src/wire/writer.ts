// One growing buffer that a whole request is encoded into: the family header, every attribute
// and nest written in place, lengths filled in when each attribute ends. Encoding used to build a
// Buffer per value, another per attribute, and concatenate them level by level (three copies of
// every byte, and most of a GET's JavaScript time). Pure: no I/O.
import { NLA_HDRLEN } from "./attr.js";
import { NLMSG_HDRLEN } from "./header.js";

/** Room for the usual request (a GET is ~40 bytes; a veth create ~150) before any growth. */
const INITIAL = 256;

/**
 * The last payload written with room for the nlmsghdr in front (see `finishPayload`): an operation
 * encodes its request and yields it, and encodeRequest then writes the header there instead of
 * copying the payload behind a new one. One slot, not a WeakSet (whose add cost a tenth of an
 * encode): any other payload is copied as before. Taken once, so a payload sent twice is copied
 * the second time and two messages never share bytes.
 */
let lastWithHeadroom: Buffer | undefined;

export class Writer {
  buf: Buffer;
  off: number;
  private readonly start: number;

  /** `headroom`: bytes left free before the first one written. */
  constructor(headroom = 0, size = INITIAL) {
    this.buf = Buffer.allocUnsafe(Math.max(size, headroom)); // every byte up to `off` is written
    this.off = headroom;
    this.start = headroom;
  }

  /** Makes room for n more bytes and returns where they start; the caller writes all of them. */
  reserve(n: number): number {
    const at = this.off;
    if (at + n > this.buf.length) this.grow(at + n);
    this.off = at + n;
    return at;
  }

  private grow(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.off);
    this.buf = bigger;
  }

  bytes(b: Buffer): void {
    const at = this.reserve(b.length);
    b.copy(this.buf, at);
  }

  zeros(n: number): void {
    const at = this.reserve(n);
    this.buf.fill(0, at, at + n);
  }

  /** A C string: its UTF-8 bytes and a NUL. */
  strz(v: string): void {
    const n = Buffer.byteLength(v);
    const at = this.reserve(n + 1);
    this.buf.write(v, at, n, "utf8");
    this.buf[at + n] = 0;
  }

  /** Opens an attribute: its header now, its length at `endAttr(returned offset)`. */
  beginAttr(type: number): number {
    const at = this.reserve(NLA_HDRLEN);
    this.buf.writeUInt16LE(type, at + 2);
    return at;
  }

  /**
   * Closes an attribute: nla_len (the padding not counted), then zeros up to NLA_ALIGN(nla_len).
   * Padded by its length, not its position, as encodeAttr did: the same bytes wherever it starts.
   */
  endAttr(at: number): void {
    const len = this.off - at;
    this.buf.writeUInt16LE(len, at);
    const pad = (4 - (len & 3)) & 3;
    if (pad) this.zeros(pad);
  }

  /** What was written, a view of this writer's buffer: the writer must not be used after. */
  finish(): Buffer {
    return this.buf.subarray(this.start, this.off);
  }

  /**
   * The same, for a message payload written with NLMSG_HDRLEN of headroom: encodeRequest then
   * puts the header in front of it without copying.
   */
  finishPayload(): Buffer {
    const out = this.finish();
    if (this.start === NLMSG_HDRLEN) lastWithHeadroom = out;
    return out;
  }
}

/**
 * The message for a payload written by `Writer.finishPayload`, header room included, or undefined
 * for any other payload (or one already used): then the caller copies.
 */
export function takeHeadroom(payload: Buffer): Buffer | undefined {
  if (payload !== lastWithHeadroom) return undefined;
  lastWithHeadroom = undefined;
  return Buffer.from(payload.buffer, payload.byteOffset - NLMSG_HDRLEN, NLMSG_HDRLEN + payload.length);
}
