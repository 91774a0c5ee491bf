// Deferred deletes of endpoint links (macvlan, ipvlan). The kernel's delete of one such link costs
// ~20 ms, nearly all of it RCU waits, and holds the sending thread: done in DeleteEndpoint, it
// serialised every container stop. Instead DeleteEndpoint records the link (PendingDeletes), sets
// it aside in one cheap request (down, renamed `ul_IFINDEX`, a new MAC for macvlan, put in this
// process's link group) and answers. A thread of its own then deletes the whole group with one
// RTM_DELLINK: however many links wait, one batch shares one grace period (measured in
// BENCHMARKS.md against one delete per link and against a netns destroyed at once). A new
// endpoint never meets a link that waits: its name has an underscore no endpoint name has, its
// MAC is a new random one, and it is down. A restart finishes what a crash left (recover).
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type Handle, NetlinkError } from "@underlay/netlink";
import { faultPoint } from "@underlay/sriov";
import { linkSetAside, type ReapRequest, reapOp } from "./link-group.js";
import { type Logger, silentLogger } from "./logger.js";
import { type PendingDelete, PendingDeletes } from "./pending-deletes.js";
import { randomMac } from "./random-mac.js";

export interface ReaperOptions {
  /** A handle used only synchronously (HostResources.hs), opened when first needed. */
  h: () => Handle;
  stateDir: string;
  bootId: string;
  log?: Logger;
}

type Outcome = { code?: string; message?: string };

/** The least time between the starts of two batches (see schedule). */
export const BATCH_SPACING_MS = 200;

const errno = (e: unknown) => (e instanceof NetlinkError ? e.code : undefined);

/** The worker's module: beside this one once built; from the sources (tests), the built one. */
function workerFile(): string | undefined {
  return ["./link-reaper-worker.js", "../dist/link-reaper-worker.js"]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p));
}

export class LinkReaper {
  readonly records: PendingDeletes;
  /** This process's link group for links set aside: random, so that no other link is in it. */
  readonly group = 0x75000000 | randomInt(1, 0xffffff);
  private readonly log: Logger;
  /** Set aside and in the group: what the next batch deletes. */
  private readonly marked = new Set<number>();
  private running: Promise<void> | undefined;
  private again = false;
  /** When the last batch began, and the timer that starts the next one. */
  private lastBatch = 0;
  private timer: NodeJS.Timeout | undefined;
  /** null: no worker could be started (a bundle without it); requests then run on this thread. */
  private worker: Worker | null | undefined;
  private recovered = false;
  private held = false;

  constructor(private readonly o: ReaperOptions) {
    this.records = new PendingDeletes(o.stateDir);
    this.log = o.log ?? silentLogger();
  }

  /** Takes an endpoint's link out of the way and deletes it in the background. */
  async setAside(link: { index: number; name: string }, kind: PendingDelete["kind"]): Promise<void> {
    const rec: PendingDelete = { ifindex: link.index, name: `ul_${link.index}`, was: link.name, kind, bootId: this.o.bootId };
    await this.records.add(rec); // before the rename: a crash leaves a record naming both names
    faultPoint("link:aside:recorded");
    if (!this.mark(rec)) return this.records.forget([rec.ifindex]);
    faultPoint("link:aside:marked");
    this.schedule();
  }

  /** At start, before serving: finishes the deletes a crash (or a stop) left. Returns what it did. */
  async recover(): Promise<string[]> {
    if (this.recovered) return [];
    this.recovered = true;
    const done: string[] = [];
    const gone: number[] = [];
    for (const rec of this.records.list()) {
      try {
        const kept = rec.bootId === this.o.bootId && this.isOurs(rec) && this.mark(rec);
        if (!kept) gone.push(rec.ifindex);
        else done.push(`link ${rec.was} (ifindex ${rec.ifindex}): set aside for deletion before a restart: deleted`);
      } catch (e) {
        done.push(`link ${rec.was} (ifindex ${rec.ifindex}): cannot delete it yet: ${(e as Error).message}`);
      }
    }
    await this.records.forget(gone);
    await this.flush();
    return done;
  }

  /** Waits until every link set aside so far is deleted (DeleteNetwork: the parent may go next). */
  async flush(): Promise<void> {
    for (let round = 0; round < 2 && (this.marked.size || this.running); round++) {
      if (!this.running) this.schedule(true);
      await this.running;
    }
  }

  /** Holds background batches back until the returned function is called (tests: a link that waits). */
  hold(): () => void {
    this.held = true;
    return () => {
      this.held = false;
      this.schedule();
    };
  }

