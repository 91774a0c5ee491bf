// Lazy attribute sets: decoding a message only walks its attributes and notes where each one is;
// a field is decoded when it is first read. A link carries ~40 attributes and callers read a few,
// so most strings, MAC addresses and nests are never built. Pure: no I/O.
//
// The view is a Proxy over a plain object that fills in as fields are read. Anything that looks
// at the object as a whole (its keys, `in`, `unknown`, JSON, deep equality, spreading) or changes
// it first settles it: every field decoded exactly as the eager decoder would, malformed known
// attributes moved to `unknown`. So a view behaves like the eagerly decoded object it replaces.

/** What a view needs from its schema: the field keys, and how to decode one or all of them. */
export interface ViewSchema {
  readonly indexOf: ReadonlyMap<string, number>;
  /** Where each field's last attribute starts in b[start, end), by field index (-1: absent). */
  locate(b: Buffer, start: number, end: number): number[];
  /**
   * Field i read from the attributes in b[start, end) (`at` from locate): every instance for a
   * repeating field, the last for one that is not (as the eager decoder keeps); undefined if
   * absent; throws or returns undefined if an instance it needs is malformed (the eager decoder
   * has it in `unknown` then).
   */
  decodeField(field: number, b: Buffer, start: number, at: readonly number[]): unknown;
  /** The eager decode of the same bytes: values, `unknown`, and the wire order. */
  decodeAll(b: Buffer, start: number, end: number): { values: Record<string, unknown>; order: number[] };
}

/**
 * A view is its bytes and what was read from them: the attributes' framing was checked when it
 * was made, and the first read notes where each field is (noting every attribute's place up front
 * cost two arrays per message, most of them never read).
 */
export interface ViewState {
  readonly b: Buffer;
  readonly start: number;
  readonly end: number;
  /** Once settled: one number per attribute, (field index << 16) | the exact type bits. */
  order: number[] | undefined;
  settled: boolean;
  /** Changed after decoding: it must be encoded from its values, not copied from `b`. */
  changed: boolean;
  /**
   * Before settling, the fields read so far by field index; a plain object keyed by name cost a
   * megamorphic store (a runtime call, ~1 µs) per field read, as every schema's names meet there.
   */
  read: unknown[] | undefined;
  /** From the first read on: where each field is (ViewSchema.locate). */
  at: number[] | undefined;
  /** Once settled: every value, as the eager decoder gives them. */
  values: Record<string, unknown>;
  readonly schema: ViewSchema;
}

export const VIEW = Symbol("attribute view");

/** The state behind a view, or undefined for an ordinary object. */
export function viewState(o: object): ViewState | undefined {
  return (o as { [VIEW]?: ViewState })[VIEW];
}

/**
 * True when encoding may copy the original bytes: nothing was changed, and every object handed
 * out (a nest, a struct, a list) is a view that is unchanged too. Plain objects and Buffers may
 * have been modified by the caller, so they send the encoder down the re-encoding path.
 */
export function pristine(o: object): boolean {
  const s = viewState(o);
  if (!s || s.changed) return false;
  for (const v of s.settled ? Object.values(s.values) : (s.read ?? [])) {
    if (typeof v === "object" && v !== null && !pristine(v)) return false;
  }
  return true;
}

/** Settles a view (decodes everything) and returns its wire order. */
export function settledOrder(o: object): number[] | undefined {
  const s = viewState(o);
  if (!s) return undefined;
  settle(s);
  return s.order as number[];
}

function settle(s: ViewState): void {
  if (s.settled) return;
  s.settled = true;
  const all = s.schema.decodeAll(s.b, s.start, s.end);
  s.order = all.order;
  // Values already handed out stay the same objects, so changes made to them are kept.
  if (s.read) {
    for (const [k, i] of s.schema.indexOf) if (s.read[i] !== undefined) all.values[k] = s.read[i];
    s.read = undefined;
    s.at = undefined;
  }
  s.values = all.values;
}

function change(s: ViewState): Record<string, unknown> {
  settle(s);
  s.changed = true;
  return s.values;
}

// One handler for every view; the target is the view's state, the values live in state.read
// until it settles and in state.values after. Every trap but get settles first and answers from
// state.values, which the Proxy invariants allow: the state object is extensible and its own
// properties are never reported.
const HANDLER: ProxyHandler<ViewState> = {
  get(s, key) {
    if (key === VIEW) return s;
    if (s.settled || typeof key !== "string") return s.values[key as string];
    const i = s.schema.indexOf.get(key);
    if (i !== undefined) {
      const seen = s.read?.[i];
      if (seen !== undefined) return seen;
      try {
        s.at ??= s.schema.locate(s.b, s.start, s.end);
        // No attribute of the field's type at all: absent, as settling would say (a malformed
        // instance would have been located). Settling to learn that decoded the whole link each
        // time a printer asked for an optional field (`-j link show` spent half its time there).
        if (s.at[i] === -1) return undefined;
        const got = s.schema.decodeField(i, s.b, s.start, s.at);
        if (got !== undefined) {
          s.read ??= [];
          s.read[i] = got;
          return got;
        }
      } catch {}
    } else if (key !== "unknown") return undefined; // not a field (then, toJSON, constructor…)
    // unknown, absent or malformed: the settled object says which (malformed ones are in unknown).
    settle(s);
    return s.values[key];
  },
  set: (s, key, value) => Reflect.set(change(s), key, value),
  deleteProperty: (s, key) => Reflect.deleteProperty(change(s), key),
  defineProperty: (s, key, desc) => Reflect.defineProperty(change(s), key, desc),
  has(s, key) {
    if (key === VIEW) return true;
    settle(s);
    return Reflect.has(s.values, key);
  },
  ownKeys(s) {
    settle(s);
    return Reflect.ownKeys(s.values);
  },
  getOwnPropertyDescriptor(s, key) {
    settle(s);
    return Reflect.getOwnPropertyDescriptor(s.values, key);
  },
};

export function makeView(state: ViewState): Record<string, unknown> {
  return new Proxy(state, HANDLER) as unknown as Record<string, unknown>;
}
