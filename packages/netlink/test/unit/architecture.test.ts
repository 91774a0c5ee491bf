// The layering rules, checked on the source: the codec loads no native code, koffi is imported
// in exactly one file, and nothing in the library spawns processes.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../src");
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(SRC, f));
const importsOf = (f: string) =>
  [...readFileSync(f, "utf8").matchAll(/^(?:import|export)[^"']*["']([^"']+)["']/gm)].map((m) => m[1] as string);
const rel = (f: string) => relative(SRC, f);

describe("layering", () => {
  it("koffi is imported by transport/ffi.ts only", () => {
    expect(files.filter((f) => importsOf(f).includes("koffi")).map(rel)).toEqual(["transport/ffi.ts"]);
  });
  it("the codec (wire/, rtnl/, packet/, codec.ts) imports nothing from transport/ or ops/", () => {
    const codec = files.filter((f) => /^(wire|rtnl|packet)\//.test(rel(f)) || rel(f) === "codec.ts");
    expect(codec.length).toBeGreaterThan(15);
    for (const f of codec)
      expect(
        importsOf(f).filter((i) => /transport|ops\/|koffi/.test(i)),
        rel(f),
      ).toEqual([]);
  });
  it("operations (ops/) take only types from transport/: they do no I/O", () => {
    for (const f of files.filter((f) => rel(f).startsWith("ops/"))) {
      const valueImports = [...readFileSync(f, "utf8").matchAll(/^import (?!type )[^"']*["']([^"']+)["']/gm)];
      expect(
        valueImports.map((m) => m[1]).filter((i) => /transport\//.test(i as string)),
        rel(f),
      ).toEqual([]);
    }
  });
  it("no child_process anywhere in the library", () => {
    for (const f of files) expect(readFileSync(f, "utf8"), rel(f)).not.toMatch(/child_process/);
  });
  it("files stay small", () => {
    for (const f of files) expect(readFileSync(f, "utf8").split("\n").length, rel(f)).toBeLessThan(400);
  });
});
