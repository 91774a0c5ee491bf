// Cleanup that must not stop at the first thing already gone.
export function quietly(step: () => unknown): void {
  try {
    step();
  } catch {}
}
