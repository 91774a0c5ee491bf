// The contract every link kind driver fulfils (`ip link add ... type KIND ...`).
import { ValidationError } from "../../wire/errors.js";
import type { FieldMap, Schema } from "../../wire/schema.js";

export interface LinkKind<O> {
  /** IFLA_INFO_KIND, e.g. "macvlan". */
  readonly kind: string;
  /** IFLA_INFO_DATA schema, when the kind has one. */
  readonly data?: Schema<FieldMap>;
  /** True when the kind needs a parent link (IFLA_LINK). */
  readonly needsParent: boolean;
  /** Validates the kind's options and returns IFLA_INFO_DATA, or undefined for none. Throws ValidationError. */
  /**
   * IFLA_INFO_DATA fields that name another link (vxlan's IFLA_VXLAN_LINK), by name or ifindex:
   * linkAdd resolves each to its ifindex and sets the field.
   */
  linkRefs?(options: O): Record<string, string | number>;
  infoData(options: O): Record<string, unknown> | undefined;
}

/** Looks a name up in a table of allowed values, or throws naming them all. */
export function pick<T>(what: string, table: Record<string, T>, value: string): T {
  const hit = Object.hasOwn(table, value) ? table[value] : undefined;
  if (hit === undefined) {
    throw new ValidationError(`invalid ${what} ${JSON.stringify(value)}: allowed values are ${Object.keys(table).join(", ")}`);
  }
  return hit;
}
