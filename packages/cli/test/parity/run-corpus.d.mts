// Types for run-corpus.mjs (plain JS so report.mjs runs under node without a build).
export interface Output {
  code: number;
  stdout: string;
  stderr: string;
}
export interface LineResult {
  line: string;
  words: string[];
  writes: boolean;
  ip: Output;
  ul: Output;
  misses: string[];
  states?: { ip: Record<string, string>; ul: Record<string, string> };
}
export interface Verdict {
  total: number;
  passed: number;
  misses: LineResult[];
  deliberate: LineResult[];
  notYet: LineResult[];
  unlisted: LineResult[];
  fixed: string[];
  stale: string[];
}
export function runCorpus(o?: { filter?: RegExp; concurrency?: number }): Promise<{
  results: LineResult[];
  notes: string[];
  seconds: number;
}>;
export function judge(results: LineResult[]): Verdict;
