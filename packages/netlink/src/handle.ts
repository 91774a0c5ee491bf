// A Handle owns one netlink socket in one network namespace and runs operations on it, either
// synchronously (`h.linkGet("eth0")`, 10-50 µs) or as promises (`await h.promises.linkGet("eth0")`).
import { decodeEvent, MONITOR_GROUPS, type MonitorEvent, type MonitorTopic } from "./monitor.js";
import { OPERATIONS } from "./ops/index.js";
import { encodeRequest, type Op, type Request } from "./ops/op.js";
import { inNetns, type NetnsRef, openNetnsTargets } from "./transport/netns.js";
import type { Reply } from "./transport/reply.js";
import { NetlinkSocket } from "./transport/socket.js";
import type { Transport } from "./transport/transport.js";

type Operations = typeof OPERATIONS;
type ResultOf<G> = G extends Op<infer T> ? T : never;
// biome-ignore lint/suspicious/noExplicitAny: mapped over every operation's own signature
type Fn = (...args: any[]) => Op<unknown>;
export type SyncApi = {
  [K in keyof Operations]: Operations[K] extends Fn
    ? (...a: Parameters<Operations[K]>) => ResultOf<ReturnType<Operations[K]>>
    : never;
};
export type AsyncApi = {
  [K in keyof Operations]: Operations[K] extends Fn
    ? (...a: Parameters<Operations[K]>) => Promise<ResultOf<ReturnType<Operations[K]>>>
    : never;
};

export interface HandleOptions {
  /** Where the socket lives; default the calling thread's current netns. */
  netns?: NetnsRef;
  /** How often to re-send a dump the kernel marked NLM_F_DUMP_INTR before giving up. Default 10. */
  dumpRetries?: number;
  /** Opens the transport instead of a real socket (unit tests use FakeTransport). */
  transport?: () => Transport;
  /** Sees every datagram sent and received (the CLI's --debug, NLDEBUG). */
  tap?: (direction: "send" | "recv", bytes: Buffer) => void;
}

export interface MonitorOptions {
  topics?: MonitorTopic[];
  /** Ends the stream. Breaking out of `for await` ends it too. */
  signal?: AbortSignal;
}

// Declaration merging gives the class the methods that the constructor installs.
export interface Handle extends SyncApi {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Handle {
  readonly promises: AsyncApi;
  private readonly transport: Transport;
  private readonly dumpRetries: number;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: HandleOptions = {}) {
    this.transport = this.open();
    this.dumpRetries = options.dumpRetries ?? 10;
    const promises: Record<string, unknown> = {};
    for (const [name, op] of Object.entries(OPERATIONS) as [string, Fn][]) {
      (this as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => this.run(op(...a));
      promises[name] = (...a: unknown[]) => this.runAsync(() => op(...a));
    }
    this.promises = promises as AsyncApi;
  }

  /** Runs any operation synchronously. */
  run<T>(op: Op<T>): T {
    let step = op.next();
    while (!step.done) {
      let reply: Reply;
      try {
        reply = this.send(step.value);
      } catch (e) {
        step = op.throw(e);
        continue;
      }
      step = op.next(reply);
    }
    return step.value;
  }

  /** Runs any operation without blocking the event loop. Calls on one handle run one at a time. */
  runAsync<T>(make: () => Op<T>): Promise<T> {
    const result = this.tail.then(() => this.drive(make()));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * `ip monitor link address route`: decoded events on a socket of its own in this handle's
   * netns. Groups are joined before this returns, so nothing done afterwards is missed.
   */
  monitor(o: MonitorOptions = {}): AsyncIterableIterator<MonitorEvent> {
    const groups = (o.topics ?? (["link", "addr", "route"] as const)).flatMap((t) => MONITOR_GROUPS[t]);
    const transport = this.open();
    const raw = transport.subscribe(groups);
    const stop = () => transport.close();
    o.signal?.addEventListener("abort", stop, { once: true });
    async function* decoded() {
      try {
        for await (const m of raw) {
          const ev = decodeEvent(m);
          if (ev) yield ev;
        }
      } finally {
        o.signal?.removeEventListener("abort", stop);
        stop();
      }
    }
    const events = decoded();
    // return() must end a stream that is waiting for the kernel, so close the socket first.
    const finish = events.return.bind(events);
    events.return = (value?: unknown) => {
      stop();
      return finish(value as undefined);
    };
    return events;
  }

  /** The netns this handle's socket lives in; undefined: the one current when it was made. */
  get netns(): NetnsRef | undefined {
    return this.options.netns;
  }

  close(): void {
    this.transport.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private open(): Transport {
    const make = this.options.transport ?? (() => new NetlinkSocket());
    const t = this.options.netns ? inNetns(this.options.netns, make) : make();
    if (this.options.tap) t.tap = this.options.tap;
    return t;
  }

  /** A reply is final unless the kernel interrupted the dump and retries are left. */
  private final(reply: Reply, attempt: number): Reply | undefined {
    return !reply.interrupted || attempt > this.dumpRetries ? { ...reply, attempts: attempt } : undefined;
  }

  private send(req: Request): Reply {
    if (!req.netns) return this.transact(encodeRequest(req), req.operation);
    // The netns a request names are open only while it is sent.
    const ns = openNetnsTargets(req.netns);
    try {
      return this.transact(encodeRequest(req, 0, 0, ns.targets), req.operation);
    } finally {
      ns.close();
    }
  }

  private async sendAsync(req: Request): Promise<Reply> {
    if (!req.netns) return this.transactAsync(encodeRequest(req), req.operation);
    const ns = openNetnsTargets(req.netns);
    try {
      return await this.transactAsync(encodeRequest(req, 0, 0, ns.targets), req.operation);
    } finally {
      ns.close();
    }
  }

  private transact(bytes: Buffer, operation: string): Reply {
    for (let attempt = 1; ; attempt++) {
      const done = this.final(this.transport.transact(bytes, operation), attempt);
      if (done) return done;
    }
  }

  private async transactAsync(bytes: Buffer, operation: string): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const done = this.final(await this.transport.transactAsync(bytes, operation), attempt);
      if (done) return done;
    }
  }

  private async drive<T>(op: Op<T>): Promise<T> {
    let step = op.next();
    while (!step.done) {
      let reply: Reply;
      try {
        reply = await this.sendAsync(step.value);
      } catch (e) {
        step = op.throw(e);
        continue;
      }
      step = op.next(reply);
    }
    return step.value;
  }
}
