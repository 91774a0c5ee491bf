// Types for corpus.mjs.
export const HERE: string;
export function loadCorpus(): { line: string; words: string[]; writes: boolean }[];
export function loadFixture(): ({ shell: string } | { batch: string })[];
export function loadLists(): { deliberate: Record<string, string>; notYet: Record<string, string> };
export function writeNotYet(notYet: Record<string, string>): void;
