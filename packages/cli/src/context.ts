// Global options every command shares (-j, -p, -n NETNS), and the Handle they imply.
import { Handle } from "@underlay/netlink";

export interface GlobalOptions {
  json?: boolean;
  pretty?: boolean;
  netns?: string;
}

export function openHandle(g: GlobalOptions): Handle {
  return new Handle(g.netns ? { netns: { name: g.netns } } : {});
}

/** JSON is serialised, never printed by hand; -p indents it. */
export function printJson(g: GlobalOptions, value: unknown): void {
  process.stdout.write(
    `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), g.pretty ? 2 : undefined)}\n`,
  );
}

/** Aligned columns for humans. */
export function printTable(rows: string[][]): void {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  for (const r of rows)
    process.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}\n`);
}
