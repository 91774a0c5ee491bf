// Types for score.mjs.
import type { LineResult, Verdict } from "./run-corpus.mjs";
export function scoreLine(v: Verdict): string;
export function missTable(
  rows: LineResult[],
  lists: { deliberate: Record<string, string>; notYet: Record<string, string> },
): string;
export function shortDiff(ip: string, ul: string, context?: number): string;
export function explain(r: LineResult): string;
export function whatDiffers(r: LineResult): string;