  /** Whether the link at the record's ifindex is still the one recorded (by name and kind). */
  private isOurs(rec: PendingDelete): boolean {
    const link = this.get(rec.ifindex);
    const name = link?.attrs.ifname;
    return link?.attrs.linkinfo?.kind === rec.kind && (name === rec.name || name === rec.was);
  }

  /** Sets a recorded link aside; false when it is gone already. */
  private mark(rec: PendingDelete): boolean {
    const aside = { ifname: rec.name, group: this.group, ...(rec.kind === "macvlan" ? { address: randomMac() } : {}) };
    const h = this.o.h();
    try {
      try {
        h.run(linkSetAside(rec.ifindex, aside));
      } catch (e) {
        if (errno(e) !== "EBUSY") throw e;
        // Kernels before 6.2 rename no link that is up, even when the same request takes it down.
        h.linkSetDown(rec.ifindex);
        h.run(linkSetAside(rec.ifindex, aside));
      }
    } catch (e) {
      if (errno(e) === "ENODEV") return false;
      throw e;
    }
    this.marked.add(rec.ifindex);
    return true;
  }

  /**
   * One batch at a time, links set aside meanwhile going in the next one, and batches at least
   * BATCH_SPACING_MS apart (unless forced: DeleteNetwork, a start). A batch holds RTNL through its
   * RCU wait (20-30 ms, however many links), and every request's link call (Join's add, the next
   * set-aside) waits behind it on the thread that answers Docker: back to back under load, the
   * batches held RTNL nearly all the time. Links that wait longer are harmless (down, renamed, a
   * MAC of their own), and recorded.
   */
  private schedule(force = false): void {
    if (this.held && !force) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.lastBatch + BATCH_SPACING_MS - Date.now();
    if (!force && wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait).unref();
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastBatch = Date.now();
    this.running = this.reap()
      .catch((e) => this.log.error({ err: (e as Error).message }, "deferred link deletes failed; retried with the next"))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.marked.size) this.schedule();
        this.again = false;
      });
  }

  private async reap(): Promise<void> {
    const batch = [...this.marked];
    if (!batch.length) return;
    const r = await this.send({ group: this.group });
    // ENODEV: no link is left in the group (an earlier batch took those set aside during it).
    const gone = r.code && r.code !== "ENODEV" ? await this.oneByOne(batch, r) : batch;
    for (const i of gone) this.marked.delete(i);
    await this.records.forget(gone);
  }

  /** When the group cannot go at once (a link not ours shares its number): each of ours on its own. */
  private async oneByOne(batch: number[], why: Outcome): Promise<number[]> {
    this.log.warn({ group: this.group, err: why.message }, "link group delete refused; deleting one link at a time");
    const gone: number[] = [];
    for (const index of batch) {
      const link = this.get(index);
      const r = link?.attrs.group === this.group ? await this.send({ index }) : {};
      if (!r.code || r.code === "ENODEV") gone.push(index);
      else this.log.error({ ifindex: index, err: r.message }, "cannot delete a link set aside; retried at the next start");
    }
    return gone;
  }

  private get(index: number) {
    try {
      return this.o.h().linkGet(index);
    } catch (e) {
      if (errno(e) === "ENODEV") return undefined;
      throw e;
    }
  }

  private send(req: ReapRequest): Promise<Outcome> {
    const w = this.startWorker();
    if (!w) {
      try {
        this.o.h().run(reapOp(req));
        return Promise.resolve({});
      } catch (e) {
        return Promise.resolve({ code: errno(e) ?? "EIO", message: (e as Error).message });
      }
    }
    return new Promise<Outcome>((resolve) => {
      const failed = (e: Error) => {
        this.log.error({ err: e.message }, "the link reaper's thread failed: deferred deletes run on the main thread");
        this.worker = null;
        resolve({ code: "EIO", message: e.message });
      };
      w.once("error", failed);
      w.once("message", (m: Outcome) => {
        w.off("error", failed);
        w.unref();
        resolve(m);
      });
      w.ref();
      w.postMessage(req);
    });
  }

  private startWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    const file = workerFile();
    if (!file) {
      this.log.warn("link-reaper-worker.js not found: deferred deletes run on the main thread");
      this.worker = null;
      return null;
    }
    this.worker = new Worker(file, { workerData: { netns: this.o.h().netns } });
    this.worker.unref();
    return this.worker;
  }
}
