// Everything the CLI prints to stdout: JSON (serialised, never by hand) and aligned tables, with
// colour only when it is wanted (a TTY, or --color always) and never inside JSON.
import { styleText } from "node:util";

export type Style = Parameters<typeof styleText>[0];
/** A table cell: plain text, or text with the style it gets on a colour terminal. */
export type Cell = string | { text: string; style: Style };

export const COLOR_WHEN = ["auto", "always", "never"] as const;
export type ColorWhen = (typeof COLOR_WHEN)[number];

export interface Output {
  json: boolean;
  pretty: boolean;
  color: boolean;
  write(text: string): void;
}

/** auto: colour on a terminal, unless NO_COLOR is set or TERM is dumb (as ip -c=auto and most tools do). */
export function wantColor(when: ColorWhen, isTty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (when !== "auto") return when === "always";
  return isTty && !env.NO_COLOR && env.TERM !== "dumb";
}

/** JSON text: Buffers (raw attributes) as `{ "hex": … }`, bigints (GUIDs, counters) as decimal strings. */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, k, v) {
      const raw = this[k];
      if (Buffer.isBuffer(raw)) return { hex: raw.toString("hex") };
      return typeof v === "bigint" ? v.toString() : v;
    },
    indent,
  );
}

export function printJson(out: Output, value: unknown): void {
  out.write(`${jsonText(value, out.pretty ? 2 : undefined)}\n`);
}

const textOf = (c: Cell) => (typeof c === "string" ? c : c.text);

/**
 * Aligned columns; styles are applied after padding so escape codes never skew the widths.
 * `below(i)` gives indented lines to print under row i (a link's VFs), outside the columns.
 */
export function printTable(out: Output, rows: Cell[][], header?: string[], below?: (row: number) => string[]): void {
  const all: Cell[][] = header ? [header.map((text) => ({ text, style: "bold" as Style })), ...rows] : rows;
  const widths = all.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, textOf(c).length)), []);
  for (const [n, r] of all.entries()) {
    const cells = r.map((c, i) => {
      const text = i === r.length - 1 ? textOf(c) : textOf(c).padEnd(widths[i] ?? 0);
      return typeof c === "string" || !out.color ? text : styleText(c.style, text, { validateStream: false });
    });
    out.write(`${cells.join("  ").trimEnd()}\n`);
    const row = header ? n - 1 : n;
    for (const line of row >= 0 && below ? below(row) : []) out.write(`    ${line}\n`);
  }
}

/** The colours `ip -c` uses, by what a value is. */
export const STYLE = {
  ifname: "cyan",
  mac: "yellow",
  inet: "magenta",
  inet6: "blue",
  up: "green",
  down: "red",
} as const satisfies Record<string, Style>;

export const styled = (text: string, style: Style): Cell => ({ text, style });
