// The state file's fast checks (store-schema.ts) against its zod schemas: a record the fast check
// takes is one zod accepts and returns unchanged; every valid endpoint takes the fast path; and a
// bad record still fails with zod's message, under its place in the file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DriverStore } from "../src/store.js";
import { endpointSchema, isExactEndpoint, isExactNetwork, networkSchema } from "../src/store-schema.js";

const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,64}$/), fc.string(), fc.constant(""), fc.integer());
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(fc.oneof(a, fc.integer(), fc.constant(null)), { nil: undefined });
const extra = fc.dictionary(fc.constantFrom("x", "__proto__", "pool", "mode", "id"), fc.jsonValue(), { maxKeys: 1 });
const ipam = fc.oneof(fc.record({ pool: fc.string(), gateway: maybe(fc.string()) }, { requiredKeys: ["pool"] }), extra);
const network = fc
  .oneof(
    fc.record(
      {
        id,
        options: fc.oneof(
          fc.record({
            mode: fc.constantFrom("macvlan", "ipvlan", "sriov", "passthrough", "bridge"),
            parent: fc.string(),
            prefix: maybe(fc.string()),
          }),
          fc.jsonValue(),
        ),
        internal: fc.oneof(fc.boolean(), fc.constant(0)),
        ipv4: fc.oneof(fc.array(ipam, { maxLength: 2 }), fc.constant({})),
        ipv6: fc.array(ipam, { maxLength: 2 }),
        createdParent: maybe(fc.string()),
      },
      { requiredKeys: ["id", "options", "internal", "ipv4", "ipv6"] },
    ),
    fc.jsonValue(),
  )
  .chain((n) => extra.map((x) => (typeof n === "object" && n && !Array.isArray(n) ? { ...x, ...n } : n)));
const endpoint = fc.oneof(
  fc.record(
    {
      id,
      networkId: id,
      link: maybe(fc.string()),
      srcName: maybe(fc.string()),
      ifindex: fc.option(fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 60), fc.string()), { nil: undefined }),
      allocation: maybe(fc.string()),
      sandboxKey: maybe(fc.string()),
      joined: fc.option(fc.boolean(), { nil: undefined }),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
// JSON has no undefined: a record as the file would hold it.
const asRead = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));

describe("the state file's fast checks", () => {
  it.each([
    ["network", network, networkSchema, isExactNetwork],
    ["endpoint", endpoint, endpointSchema, isExactEndpoint],
  ] as const)("%s: what the fast check takes, zod accepts unchanged", (_, arb, schema, exact) => {
    fc.assert(
      fc.property(arb, (raw) => {
        const v = asRead(raw);
        const r = schema.safeParse(v);
        if (exact(v)) expect(r).toEqual({ success: true, data: v });
        else if (schema === endpointSchema) expect(r.success).toBe(false); // a looseObject changes nothing: all valid ones are fast
      }),
      { numRuns: 3000 },
    );
  });

  it("a bad record is named as zod names it, under its place in the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ul-store-schema-"));
    try {
      const write = (endpoints: unknown[]) =>
        writeFileSync(join(dir, "driver-state.json"), JSON.stringify({ version: 2, networks: [], endpoints }));
      write([
        { id: "a", networkId: "n" },
        { id: "a b", networkId: "n" },
      ]);
      expect(() => new DriverStore(dir)).toThrow("(endpoints.1.id: an id of 1-64 letters and digits)");
      write([{ id: "a", networkId: "n", ifindex: 1.5 }]);
      expect(() => new DriverStore(dir)).toThrow("(endpoints.0.ifindex: Invalid input: expected int, received number)");
      write([{ id: "a", networkId: "n", joined: true }]);
      expect(new DriverStore(dir).endpointsOf("n")).toEqual([{ id: "a", networkId: "n", joined: true }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
