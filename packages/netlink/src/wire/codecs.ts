// Value codecs: attribute payload bytes <-> JS values. Pure: no I/O.
import { formatIp, parseIp } from "./ipaddr.js";

/**
 * Decoders read `b` from `start` to `end` (default: all of it), so that attributes can be decoded
 * in place without slicing a Buffer for each one.
 */
export interface Codec<T> {
  decode(b: Buffer, start?: number, end?: number): T;
  encode(v: T): Buffer;
}

function fixed<T>(size: number, read: (b: Buffer, at: number) => T, write: (b: Buffer, v: T) => void): Codec<T> {
  return {
    decode(b, start = 0, end = b.length) {
      if (end - start < size) throw new RangeError(`need ${size} bytes, have ${end - start}`);
      return read(b, start);
    },
    encode(v) {
      const b = Buffer.allocUnsafe(size); // pooled; write fills every byte
      write(b, v);
      return b;
    },
  };
}

export const u8 = fixed<number>(
  1,
  (b, at) => b.readUInt8(at),
  (b, v) => b.writeUInt8(v),
);
export const u16 = fixed<number>(
  2,
  (b, at) => b.readUInt16LE(at),
  (b, v) => b.writeUInt16LE(v),
);
export const be16 = fixed<number>(
  2,
  (b, at) => b.readUInt16BE(at),
  (b, v) => b.writeUInt16BE(v),
);
export const u32 = fixed<number>(
  4,
  (b, at) => b.readUInt32LE(at),
  (b, v) => b.writeUInt32LE(v >>> 0),
);
export const s32 = fixed<number>(
  4,
  (b, at) => b.readInt32LE(at),
  (b, v) => b.writeInt32LE(v),
);
export const u64 = fixed<bigint>(
  8,
  (b, at) => b.readBigUInt64LE(at),
  (b, v) => b.writeBigUInt64LE(v),
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
};

/** A presence-only attribute. */
export const flag: Codec<true> = { decode: () => true, encode: () => Buffer.alloc(0) };

/** Bytes kept as they are (a view into the received datagram, which is never reused). */
export const binary: Codec<Buffer> = {
  decode: (b, start = 0, end = b.length) => b.subarray(start, end),
  encode: (v) => v,
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

/**
 * A fixed C struct, laid out as listed (padding is explicit, `_`-named fields are padding).
 * Host byte order is little-endian on every platform we ship for.
 */
export function struct<const L extends readonly (readonly [string, StructKind])[]>(
  layout: L,
): Codec<StructOf<L>> & { size: number } {
  let size = 0;
  const at: number[] = [];
  for (const [, k] of layout) {
    at.push(size);
    size += kindSize(k);
  }
  return {
    size,
    decode(b, start = 0, end = b.length) {
      if (end - start < size) throw new RangeError(`struct needs ${size} bytes, have ${end - start}`);
      const o: Record<string, unknown> = {};
      for (let i = 0; i < layout.length; i++) {
        const [name, k] = layout[i] as readonly [string, StructKind];
        if (name[0] !== "_") o[name] = readKind(b, start + (at[i] as number), k);
      }
      return o as StructOf<L>;
    },
    encode(v) {
      const b = Buffer.alloc(size);
      const rec = v as Record<string, unknown>;
      layout.forEach(([name, k], i) => {
        if (!name.startsWith("_")) writeKind(b, at[i] as number, k, rec[name]);
      });
      return b;
    },
  };
}

function readKind(b: Buffer, off: number, k: StructKind): unknown {
  if (k === "u8") return b.readUInt8(off);
  if (k === "u16") return b.readUInt16LE(off);
  if (k === "be16") return b.readUInt16BE(off);
  if (k === "u32") return b.readUInt32LE(off);
  if (k === "s32") return b.readInt32LE(off);
  if (k === "u64") return b.readBigUInt64LE(off);
  return Buffer.from(b.subarray(off, off + kindSize(k)));
}

function writeKind(b: Buffer, off: number, k: StructKind, v: unknown): void {
  if (k === "u8") b.writeUInt8(Number(v ?? 0), off);
  else if (k === "u16") b.writeUInt16LE(Number(v ?? 0), off);
  else if (k === "be16") b.writeUInt16BE(Number(v ?? 0), off);
  else if (k === "u32") b.writeUInt32LE(Number(v ?? 0) >>> 0, off);
  else if (k === "s32") b.writeInt32LE(Number(v ?? 0), off);
  else if (k === "u64") b.writeBigUInt64LE(BigInt((v as bigint | undefined) ?? 0n), off);
  else if (Buffer.isBuffer(v)) v.copy(b, off, 0, Math.min(v.length, kindSize(k)));
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
  };
}
