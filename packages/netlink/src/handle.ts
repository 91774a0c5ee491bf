// A Handle owns one netlink socket in one network namespace and runs operations on it, either
// synchronously (`h.linkGet("eth0")`, 10-50 µs) or as promises (`await h.promises.linkGet("eth0")`).
import { decodeEvent, type MonitorEvent, type MonitorTopic, monitorGroups } from "./monitor.js";
import { OPERATIONS } from "./ops/index.js";
import { encodeRequest, type Op, type Request } from "./ops/op.js";
import { Connection, type Tap } from "./transport/connection.js";
import { NetlinkSocket } from "./transport/netlink-socket.js";
import { inNetns, type NetnsRef, openNetnsTargets } from "./transport/netns.js";
import type { Reply } from "./transport/reply.js";
import type { Socket } from "./transport/socket.js";

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
  /** Opens this socket instead of a real one (unit tests: FakeSocket, a responder). */
  socket?: () => Socket;
  /** Sees every datagram sent and received (the CLI's --debug, NLDEBUG). */
  tap?: Tap;
}

export interface MonitorOptions {
  topics?: MonitorTopic[];
  /** Only this family's address, route and rule groups (ip monitor -4/-6); default both. */
  family?: 4 | 6;
  /** Ends the stream. Breaking out of `for await` ends it too. */
  signal?: AbortSignal;
}

// Declaration merging gives the class the methods that the constructor installs.
export interface Handle extends SyncApi {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Handle {
  readonly promises: AsyncApi;
  private readonly conn: Connection;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: HandleOptions = {}) {
    this.conn = this.open();
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
    const groups = monitorGroups(o.topics ?? ["link", "addr", "route"], o.family);
    const conn = this.open();
    const raw = conn.subscribe(groups);
    const stop = () => conn.close();
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
    this.conn.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private open(): Connection {
    const make = this.options.socket ?? (() => new NetlinkSocket());
    const socket = this.options.netns ? inNetns(this.options.netns, make) : make();
    return new Connection(socket, this.options);
  }

  private send(req: Request): Reply {
    if (!req.netns) return this.conn.execute(encodeRequest(req), req.operation);
    // The netns a request names are open only while it is sent.
    const ns = openNetnsTargets(req.netns);
    try {
      return this.conn.execute(encodeRequest(req, 0, 0, ns.targets), req.operation);
    } finally {
      ns.close();
    }
  }

  private async sendAsync(req: Request): Promise<Reply> {
    if (!req.netns) return this.conn.executeAsync(encodeRequest(req), req.operation);
    const ns = openNetnsTargets(req.netns);
    try {
      return await this.conn.executeAsync(encodeRequest(req, 0, 0, ns.targets), req.operation);
    } finally {
      ns.close();
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
