// The value parsers every mode's options use: each error names the key and the allowed values.
import type { DriverMode } from "./driver-modes.js";

export class OptionError extends Error {
  override readonly name = "OptionError";
}

/** The options every mode has. */
export interface CommonOptions {
  mode: DriverMode;
  /** The parent link (macvlan/ipvlan), the PF (sriov) or the whole netdev (passthrough); "" = none. */
  parent: string;
  /** Interface name prefix inside the container (default eth). */
  prefix: string;
  mtu?: number;
}

/** The `-o key=value` pairs of one network, as strings. */
export type RawOptions = Record<string, string>;

/** What a mode declares about its own options: their keys, and how to read them. */
export interface ModeOptionSpec<T> {
  keys: readonly string[];
  parse(o: RawOptions, common: CommonOptions): T;
}

/** The keys of a constant table, as the allowed values of an option. */
export const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];

export function oneOf<T extends string>(key: string, allowed: readonly T[], value: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(`invalid ${key} ${JSON.stringify(value)}: allowed values are ${allowed.join(", ")}`);
}

export function integer(key: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new OptionError(`invalid ${key} ${JSON.stringify(value)}: allowed values are ${min}-${max}`);
  }
  return Number(value);
}

const BOOLEANS: Record<string, boolean> = {
  "1": true,
  "0": false,
  true: true,
  false: false,
  on: true,
  off: false,
  yes: true,
  no: false,
};

export function bool(key: string, value: string): boolean {
  const v = Object.hasOwn(BOOLEANS, value.toLowerCase()) ? BOOLEANS[value.toLowerCase()] : undefined;
  if (v === undefined)
    throw new OptionError(`invalid ${key} ${JSON.stringify(value)}: allowed values are 1, 0, true, false, on, off`);
  return v;
}
