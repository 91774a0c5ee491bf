// What a driver-state.json must hold, checked when it is read. zod costs ~15 µs a record before
// its code warms up: a fifth of a second at start with 10,000 endpoints. So each record is first
// checked by a plain function that accepts exactly what its schema accepts and returns unchanged
// (no key the schema would strip); only a record it refuses goes through zod, which strips, or
// names what is wrong. test/store-schema.test.ts checks that the two agree on generated records.
import { z } from "zod";
import { DRIVER_MODES } from "./driver-modes.js";
import { fromVersion1 } from "./store-migration.js";

const ID = /^[A-Za-z0-9]{1,64}$/;
const id = z.string().regex(ID, "an id of 1-64 letters and digits");
const ipam = z.object({ pool: z.string(), gateway: z.string().optional() });
export const networkSchema = z.object({
  id,
  options: z.looseObject({ mode: z.enum(DRIVER_MODES), parent: z.string(), prefix: z.string() }),
  internal: z.boolean(),
  ipv4: z.array(ipam),
  ipv6: z.array(ipam),
  createdParent: z.string().optional(),
});
export const endpointSchema = z.looseObject({
  id,
  networkId: id,
  link: z.string().optional(),
  srcName: z.string().optional(),
  ifindex: z.number().int().optional(),
  allocation: z.string().optional(),
});

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isId = (v: unknown) => isString(v) && ID.test(v);
const optional = (v: unknown, is: (v: unknown) => boolean) => v === undefined || is(v);
/** No key but these (z.object would strip the others: zod must make that copy). */
const onlyKeys = (o: Json, keys: Set<string>) => Object.keys(o).every((k) => keys.has(k));
const MODES = new Set<unknown>(DRIVER_MODES);
const IPAM_KEYS = new Set(["pool", "gateway"]);
const NETWORK_KEYS = new Set(["id", "options", "internal", "ipv4", "ipv6", "createdParent"]);

const isIpam = (v: unknown) => isObject(v) && onlyKeys(v, IPAM_KEYS) && isString(v.pool) && optional(v.gateway, isString);

export function isExactNetwork(v: unknown): boolean {
  if (!isObject(v) || !onlyKeys(v, NETWORK_KEYS) || !isId(v.id) || typeof v.internal !== "boolean") return false;
  const o = v.options;
  if (!isObject(o) || !MODES.has(o.mode) || !isString(o.parent) || !isString(o.prefix)) return false;
  return (
    Array.isArray(v.ipv4) &&
    v.ipv4.every(isIpam) &&
    Array.isArray(v.ipv6) &&
    v.ipv6.every(isIpam) &&
    optional(v.createdParent, isString)
  );
}

export function isExactEndpoint(v: unknown): boolean {
  return (
    isObject(v) &&
    isId(v.id) &&
    isId(v.networkId) &&
    optional(v.link, isString) &&
    optional(v.srcName, isString) &&
    optional(v.ifindex, Number.isSafeInteger) &&
    optional(v.allocation, isString)
  );
}

/** An array of `schema`: each item as read when `exact` takes it, else as zod parses it (or its issues, under its index). */
function records<T>(schema: z.ZodType<T>, exact: (v: unknown) => boolean) {
  return z.array(z.unknown()).transform((items, ctx) =>
    items.map((v, i) => {
      if (exact(v)) return v as T;
      const r = schema.safeParse(v);
      if (r.success) return r.data;
      for (const issue of r.error.issues)
        ctx.issues.push({ ...issue, path: [i, ...issue.path], input: v } as (typeof ctx.issues)[number]);
      return z.NEVER;
    }),
  );
}

export const stateSchema = z.preprocess(
  fromVersion1,
  z.object({
    version: z.literal(2),
    networks: records(networkSchema, isExactNetwork),
    endpoints: records(endpointSchema, isExactEndpoint),
  }),
);
