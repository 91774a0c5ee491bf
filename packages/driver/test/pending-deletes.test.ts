// pending-deletes.json written by group commit (PendingDeletes over @underlay/state's GroupCommit):
// records made in one turn share one write; a record's promise resolves only once the file holds
// it (DeleteEndpoint renames the link only then); forgetting goes the same way; a failed write
// refuses the change and puts memory back to what the file holds. Read back from the file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PENDING_DELETES_FILE, type PendingDelete, PendingDeletes } from "../src/pending-deletes.js";

let dir: string;
const link = (i: number): PendingDelete => ({ ifindex: i, name: `ul_${i}`, was: `ul${i}`, kind: "macvlan", bootId: "b" });
const onDisk = (): number[] =>
  JSON.parse(readFileSync(join(dir, PENDING_DELETES_FILE), "utf8")).links.map((l: PendingDelete) => l.ifindex);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ulpending-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("PendingDeletes by group commit", () => {
  it("records made in one turn share one write, and each resolves with its record in the file", async () => {
    const p = new PendingDeletes(dir);
    const inFile: boolean[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => p.add(link(i + 1)).then(() => inFile.push(onDisk().includes(i + 1)))));
    expect(p.writes).toBe(1);
    expect(inFile).toEqual(Array(20).fill(true));
    expect(new PendingDeletes(dir).list()).toEqual(p.list()); // what a restart finds
  });

  it("a record made while a write is in flight goes into the next one; forgetting is written the same way", async () => {
    const p = new PendingDeletes(dir);
    const first = p.add(link(1));
    await new Promise((r) => setImmediate(r)); // the first write has begun
    const second = p.add(link(2));
    await first;
    await second;
    expect(p.writes).toBe(2);
    expect(onDisk()).toEqual([1, 2]);
    await Promise.all([p.forget([1]), p.forget([7])]); // one that is not there changes nothing
    expect(onDisk()).toEqual([2]);
    expect(p.writes).toBe(3);
  });

  it("a failed write refuses the record and puts memory back to what the file holds", async () => {
    const p = new PendingDeletes(dir);
    await p.add(link(1));
    // A folder where the file goes: the rename over it fails.
    const path = join(dir, PENDING_DELETES_FILE);
    rmSync(path);
    mkdirSync(join(path, "x"), { recursive: true });
    await expect(p.add(link(2))).rejects.toThrow();
    expect(p.list().map((l) => l.ifindex)).toEqual([1]);
    rmSync(path, { recursive: true });
    await p.add(link(3));
    expect(onDisk()).toEqual([1, 3]);
  });
});
