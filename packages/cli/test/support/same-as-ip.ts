// The parity check of a show line: underlay prints what ip prints, exits with ip's code, and
// writes to stderr when ip does (the words may differ: ours name the allowed values).
import { expect } from "vitest";
import { both } from "./ip-side-by-side.js";

export async function expectSameAsIp(ns: string, line: string): Promise<void> {
  const r = await both(ns, line);
  expect(r.underlay.stdout, line).toBe(r.ip.stdout);
  expect(r.underlay.code, line).toBe(r.ip.code);
  expect(Boolean(r.underlay.stderr), `${line}: stderr ${r.underlay.stderr}`).toBe(Boolean(r.ip.stderr));
}
