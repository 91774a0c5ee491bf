// What every command shares: the global options, one netlink Handle (opened on first use and
// kept for the whole run, so -batch sends everything over one socket), and the output.
import type { Handle, LinkRef } from "@underlay/netlink";
import type { debugTap } from "./debug.js";
import { EXIT_USAGE, ExitError } from "./dispatch/exit-codes.js";
import type { GlobalOptions } from "./dispatch/global-options.js";
import { type Output, wantColor } from "./output.js";

type Netlink = typeof import("@underlay/netlink");

export class CliContext {
  private h: Handle | undefined;
  private readonly indexes = new Map<string, number>();
  // Loaded by prepare(), not imported: netlink loads koffi's native module, which -V and --help
  // do without.
  private netlink: Netlink | undefined;
  private tap: ReturnType<typeof debugTap> | undefined;

  constructor(
    private readonly global: () => GlobalOptions,
    private readonly write: (text: string) => void = (t) => process.stdout.write(t),
    private readonly writeErr: (text: string) => void = (t) => process.stderr.write(t),
  ) {}

  get options(): GlobalOptions {
    return this.global();
  }

  get out(): Output {
    const g = this.global();
    return {
      json: Boolean(g.json),
      pretty: Boolean(g.pretty),
      color: wantColor(g.color, Boolean(process.stdout.isTTY)),
      write: this.write,
    };
  }

  /** -4 or -6, when given. */
  get family(): 4 | 6 | undefined {
    const g = this.global();
    return g.family === "inet6" ? 6 : g.family === "inet" ? 4 : undefined;
  }

  /** Loads what handle() and link() need; called before any command runs. */
  async prepare(): Promise<void> {
    this.netlink ??= await import("@underlay/netlink");
    if (this.global().debug) this.tap ??= (await import("./debug.js")).debugTap(this.writeErr);
  }

  private get nl(): Netlink {
    if (!this.netlink) throw new Error("CliContext: prepare() was not awaited before the command ran");
    return this.netlink;
  }

  /** The handle in the netns of -n (or the current one), with --debug's tap when asked. */
  handle(): Handle {
    if (!this.h) {
      const g = this.global();
      try {
        this.h = new this.nl.Handle({
          ...(g.netns ? { netns: { name: g.netns } } : {}),
          ...(this.tap ? { tap: this.tap } : {}),
        });
      } catch (e) {
        // As ip -n: the netns is part of the command line, so a missing one is a usage error.
        if (g.netns) throw new ExitError(`Cannot open network namespace "${g.netns}": ${(e as Error).message}`, EXIT_USAGE);
        throw e;
      }
    }
    return this.h;
  }

  /**
   * A link name resolved to its ifindex once per run (as ip's name cache does), so a -batch of
   * a thousand `addr add … dev X` lines looks X up once. Commands that change links call
   * linksChanged(), which forgets every name. `operation` names the command in a failure.
   */
  link(name: string, operation: string): LinkRef {
    let index = this.indexes.get(name);
    if (index === undefined) {
      index = this.handle().run(this.nl.linkIndexFor(name, operation, "dev"));
      this.indexes.set(name, index);
    }
    return { index, toString: () => name };
  }

  linksChanged(): void {
    this.indexes.clear();
  }

  close(): void {
    this.h?.close();
    this.h = undefined;
  }
}
