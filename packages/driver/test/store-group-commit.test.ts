// The driver's records written by group commit (DriverStore over @underlay/state's GroupCommit):
// changes made in one turn share one write; a change's promise resolves only once the file holds
// it; a synchronous write-ahead record is never overtaken by an older write in flight; a failed
// write puts memory back to what the file holds. Read back from the file and the write counter.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DriverStore, type EndpointRecord } from "../src/store.js";

let dir: string;
const NET = "n".repeat(64);
const ep = (i: number, extra: Partial<EndpointRecord> = {}): EndpointRecord => ({
  id: `e${i}x`.padEnd(64, "0"),
  networkId: NET,
  ...extra,
});
const onDisk = (): { networks: { id: string }[]; endpoints: EndpointRecord[] } =>
  JSON.parse(readFileSync(join(dir, "driver-state.json"), "utf8"));
const idsOnDisk = () => onDisk().endpoints.map((e) => e.id);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ulstore-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("DriverStore group commit", () => {
  it("changes made in one turn share one write, and each resolves with its record in the file", async () => {
    const s = new DriverStore(dir);
    const inFile: boolean[] = [];
    const all = Array.from({ length: 20 }, (_, i) =>
      s.putEndpoint(ep(i)).then(() => inFile.push(idsOnDisk().includes(ep(i).id))),
    );
    expect(s.endpointsOf(NET)).toHaveLength(20); // readers see them at once
    await Promise.all(all);
    expect(s.writes).toBe(1);
    expect(inFile).toEqual(Array(20).fill(true));
    expect(new DriverStore(dir).endpointsOf(NET).map((e) => e.id)).toEqual(s.endpointsOf(NET).map((e) => e.id));
  });

  it("a change made while a write is in flight goes into the next write, which lands after it", async () => {
    const s = new DriverStore(dir);
    const first = s.putEndpoint(ep(1));
    await new Promise((r) => setImmediate(r)); // the first write has begun
    const second = s.dropEndpoint(ep(1).id);
    const third = s.putEndpoint(ep(2));
    await first;
    await Promise.all([second, third]);
    expect(s.writes).toBe(2);
    expect(idsOnDisk()).toEqual([ep(2).id]);
  });

  it("a synchronous write-ahead record is on disk at once, and an older write in flight does not land over it", async () => {
    const s = new DriverStore(dir);
    const first = s.putEndpoint(ep(1));
    await new Promise((r) => setImmediate(r)); // its snapshot (ep 1 only) is being written
    s.putEndpointNow(ep(2, { link: "ul2" }));
    expect(idsOnDisk()).toEqual([ep(1).id, ep(2).id]);
    await first;
    expect(onDisk().endpoints).toEqual([ep(1), ep(2, { link: "ul2" })]);
    expect(s.writes).toBe(1); // the older one was dropped, not renamed over the newer
    await s.putEndpoint(ep(3));
    expect(onDisk().endpoints).toEqual([ep(1), ep(2, { link: "ul2" }), ep(3)]);
  });

  it("a failed write refuses the change and puts memory back to what the file holds", async () => {
    const s = new DriverStore(dir);
    await s.putEndpoint(ep(1));
    // A folder where the file goes: the rename over it fails.
    const path = join(dir, "driver-state.json");
    rmSync(path);
    mkdirSync(join(path, "x"), { recursive: true });
    await expect(s.putEndpoint(ep(2))).rejects.toThrow();
    expect(s.endpointsOf(NET).map((e) => e.id)).toEqual([ep(1).id]);
    rmSync(path, { recursive: true });
    await s.putEndpoint(ep(3));
    expect(idsOnDisk()).toEqual([ep(1).id, ep(3).id]);
  });
});
