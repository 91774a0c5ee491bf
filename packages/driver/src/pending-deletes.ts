// Links set aside to be deleted in the background (host-wide, for every driver name). Each is
// written down before it is renamed, so that a crash leaves a record and the next start finishes
// the delete; it is forgotten once the link is gone. Concurrent calls share one write: every
// change made in one turn of the event loop is committed by one atomic, fsync'd write.
import { join } from "node:path";
import { readJson, writeJsonAtomic } from "@underlay/state";
import { z } from "zod";

export interface PendingDelete {
  ifindex: number;
  /** The name it was set aside under (`ul_IFINDEX`). */
  name: string;
  /** Its name before, which it keeps if the crash came before the rename. */
  was: string;
  kind: "macvlan" | "ipvlan";
  /** The boot the ifindex belongs to: after a reboot the link is gone anyway. */
  bootId: string;
}

const schema = z.object({
  version: z.literal(1),
  links: z.array(
    z.object({
      ifindex: z.number().int(),
      name: z.string(),
      was: z.string(),
      kind: z.enum(["macvlan", "ipvlan"]),
      bootId: z.string(),
    }),
  ),
});
type State = z.infer<typeof schema>;

export const PENDING_DELETES_FILE = "pending-deletes.json";

export class PendingDeletes {
  private readonly path: string;
  private links: PendingDelete[];
  /** What the file holds: a failed write falls back to it. */
  private durable: PendingDelete[];
  private waiting: { resolve(): void; reject(e: unknown): void }[] = [];

  constructor(stateRoot: string) {
    this.path = join(stateRoot, PENDING_DELETES_FILE);
    this.links = readJson<State>(this.path, { version: 1, links: [] }, schema).links;
    this.durable = this.links;
  }

  list(): PendingDelete[] {
    return [...this.links];
  }

  /** Records a link about to be set aside; resolves once the record is on disk. */
  add(link: PendingDelete): Promise<void> {
    this.links = [...this.links.filter((l) => l.ifindex !== link.ifindex), link];
    return this.commit();
  }

  /** Forgets links that are gone. */
  forget(ifindexes: Iterable<number>): Promise<void> {
    const gone = new Set(ifindexes);
    const left = this.links.filter((l) => !gone.has(l.ifindex));
    if (left.length === this.links.length) return Promise.resolve();
    this.links = left;
    return this.commit();
  }

  private commit(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    try {
      writeJsonAtomic(this.path, { version: 1, links: this.links } satisfies State);
      this.durable = this.links;
      for (const w of waiting) w.resolve();
    } catch (e) {
      this.links = this.durable;
      for (const w of waiting) w.reject(e);
    }
  }
}
