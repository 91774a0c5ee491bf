// A state file written by group commit. Every change made during one turn of the event loop goes
// out in ONE atomic write (temporary file, fsync, rename, fsync of the folder), and the fsyncs run
// on libuv's threadpool: the main thread, which serves every request, never waits for the disk.
// A caller whose change must be durable before it answers awaits commit(); readers see the
// holder's memory at once. One write is in flight at a time and changes made meanwhile go into
// the next, so a later state never lands before an earlier one.
//
// A synchronous caller that needs its record on disk before its very next step (a write-ahead
// record) uses writeNow(): it writes the whole current state at once. A write in flight is then
// older than what landed: it does not rename (which would put older content back), and its
// waiters are satisfied, their changes being in what landed.
//
// A failed write leaves memory and disk agreeing, as a failed synchronous write did: the holder
// is told to go back to what last landed (restore), and every change since is refused to whoever
// waits for it.
import { renameSync } from "node:fs";
import { mkdir, open, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { jsonText, tempPathFor, writeJsonAtomic } from "./atomic-json.js";

export interface GroupCommitOptions<S> {
  path: string;
  /** What the file holds now (as read at start): restore goes back to it until a write lands. */
  initial: S;
  /** The holder's whole current state, as it is to be written. */
  snapshot(): S;
  /** Puts the holder's memory back to `landed`, the content of the file, after a failed write. */
  restore(landed: S): void;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

export class GroupCommit<S> {
  /** Writes that reached the file (a test reads it to see that changes share writes). */
  writes = 0;
  private queued: Waiter[] = [];
  private flushing = false;
  /** Each write, asynchronous or not, takes the next generation when it begins. */
  private begun = 0;
  /** The generation that last reached the file, and what it held. */
  private landed = 0;
  private landedState: S;
  /** Generations up to this one must not land: a newer write failed and memory went back. */
  private abandoned = 0;
  private folder: Promise<unknown> | undefined;

  constructor(private readonly o: GroupCommitOptions<S>) {
    this.landedState = o.initial;
  }

  /** Resolves once a write that began after this call is durable (or a newer one is). */
  commit(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ resolve, reject });
      if (this.queued.length === 1 && !this.flushing) setImmediate(() => void this.flush());
    });
  }

  /** Writes the current state now, synchronously: every change so far is durable when it returns. */
  writeNow(): void {
    const gen = ++this.begun;
    const state = this.o.snapshot();
    try {
      writeJsonAtomic(this.o.path, state);
    } catch (e) {
      this.abandoned = gen; // a write in flight holds changes that memory no longer has
      this.fail(e, []);
      throw e;
    }
    this.landedAs(gen, state);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    const group = this.queued;
    this.queued = [];
    const gen = ++this.begun;
    const state = this.o.snapshot();
    try {
      // The folder once (a fresh state folder may not have it yet); not again on every write.
      this.folder ??= mkdir(dirname(this.o.path), { recursive: true, mode: 0o700 }).catch((e) => {
        this.folder = undefined; // tried again by the next write
        throw e;
      });
      await this.folder;
      const tmp = await writeTemp(this.o.path, jsonText(state));
      if (gen < this.landed || gen <= this.abandoned) {
        void unlink(tmp).catch(() => undefined);
        if (gen <= this.abandoned) throw new Error(`${this.o.path}: a newer write failed; this one was abandoned`);
      } else {
        // The commit point, on the main thread: no synchronous write can come between the check and it.
        renameOrRemove(tmp, this.o.path);
        this.landedAs(gen, state);
        await fsyncFolder(dirname(this.o.path));
      }
      for (const w of group) w.resolve();
    } catch (e) {
      if (gen < this.landed && gen > this.abandoned) for (const w of group) w.resolve();
      else this.fail(e, group);
    } finally {
      this.flushing = false;
      if (this.queued.length) setImmediate(() => void this.flush());
    }
  }

  private landedAs(gen: number, state: S): void {
    this.landed = gen;
    this.landedState = state;
    this.writes++;
  }

  /** Memory back to the file; whoever waits for a change that is not in it is refused. */
  private fail(e: unknown, group: Waiter[]): void {
    const refused = [...group, ...this.queued];
    this.queued = [];
    this.o.restore(this.landedState);
    for (const w of refused) w.reject(e);
  }
}

/** The temporary file, written and fsync'd on the threadpool. */
async function writeTemp(path: string, text: string): Promise<string> {
  const tmp = tempPathFor(path);
  const f = await open(tmp, "w", 0o600);
  try {
    await f.writeFile(text);
    await f.sync();
  } catch (e) {
    await f.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await f.close();
  return tmp;
}

function renameOrRemove(tmp: string, path: string): void {
  try {
    renameSync(tmp, path);
  } catch (e) {
    void unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** The rename is durable once the folder is. */
async function fsyncFolder(dir: string): Promise<void> {
  const d = await open(dir, "r");
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
