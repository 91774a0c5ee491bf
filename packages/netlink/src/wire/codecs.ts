// Value codecs: attribute payload bytes <-> JS values. Pure: no I/O.
import { formatIp, parseIp } from "./ipaddr.js";
import type { Writer } from "./writer.js";

/**
 * Decoders read `b` from `start` to `end` (default: all of it), so that attributes can be decoded
 * in place without slicing a Buffer for each one.
 */
export interface Codec<T> {
  decode(b: Buffer, start?: number, end?: number): T;
  encode(v: T): Buffer;
  /**
   * Writes the same bytes `encode` returns straight into a request being built (writer.ts). A
   * codec without it is encoded and copied in (see writeWith).
   */
  write?(w: Writer, v: T): void;
}

/** Writes a value with its codec: in place when the codec can, else its encoding copied in. */
export function writeWith<T>(c: Codec<T>, w: Writer, v: T): void {
  if (c.write) c.write(w, v);
  else w.bytes(c.encode(v));
}

function fixed<T>(size: number, read: (b: Buffer, at: number) => T, put: (b: Buffer, v: T, at: number) => void): Codec<T> {
  return {
    decode(b, start = 0, end = b.length) {
      if (end - start < size) throw new RangeError(`need ${size} bytes, have ${end - start}`);
      return read(b, start);
    },
    encode(v) {
      const b = Buffer.allocUnsafe(size); // pooled; put fills every byte
      put(b, v, 0);
      return b;
    },
    write(w, v) {
      const at = w.reserve(size); // before reading w.buf: reserving may move it
      put(w.buf, v, at);
    },
  };
}

export const u8 = fixed<number>(
  1,
  (b, at) => b.readUInt8(at),
  (b, v, at) => b.writeUInt8(v, at),
);
export const u16 = fixed<number>(
  2,
  (b, at) => b.readUInt16LE(at),
  (b, v, at) => b.writeUInt16LE(v, at),
);
export const be16 = fixed<number>(
  2,
  (b, at) => b.readUInt16BE(at),
  (b, v, at) => b.writeUInt16BE(v, at),
);
export const u32 = fixed<number>(
  4,
  (b, at) => b.readUInt32LE(at),
  (b, v, at) => b.writeUInt32LE(v >>> 0, at),
);
export const s32 = fixed<number>(
  4,
  (b, at) => b.readInt32LE(at),
  (b, v, at) => b.writeInt32LE(v, at),
);
export const u64 = fixed<bigint>(
  8,
  (b, at) => b.readBigUInt64LE(at),
  (b, v, at) => b.writeBigUInt64LE(v, at),
);

/** A C string. Decoding stops at the first NUL; encoding adds one, as the kernel does. */
export const strz: Codec<string> = {
  decode: (b, start = 0, end = b.length) => {
    const nul = b.indexOf(0, start);
    return b.toString("utf8", start, nul < 0 || nul > end ? end : nul);
  },
  encode: (v) => {
    const n = Buffer.byteLength(v);
    const b = Buffer.allocUnsafe(n + 1);
    b.write(v, 0, "utf8");
    b[n] = 0;
    return b;
  },
  write: (w, v) => w.strz(v),
};

/** A link-layer address as colon-separated hex, any length. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
export const hwaddr: Codec<string> = {
  decode: (b, start = 0, end = b.length) => {
    let out = "";
    for (let i = start; i < end; i++) out += i === start ? HEX[b[i] as number] : `:${HEX[b[i] as number]}`;
    return out;
  },
  encode: (v) => parseHwaddr(v),
  write: (w, v) => w.bytes(parseHwaddr(v)),
};

export function parseHwaddr(text: string): Buffer {
  const parts = text.split(":");
  if (parts.length < 1 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new TypeError(`not a link-layer address: ${JSON.stringify(text)} (expected hex bytes like 02:00:00:00:00:01)`);
  }
  return Buffer.from(parts.map((p) => Number.parseInt(p, 16)));
}

export const ipaddr: Codec<string> = {
  decode: (b, start = 0, end = b.length) => formatIp(b.subarray(start, end)),
  encode: parseIp,
  write: (w, v) => w.bytes(parseIp(v)),
};

/** A presence-only attribute. */
export const flag: Codec<true> = { decode: () => true, encode: () => Buffer.alloc(0), write: () => {} };

/** Bytes kept as they are (a view into the received datagram, which is never reused). */
export const binary: Codec<Buffer> = {
  decode: (b, start = 0, end = b.length) => b.subarray(start, end),
  encode: (v) => v,
  write: (w, v) => w.bytes(v),
};

type StructKind = "u8" | "u16" | "u32" | "s32" | "u64" | "be16" | `pad${number}` | `bytes${number}`;
type StructValue<K> = K extends "u64" ? bigint : K extends `bytes${number}` ? Buffer : number;
export type StructOf<L extends readonly (readonly [string, StructKind])[]> = {
  [E in L[number] as E[0] extends `_${string}` ? never : E[0]]: StructValue<E[1]>;
};

