// Shared and exclusive holds per key: the endpoint calls of one network share it, so they run in
// parallel, while deleting the network holds it alone and waits for them (and they for it).
import { KeyedMutex } from "./keyed-mutex.js";

interface Holds {
  shared: number;
  drained: Promise<void>;
  wake: () => void;
}

export class KeyedRwLock {
  private readonly writers = new KeyedMutex();
  private readonly holds = new Map<string, Holds>();

  /** Runs `fn` alongside other shared holders of `key`, never alongside an exclusive one. */
  async shared<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    // Passing through the writers' queue orders us after any exclusive holder already waiting.
    await this.writers.run(key, () => this.enter(key));
    try {
      return await fn();
    } finally {
      this.leave(key);
    }
  }

  /** Runs `fn` once no shared holder of `key` is left, keeping new ones out until it is done. */
  exclusive<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    return this.writers.run(key, async () => {
      await this.holds.get(key)?.drained;
      return fn();
    });
  }

  private enter(key: string): void {
    let h = this.holds.get(key);
    if (!h) {
      let wake = () => {};
      const drained = new Promise<void>((r) => {
        wake = r;
      });
      h = { shared: 0, drained, wake };
      this.holds.set(key, h);
    }
    h.shared++;
  }

  private leave(key: string): void {
    const h = this.holds.get(key);
    if (!h || --h.shared > 0) return;
    this.holds.delete(key);
    h.wake();
  }
}
