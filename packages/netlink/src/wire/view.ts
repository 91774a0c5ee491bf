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
  readonly multi: readonly boolean[];
  /** Decodes the attribute at `off` (its header), or throws / returns undefined if malformed. */
  decodeAt(field: number, b: Buffer, off: number): unknown;
  /** The eager decode of the same bytes: values, `unknown`, and the wire order. */
  decodeAll(b: Buffer, start: number, end: number): { values: Record<string, unknown>; order: number[] };
}

export interface ViewState {
  readonly b: Buffer;
  readonly start: number;
  readonly end: number;
  /** One number per attribute: (field index << 16) | the exact type bits, as the eager decoder. */
  order: number[];
  /** Where each attribute's header is, parallel to `order`. */
  readonly offsets: number[];
  settled: boolean;
  /** Changed after decoding: it must be encoded from its values, not copied from `b`. */
  changed: boolean;
  /** The values read so far (all of them once settled). */
  values: Record<string, unknown>;
  readonly schema: ViewSchema;
}

export const VIEW = Symbol("attribute view");
const FIELD_SHIFT = 16;

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
  for (const v of Object.values(s.values)) {
    if (typeof v === "object" && v !== null && !pristine(v)) return false;
  }
  return true;
}

/** Settles a view (decodes everything) and returns its wire order. */
export function settledOrder(o: object): number[] | undefined {
  const s = viewState(o);
  if (!s) return undefined;
  settle(s);
  return s.order;
}

function settle(s: ViewState): void {
  if (s.settled) return;
  s.settled = true;
  const all = s.schema.decodeAll(s.b, s.start, s.end);
  s.order = all.order;
  // Values already handed out stay the same objects, so changes made to them are kept.
  for (const [k, v] of Object.entries(all.values)) if (!(k in s.values)) s.values[k] = v;
}

/** Decodes field i (every instance of it, for a repeating one); undefined if absent or malformed. */
function decodeField(s: ViewState, key: string, i: number): unknown {
  const values: unknown[] = [];
  for (let j = 0; j < s.order.length; j++) {
    if ((s.order[j] as number) >>> FIELD_SHIFT !== i) continue;
    const v = s.schema.decodeAt(i, s.b, s.offsets[j] as number);
    if (v === undefined) return undefined;
    values.push(v);
  }
  if (values.length === 0) return undefined;
  s.values[key] = s.schema.multi[i] ? values : values[0];
  return s.values[key];
}

function change(s: ViewState): Record<string, unknown> {
  settle(s);
  s.changed = true;
  return s.values;
}

// One handler for every view; the target is the view's state, the values live in state.values.
// Every trap answers from state.values, which the Proxy invariants allow: the state object is
// extensible and its own properties are never reported.
const HANDLER: ProxyHandler<ViewState> = {
  get(s, key) {
    if (key === VIEW) return s;
    const v = s.values;
    if (typeof key !== "string" || key in v || s.settled) return v[key as string];
    const i = s.schema.indexOf.get(key);
    // Not a field (then, toJSON, constructor…): nothing to decode.
    if (i === undefined && key !== "unknown") return undefined;
    if (i !== undefined) {
      try {
        const got = decodeField(s, key, i);
        if (got !== undefined) return got;
      } catch {}
    }
    // unknown, absent or malformed: the settled object says which (malformed ones are in unknown).
    settle(s);
    return v[key];
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