function kindSize(k: StructKind): number {
  if (k === "u8") return 1;
  if (k === "u16" || k === "be16") return 2;
  if (k === "u32" || k === "s32") return 4;
  if (k === "u64") return 8;
  return Number(k.replace(/^(pad|bytes)/, ""));
}

/** One field of a struct: where it is, and how to read and write it (resolved once, not per call). */
interface StructField {
  name: string;
  at: number;
  read: (b: Buffer, off: number) => unknown;
  put: (b: Buffer, off: number, v: unknown) => void;
}

/**
 * A fixed C struct, laid out as listed (padding is explicit, `_`-named fields are padding).
 * Host byte order is little-endian on every platform we ship for.
 */
export function struct<const L extends readonly (readonly [string, StructKind])[]>(
  layout: L,
): Codec<StructOf<L>> & { size: number } {
  let size = 0;
  const fields: StructField[] = [];
  for (const [name, k] of layout) {
    if (name[0] !== "_") fields.push({ name, at: size, read: readerOf(k), put: putterOf(k) });
    size += kindSize(k);
  }
  // Decoding builds one object literal, compiled once per struct: every decoded struct then has
  // one hidden class. Filling `{}` field by field went through megamorphic stores (a runtime call
  // each, as every struct's field names meet at that one store). Names are the layout's own.
  const literal = fields.map((f, j) => `${JSON.stringify(f.name)}: read[${j}](b, off + ${f.at})`).join(", ");
  const readAll = new Function("read", `return (b, off) => ({ ${literal} });`)(fields.map((f) => f.read)) as (
    b: Buffer,
    off: number,
  ) => StructOf<L>;
  /** Writes the fields into zeroed bytes at `off`. */
  const put = (b: Buffer, off: number, v: StructOf<L>) => {
    const rec = v as Record<string, unknown>;
    for (const f of fields) f.put(b, off + f.at, rec[f.name]);
  };
  return {
    size,
    decode(b, start = 0, end = b.length) {
      if (end - start < size || start + size > b.length) throw new RangeError(`struct needs ${size} bytes, have ${end - start}`);
      return readAll(b, start);
    },
    encode(v) {
      const b = Buffer.alloc(size);
      put(b, 0, v);
      return b;
    },
    write(w, v) {
      const off = w.reserve(size);
      w.buf.fill(0, off, off + size); // padding, and bytesN fields given shorter
      put(w.buf, off, v);
    },
  };
}

// Byte reads: the struct's length is checked once, and Buffer's readUInt*'s own checks cost more
// than the read (a dump decodes a header per message).
function readerOf(k: StructKind): StructField["read"] {
  if (k === "u8") return (b, off) => b[off];
  if (k === "u16") return (b, off) => (b[off] as number) | ((b[off + 1] as number) << 8);
  if (k === "be16") return (b, off) => ((b[off] as number) << 8) | (b[off + 1] as number);
  if (k === "s32") return (b, off) => u32At(b, off) | 0;
  if (k === "u32") return u32At;
  if (k === "u64") return (b, off) => b.readBigUInt64LE(off);
  const n = kindSize(k);
  return (b, off) => Buffer.from(b.subarray(off, off + n));
}

function u32At(b: Buffer, off: number): number {
  return (
    ((b[off] as number) | ((b[off + 1] as number) << 8) | ((b[off + 2] as number) << 16)) + (b[off + 3] as number) * 0x1000000
  );
}

// Writes through Buffer's checked writers: a value out of range is a RangeError, as it always was.
function putterOf(k: StructKind): StructField["put"] {
  if (k === "u8") return (b, off, v) => b.writeUInt8(Number(v ?? 0), off);
  if (k === "u16") return (b, off, v) => b.writeUInt16LE(Number(v ?? 0), off);
  if (k === "be16") return (b, off, v) => b.writeUInt16BE(Number(v ?? 0), off);
  if (k === "u32") return (b, off, v) => b.writeUInt32LE(Number(v ?? 0) >>> 0, off);
  if (k === "s32") return (b, off, v) => b.writeInt32LE(Number(v ?? 0), off);
  if (k === "u64") return (b, off, v) => b.writeBigUInt64LE(BigInt((v as bigint | undefined) ?? 0n), off);
  const n = kindSize(k);
  return (b, off, v) => {
    if (Buffer.isBuffer(v)) v.copy(b, off, 0, Math.min(v.length, n));
  };
}

/** A packed array of fixed-size items, e.g. NHA_GROUP's struct nexthop_grp[]. */
export function array<T>(item: Codec<T> & { size: number }): Codec<T[]> {
  return {
    decode(b, start = 0, end = b.length) {
      if ((end - start) % item.size)
        throw new RangeError(`${end - start} bytes is not a whole number of ${item.size}-byte items`);
      const out: T[] = [];
      for (let at = start; at < end; at += item.size) out.push(item.decode(b, at, at + item.size));
      return out;
    },
    encode: (v) => Buffer.concat(v.map((x) => item.encode(x))),
    write: (w, v) => {
      for (const x of v) writeWith(item, w, x);
    },
  };
}
