// Typed attribute schemas: one declaration drives both decode and encode. Pure: no I/O.
//
// Decoding gives a lazy view (view.ts): the attributes are walked once, each field is decoded
// when first read. Decoded objects remember the order and the exact type bits of the attributes
// they came from, and keep attributes the schema does not know in `unknown`, so that
// emit(parse(bytes)) gives the same bytes back; an unchanged view is emitted as its bytes.
import { encodeAttrs, NLA_HDRLEN, NLA_TYPE_MASK, type RawAttr } from "./attr.js";
import { type Codec, writeWith } from "./codecs.js";
import { align4 } from "./header.js";
import { makeView, pristine, settledOrder, type ViewSchema, type ViewState, viewState } from "./view.js";
import { Writer } from "./writer.js";

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

/**
 * A decoded attribute set. Its wire order — one number per attribute, (field index << 16) | the
 * exact type bits, field index 0xffff for one kept in `unknown` — sits in a private field, so it
 * is invisible to JSON, spreading and deep equality (decoded and hand-built objects compare
 * equal), and costs no more than a property (a WeakMap cost a quarter of a dump's decode).
 */
class AttrSet {
  readonly #order: number[];
  constructor(order: number[]) {
    this.#order = order;
  }
  static orderOf(o: object): number[] | undefined {
    return #order in o ? (o as AttrSet).#order : settledOrder(o);
  }
}
const UNKNOWN = 0xffff;
/** What an unsettled view's `values` holds: never read (get answers from `read` until it settles). */
const EMPTY = Object.freeze({}) as Record<string, unknown>;

export interface Schema<F extends FieldMap> extends Codec<Decoded<F>> {
  readonly name: string;
  write(w: Writer, v: Decoded<F>): void;
  readonly fields: F;
  decodeAttrs(attrs: readonly RawAttr[]): Decoded<F>;
  /** The kernel name of an attribute number, or undefined. */
  nameOf(type: number): string | undefined;
}

