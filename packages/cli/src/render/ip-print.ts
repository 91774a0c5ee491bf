// iproute2's json_print.c as an object: one walk over a message prints either ip's text or ip's
// JSON, so the two cannot drift apart (ip's print_*(PRINT_ANY|PRINT_JSON|PRINT_FP, key, fmt, v)).
// Text goes to a string; JSON to a plain object with keys in print order.

/** ip -c's colour classes (color.h's enum color_attr). */
export type IpColor = "ifname" | "mac" | "inet" | "inet6" | "up" | "down";

// color.c's palettes: plain on a light background, bold on a dark one (COLORFGBG).
const LIGHT: Record<IpColor, string> = {
  ifname: "\x1b[36m",
  mac: "\x1b[33m",
  inet: "\x1b[35m",
  inet6: "\x1b[34m",
  up: "\x1b[32m",
  down: "\x1b[31m",
};
const DARK = Object.fromEntries(Object.entries(LIGHT).map(([k, v]) => [k, v.replace("[", "[1;")])) as Record<IpColor, string>;
const CLEAR = "\x1b[0m";

/** color.c's set_color_palette(): COLORFGBG's last field 0-6 or 8 means a dark background. */
export function darkBackground(env: NodeJS.ProcessEnv = process.env): boolean {
  const last = env.COLORFGBG?.split(";").at(-1) ?? "";
  return /^[0-6]$|^8$/.test(last);
}

export type JsonValue = string | number | boolean | null | RawJson | JsonValue[] | { [k: string]: JsonValue };
type Container = Record<string, JsonValue> | JsonValue[];

export interface IpPrintMode {
  json: boolean;
  color?: boolean;
  /** -o: ip's _SL_ is "\" instead of a newline. */
  oneline?: boolean;
  dark?: boolean;
  /** -N: numbers instead of names (link types, groups). */
  numeric?: boolean;
  /** -h: counters as 1.50k, 12.3M. */
  human?: boolean;
}

export class IpPrint {
  text = "";
  /** The JSON object being filled (json mode). */
  readonly root: Record<string, JsonValue> = {};
  private readonly stack: Container[] = [this.root];
  /** ip's _SL_: the line separator inside one message. */
  readonly sl: string;

  constructor(readonly mode: IpPrintMode) {
    this.sl = mode.oneline ? "\\" : "\n";
  }

  get json(): boolean {
    return this.mode.json;
  }

  private put(key: string | null, value: JsonValue): void {
    const top = this.stack.at(-1) as Container;
    if (Array.isArray(top)) top.push(value);
    else if (key !== null) top[key] = value;
  }

  /** PRINT_ANY: `value` under `key` in JSON, `text` (already formatted) in text, coloured as ip colours it. */
  any(key: string | null, value: JsonValue, text: string, color?: IpColor): void {
    if (this.json) this.put(key, value);
    else this.fp(text, color);
  }

  /** PRINT_JSON: JSON only. */
  js(key: string | null, value: JsonValue): void {
    if (this.json) this.put(key, value);
  }

  /** PRINT_FP: text only. */
  fp(text: string, color?: IpColor): void {
    if (this.json) return;
    if (color && this.mode.color) {
      const code = (this.mode.dark ? DARK : LIGHT)[color];
      this.text += `${code}${text}${CLEAR}`;
    } else this.text += text;
  }

  /** print_nl(): the separator between the lines of one message. */
  nl(): void {
    this.fp(this.sl);
  }

  /** open_json_object(key): a nested object (JSON only). */
  open(key: string | null): void {
    if (!this.json) return;
    const o: Record<string, JsonValue> = {};
    this.put(key, o);
    this.stack.push(o);
  }

  /** open_json_array(type, key): JSON opens an array; text prints `text` (ip's "<" for flags). */
  openArray(key: string, text = ""): void {
    if (!this.json) {
      this.fp(text);
      return;
    }
    const a: JsonValue[] = [];
    this.put(key, a);
    this.stack.push(a);
  }

  /** close_json_object / close_json_array(type, text). */
  close(text = ""): void {
    if (this.json) this.stack.pop();
    else this.fp(text);
  }
}

/** rtnl_link_stats64 counters are u64: JSON numbers as ip prints them (exact up to 2^53). */
export const u64 = (v: bigint | number | undefined): number => Number(v ?? 0);

/** A number as ip formats it in JSON (`"hold_timer":0.00`): written as is. */
export class RawJson {
  constructor(readonly raw: string) {}
}

const hasControl = (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20) return true;
  return false;
};

/** jsonw_puts(): ip escapes only these; everything else goes out as it is. */
function ipString(s: string): string {
  // Without control characters ip's escaping is JSON's (which is faster to ask for).
  if (!hasControl(s)) return JSON.stringify(s);
  const esc: Record<string, string> = {
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\f": "\\f",
    "\b": "\\b",
    "\\": "\\\\",
    '"': '\\"',
  };
  return `"${s.replace(/[\t\n\r\f\b\\"]/g, (c) => esc[c] as string)}"`;
}

/**
 * JSON.stringify writes `v` exactly as ipJsonText does: only plain objects and arrays, strings
 * without control characters (ip escapes fewer of them), numbers, booleans, null; no RawJson or
 * bigint, no functions, no toJSON (a Buffer, a Date).
 */
function plainJson(v: unknown): boolean {
  switch (typeof v) {
    case "string":
      return !hasControl(v);
    case "number":
    case "boolean":
      return true;
    case "object": {
      if (v === null) return true;
      if (Array.isArray(v)) return v.every(plainJson);
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      // for…in: a plain object inherits no enumerable keys, and it allocates no entry arrays.
      for (const k in v) {
        const item = (v as Record<string, unknown>)[k];
        if (hasControl(k) || (item !== undefined && !plainJson(item))) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * JSON as iproute2's json_writer.c writes it: compact, or with -p its own layout (4-space indent,
 * `"key": value`, array items on one line: `[ "UP","LOWER_UP" ]`, `[ {` … `} ]`), and a newline.
 */
export function ipJsonText(value: unknown, pretty: boolean): string {
  // Compact JSON of plain values is JSON.stringify's, which is native: a 1,000-link dump spent
  // a tenth of its time writing it key by key below.
  if (!pretty && plainJson(value)) return `${JSON.stringify(value)}\n`;
  let out = "";
  let depth = 0;
  let sep = false; // json_writer's sep: a value came before at this level
  const eol = () => {
    if (pretty) out += `\n${"    ".repeat(depth)}`;
  };
  const eor = () => {
    if (sep) out += ",";
    sep = true;
  };
  const write = (v: unknown): void => {
    if (v instanceof RawJson) {
      eor();
      out += v.raw;
    } else if (Array.isArray(v)) {
      eor();
      out += pretty ? "[ " : "[";
      depth++;
      sep = false;
      for (const item of v) write(item);
      if (pretty && sep) out += " ";
      depth--;
      out += "]";
      sep = true;
    } else if (v !== null && typeof v === "object") {
      eor();
      out += "{";
      depth++;
      sep = false;
      for (const [k, item] of Object.entries(v)) {
        if (item === undefined) continue;
        eor();
        eol();
        sep = false;
        out += `${ipString(k)}:${pretty ? " " : ""}`;
        write(item);
      }
      depth--;
      if (sep) eol();
      out += "}";
      sep = true;
    } else {
      eor();
      out += typeof v === "string" ? ipString(v) : typeof v === "bigint" ? v.toString() : JSON.stringify(v ?? null);
    }
  };
  write(value);
  return `${out}\n`;
}
