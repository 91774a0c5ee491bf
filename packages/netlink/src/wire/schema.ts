// Typed attribute schemas: one declaration drives both decode and encode. Pure: no I/O.
//
// Decoded objects remember the order and the exact type bits of the attributes they came from
// (in a hidden property), and keep attributes the schema does not know in `unknown`, so that
// emit(parse(bytes)) gives the same bytes back.
import { encodeAttr, NLA_TYPE_MASK, parseAttrs, type RawAttr } from "./attr.js";
import type { Codec } from "./codecs.js";

export interface Field<T, M extends boolean = boolean> {
  /** Attribute number, e.g. IFLA_MTU. */
  type: number;
  /** The kernel's name, e.g. "IFLA_MTU" (used by decoders and error messages). */
  name: string;
  codec: Codec<T>;
  /** The attribute may repeat; the value is an array in wire order. */
  multi: M;
  /** Flag bits to set when we emit a fresh attribute (e.g. NLA_F_NESTED). */
  emitFlags: number;
}

export function one<T>(type: number, name: string, codec: Codec<T>, emitFlags = 0): Field<T, false> {
  return { type, name, codec, multi: false, emitFlags };
}

export function many<T>(type: number, name: string, codec: Codec<T>, emitFlags = 0): Field<T, true> {
  return { type, name, codec, multi: true, emitFlags };
}

// biome-ignore lint/suspicious/noExplicitAny: a field map holds fields of every value type
export type FieldMap = Record<string, Field<any>>;

export type Decoded<F extends FieldMap> = {
  [K in keyof F]?: F[K] extends Field<infer T, infer M> ? (M extends true ? T[] : T) : never;
} & { unknown?: RawAttr[] };

const WIRE_ORDER = Symbol("wireOrder");
interface OrderEntry {
  key: string | null;
  type: number;
}

export interface Schema<F extends FieldMap> extends Codec<Decoded<F>> {
  readonly name: string;
  readonly fields: F;
  decodeAttrs(attrs: readonly RawAttr[]): Decoded<F>;
  /** The kernel name of an attribute number, or undefined. */
  nameOf(type: number): string | undefined;
}

export function schema<F extends FieldMap>(name: string, fields: F): Schema<F> {
  const byType = new Map<number, string>();
  for (const [key, f] of Object.entries(fields)) byType.set(f.type, key);

  function decodeAttrs(attrs: readonly RawAttr[]): Decoded<F> {
    const out: Record<string, unknown> = {};
    const order: OrderEntry[] = [];
    const unknown: RawAttr[] = [];
    for (const a of attrs) {
      const key = byType.get(a.type & NLA_TYPE_MASK);
      const value = key === undefined ? undefined : tryDecode(fields[key] as Field<unknown>, a.value);
      if (key === undefined || value === undefined) {
        unknown.push({ type: a.type, value: Buffer.from(a.value) });
        order.push({ key: null, type: a.type });
        continue;
      }
      if (!(fields[key] as Field<unknown>).multi) out[key] = value;
      else if (Array.isArray(out[key])) out[key].push(value);
      else out[key] = [value];
      order.push({ key, type: a.type });
    }
    if (unknown.length) out.unknown = unknown;
    Object.defineProperty(out, WIRE_ORDER, { value: order, enumerable: false });
    return out as Decoded<F>;
  }

  function encode(obj: Decoded<F>): Buffer {
    const rec = obj as Record<string, unknown> & { [WIRE_ORDER]?: OrderEntry[] };
    const used = new Map<string, number>();
    const parts: Buffer[] = [];
    let nextUnknown = 0;
    const emit = (key: string, type: number) => {
      const f = fields[key] as Field<unknown>;
      const v = rec[key];
      if (v === undefined) return;
      const values = f.multi ? (v as unknown[]) : [v];
      const i = used.get(key) ?? 0;
      if (i >= values.length) return;
      parts.push(encodeAttr(type, f.codec.encode(values[i])));
      used.set(key, i + 1);
    };
    for (const e of rec[WIRE_ORDER] ?? []) {
      if (e.key !== null) emit(e.key, e.type);
      else if (obj.unknown && nextUnknown < obj.unknown.length) {
        const u = obj.unknown[nextUnknown++] as RawAttr;
        parts.push(encodeAttr(u.type, u.value));
      }
    }
    // Fields set or added after decoding, in schema order.
    for (const [key, f] of Object.entries(fields)) {
      const v = rec[key];
      const count = v === undefined ? 0 : f.multi ? (v as unknown[]).length : 1;
      while ((used.get(key) ?? 0) < count) emit(key, f.type | f.emitFlags);
    }
    for (const u of obj.unknown?.slice(nextUnknown) ?? []) parts.push(encodeAttr(u.type, u.value));
    return Buffer.concat(parts);
  }

  return {
    name,
    fields,
    decodeAttrs,
    decode: (b) => decodeAttrs(parseAttrs(b)),
    encode,
    nameOf: (type) => {
      const key = byType.get(type & NLA_TYPE_MASK);
      return key === undefined ? undefined : (fields[key] as Field<unknown>).name;
    },
  };
}

/** A malformed known attribute is kept as unknown bytes rather than failing the whole message. */
function tryDecode(f: Field<unknown>, b: Buffer): unknown {
  try {
    return f.codec.decode(b);
  } catch {
    return undefined;
  }
}

/** A nested attribute whose payload is a run of attributes described by `s`. */
export function nested<F extends FieldMap>(s: Schema<F>): Codec<Decoded<F>> {
  return s;
}

/** A shallow copy with some fields replaced that keeps the wire order of the original. */
export function withValues<T extends object>(obj: T, patch: Partial<T>): T {
  const copy = { ...obj, ...patch };
  const order = (obj as { [WIRE_ORDER]?: OrderEntry[] })[WIRE_ORDER];
  if (order) Object.defineProperty(copy, WIRE_ORDER, { value: order, enumerable: false });
  return copy;
}

/** A codec resolved on first use, for message types that contain themselves (veth peers). */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  return { decode: (b) => get().decode(b), encode: (v) => get().encode(v) };
}
