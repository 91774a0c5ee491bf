// Links set aside to be deleted in the background (host-wide, for every driver name). Each is
// written down before it is renamed, so that a crash leaves a record and the next start finishes
// the delete; it is forgotten once the link is gone. Written by group commit, as driver-state.json
// is (GroupCommit): every change of one event-loop turn goes out in one atomic write whose fsyncs
// run on the threadpool, and a change's promise resolves only once the file holds it.
import { join } from "node:path";
import { GroupCommit, readJson } from "@underlay/state";
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
  /** Replaced, never changed in place: a snapshot being written stays what it was. */
  private links: PendingDelete[];
  private readonly file: GroupCommit<State>;

  constructor(stateRoot: string) {
    const path = join(stateRoot, PENDING_DELETES_FILE);
    const initial = readJson<State>(path, { version: 1, links: [] }, schema);
    this.links = initial.links;
    this.file = new GroupCommit<State>({
      path,
      initial,
      snapshot: () => ({ version: 1, links: this.links }),
      restore: (landed) => {
        this.links = landed.links;
      },
    });
  }

  /** Writes that reached the file since it was opened (a test counts them). */
  get writes(): number {
    return this.file.writes;
  }

  list(): PendingDelete[] {
    return [...this.links];
  }

  /** Records a link about to be set aside; resolves once the record is on disk. */
  add(link: PendingDelete): Promise<void> {
    this.links = [...this.links.filter((l) => l.ifindex !== link.ifindex), link];
    return this.file.commit();
  }

  /** Forgets links that are gone. */
  forget(ifindexes: Iterable<number>): Promise<void> {
    const gone = new Set(ifindexes);
    const left = this.links.filter((l) => !gone.has(l.ifindex));
    if (left.length === this.links.length) return Promise.resolve();
    this.links = left;
    return this.file.commit();
  }
}