export function schema<F extends FieldMap>(name: string, fields: F): Schema<F> {
  const keys = Object.keys(fields);
  const list = keys.map((k) => fields[k] as Field<unknown>);
  const indexOf = new Map(keys.map((k, i) => [k, i]));
  // Attribute type -> field index, UNKNOWN where none: a typed array keeps the walk monomorphic.
  const byType = new Uint16Array(Math.max(0, ...list.map((f) => f.type)) + 1).fill(UNKNOWN);
  list.forEach((f, i) => {
    byType[f.type] = i;
  });
  const fieldOf = (type: number): number | undefined => {
    const i = byType[type & NLA_TYPE_MASK];
    return i === undefined || i === UNKNOWN ? undefined : i;
  };

  /** The eager decode: every field now. A view settles through it. */
  function decodeAll(b: Buffer, start: number, end: number): { values: Record<string, unknown>; order: number[] } {
    const order: number[] = [];
    const out = new AttrSet(order) as unknown as Record<string, unknown>;
    let off = start;
    while (off + NLA_HDRLEN <= end) {
      const len = b.readUInt16LE(off);
      if (len < NLA_HDRLEN || off + len > end) {
        throw new RangeError(`${name}: malformed attribute at offset ${off - start}: nla_len ${len}, ${end - off} bytes left`);
      }
      const type = b.readUInt16LE(off + 2);
      const i = fieldOf(type);
      const f = i === undefined ? undefined : list[i];
      const value = f === undefined ? undefined : tryDecode(f, b, off + NLA_HDRLEN, off + len);
      if (i === undefined || f === undefined || value === undefined) {
        // A view, not a copy: received datagrams are never reused, so views stay valid.
        const raw = { type, value: b.subarray(off + NLA_HDRLEN, off + len) };
        if (Array.isArray(out.unknown)) out.unknown.push(raw);
        else out.unknown = [raw];
        order.push((UNKNOWN << 16) | type);
      } else {
        const key = keys[i] as string;
        if (!f.multi) out[key] = value;
        else if (Array.isArray(out[key])) out[key].push(value);
        else out[key] = [value];
        order.push((i << 16) | type);
      }
      off += align4(len);
    }
    return { values: out, order };
  }

  /**
   * Where each field's last instance is (its header's offset; -1: absent), by field index: a view
   * builds it on its first read, so that the next reads need no walk. The framing was checked.
   */
  function locate(b: Buffer, start: number, end: number): number[] {
    const at = new Array<number>(list.length).fill(-1);
    for (let off = start; off + NLA_HDRLEN <= end; ) {
      const i = byType[((b[off + 2] as number) | ((b[off + 3] as number) << 8)) & NLA_TYPE_MASK];
      if (i !== undefined && i !== UNKNOWN) at[i] = off;
      off += align4((b[off] as number) | ((b[off + 1] as number) << 8));
    }
    return at;
  }

  /** The lazy read of one field (see ViewSchema.decodeField). */
  function decodeField(i: number, b: Buffer, start: number, at: readonly number[]): unknown {
    const f = list[i] as Field<unknown>;
    const last = at[i] as number;
    if (last < 0) return undefined;
    // Only the last instance counts, as in the eager decode (an earlier malformed one would be in
    // `unknown`, which is only read settled).
    if (!f.multi) return f.codec.decode(b, last + NLA_HDRLEN, last + ((b[last] as number) | ((b[last + 1] as number) << 8)));
    const values: unknown[] = [];
    for (let off = start; off <= last; ) {
      const len = (b[off] as number) | ((b[off + 1] as number) << 8);
      if (byType[((b[off + 2] as number) | ((b[off + 3] as number) << 8)) & NLA_TYPE_MASK] === i) {
        const v = f.codec.decode(b, off + NLA_HDRLEN, off + len);
        if (v === undefined) return undefined;
        values.push(v);
      }
      off += align4(len);
    }
    return values;
  }

  const view: ViewSchema = { indexOf, locate, decodeField, decodeAll };

  /** Checks the attributes' framing (errors throw here) and returns a view that decodes on read. */
  function decode(b: Buffer, start = 0, end = b.length): Decoded<F> {
    let off = start;
    while (off + NLA_HDRLEN <= end) {
      // Plain byte reads: readUInt16LE's argument checks made this walk 3-4x slower.
      const len = (b[off] as number) | ((b[off + 1] as number) << 8);
      if (len < NLA_HDRLEN || off + len > end) {
        throw new RangeError(`${name}: malformed attribute at offset ${off - start}: nla_len ${len}, ${end - off} bytes left`);
      }
      off += align4(len);
    }
    const state: ViewState = {
      b,
      start,
      end,
      order: undefined,
      settled: false,
      changed: false,
      read: undefined,
      at: undefined,
      values: EMPTY,
      schema: view,
    };
    return makeView(state) as Decoded<F>;
  }

  /** Writes one attribute: its header, the value in place, its length and padding. */
  function writeAttr(w: Writer, type: number, codec: Codec<unknown>, value: unknown): void {
    const at = w.beginAttr(type);
    writeWith(codec, w, value);
    w.endAttr(at);
  }

  function writeRaw(w: Writer, u: RawAttr): void {
    const at = w.beginAttr(u.type);
    w.bytes(u.value);
    w.endAttr(at);
  }

  /** A hand-built object: every field in schema order, then unknown attributes. The hot path of requests. */
  function writeFresh(w: Writer, rec: Record<string, unknown>): void {
    // The object's own keys (a few), not the schema's (dozens: a miss per absent field is slow).
    const present: number[] = [];
    for (const key in rec) {
      const i = indexOf.get(key);
      if (i !== undefined && rec[key] !== undefined) present.push(i);
    }
    if (present.length > 1) present.sort((a, b) => a - b);
    for (const i of present) {
      const value = rec[keys[i] as string];
      const f = list[i] as Field<unknown>;
      if (!f.multi) writeAttr(w, f.type | f.emitFlags, f.codec, value);
      else for (const one of value as unknown[]) writeAttr(w, f.type | f.emitFlags, f.codec, one);
    }
    for (const u of (rec.unknown as RawAttr[] | undefined) ?? []) writeRaw(w, u);
  }

  /** A decoded object that was changed: its attributes in their wire order, then what was added. */
  function writeOrdered(w: Writer, obj: Decoded<F>, wireOrder: readonly number[]): void {
    const rec = obj as Record<string, unknown>;
    const used = new Array<number>(keys.length).fill(0);
    const emit = (i: number, type: number) => {
      const f = list[i] as Field<unknown>;
      const v = rec[keys[i] as string];
      if (v === undefined) return false;
      const values = f.multi ? (v as unknown[]) : [v];
      if ((used[i] as number) >= values.length) return false;
      writeAttr(w, type, f.codec, values[used[i] as number]);
      used[i] = (used[i] as number) + 1;
      return true;
    };
    let nextUnknown = 0;
    for (const e of wireOrder) {
      const i = e >>> 16;
      if (i !== UNKNOWN) emit(i, e & 0xffff);
      else if (obj.unknown && nextUnknown < obj.unknown.length) writeRaw(w, obj.unknown[nextUnknown++] as RawAttr);
    }
    // Fields set or added after decoding, in schema order.
    const present: number[] = [];
    for (const key in rec) {
      const i = indexOf.get(key);
      if (i !== undefined && rec[key] !== undefined) present.push(i);
    }
    for (const i of present.sort((a, b) => a - b)) {
      const f = list[i] as Field<unknown>;
      while (emit(i, f.type | f.emitFlags)) {}
    }
    for (const u of obj.unknown?.slice(nextUnknown) ?? []) writeRaw(w, u);
  }

  function write(w: Writer, obj: Decoded<F>): void {
    const v = viewState(obj);
    if (v && pristine(obj)) {
      const at = w.reserve(v.end - v.start);
      v.b.copy(w.buf, at, v.start, v.end);
      return;
    }
    const wireOrder = AttrSet.orderOf(obj);
    if (wireOrder) writeOrdered(w, obj, wireOrder);
    else writeFresh(w, obj as Record<string, unknown>);
  }

  function encode(obj: Decoded<F>): Buffer {
    const w = new Writer();
    write(w, obj);
    return w.finish();
  }

  return {
    name,
    fields,
    decode,
    decodeAttrs: (attrs) => decode(encodeAttrs(attrs)),
    encode,
    write,
    nameOf: (type) => {
      const i = fieldOf(type);
      return i === undefined ? undefined : list[i]?.name;
    },
  };
}

/** A malformed known attribute is kept as unknown bytes rather than failing the whole message. */
function tryDecode(f: Field<unknown>, b: Buffer, start: number, end: number): unknown {
  try {
    return f.codec.decode(b, start, end);
  } catch {
    return undefined;
  }
}

/** A shallow copy with some fields replaced that keeps the wire order of the original. */
export function withValues<T extends object>(obj: T, patch: Partial<T>): T {
  const order = AttrSet.orderOf(obj);
  return Object.assign(order ? new AttrSet(order) : {}, obj, patch) as T;
}

/** A codec resolved on first use, for message types that contain themselves (veth peers). */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  return {
    decode: (b, start, end) => get().decode(b, start, end),
    encode: (v) => get().encode(v),
    write: (w, v) => writeWith(get(), w, v),
  };
}
