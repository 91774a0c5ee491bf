// Concurrency on a SIMULATED SR-IOV host (sysfs tree + real veth VF netdevs): parallel allocate
// and release calls never hand one VF out twice, whatever the interleaving.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Allocation, Sysfs, VfPool } from "@underlay/sriov";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { type SimulatedHost, simulatedHost } from "./support/simulated-host.js";

let s: Scratch;
let sim: SimulatedHost;
beforeAll(() => {
  if (!IS_ROOT) return;
  s = scratchNetns();
  sim = simulatedHost({ pf: "simpf0", total: 32, numVfs: 32, h: s.h });
});
afterAll(() => {
  sim?.dispose();
  s?.dispose();
});
beforeEach((ctx) => ctx.skip(!IS_ROOT, NOT_ROOT_REASON));

function withPool<T>(fn: (pool: () => VfPool) => Promise<T>): Promise<T> {
  const stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
  const pool = () => new VfPool({ pf: sim.pf, stateDir, sysfs: new Sysfs(sim.root), handle: s.h });
  return fn(pool).finally(() => rmSync(stateDir, { recursive: true, force: true }));
}

describe("simulated: concurrency", () => {
  it("64 concurrent allocations on a 32-VF pool: exactly 32 succeed, the rest say the pool is full", () =>
    withPool(async (pool) => {
      // Separate pool objects, as separate requests would have: the lock is per PF, not per object.
      const results = await Promise.allSettled(Array.from({ length: 64 }, (_, i) => pool().allocate({ owner: `ep${i}` })));
      const ok = results.filter((r): r is PromiseFulfilledResult<Allocation> => r.status === "fulfilled").map((r) => r.value);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
      expect(ok).toHaveLength(32);
      expect(new Set(ok.map((a) => a.vf)).size).toBe(32);
      expect(failed).toHaveLength(32);
      for (const e of failed) {
        expect(e).toMatchObject({ code: "POOL_EXHAUSTED", pf: "simpf0" });
        expect(e.message).toContain("32/32 VFs in use");
        expect(e.message).toContain("simpf0");
      }
      expect(pool().list()).toHaveLength(32);
    }));

  it("random interleavings of allocate and release never hand one VF out twice (property)", async () => {
    type Cmd = { op: "alloc"; index?: number } | { op: "release"; pick: number };
    const cmd = fc.oneof(
      fc.record({ op: fc.constant("alloc" as const), index: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }) }),
      fc.record({ op: fc.constant("release" as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cmd, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), (batches) =>
        withPool(async (pool) => {
          const held = new Map<string, Allocation>();
          for (const batch of batches) {
            // Each batch runs concurrently; batches run one after another.
            const snapshot = [...held.values()];
            await Promise.allSettled(
              batch.map(async (c: Cmd) => {
                if (c.op === "alloc") {
                  const a = await pool().allocate({ owner: "p", ...(c.index === undefined ? {} : { index: c.index }) });
                  held.set(a.id, a);
                } else if (snapshot.length) {
                  const a = snapshot[c.pick % snapshot.length] as Allocation;
                  if (held.delete(a.id)) await pool().release(a.id);
                }
              }),
            );
            const live = pool().list();
            expect(new Set(live.map((a) => a.vfPci)).size).toBe(live.length);
            expect(live.map((a) => a.id).sort()).toEqual([...held.keys()].sort());
          }
        }),
      ),
      { numRuns: 40 },
    );
  });
});
