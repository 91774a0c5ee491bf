// Types for dockerd.mjs (plain JS so that bench/ can use it on Node 20 too).
export interface PrivateDocker {
  /** Runs the docker CLI against this dockerd; returns stdout. Throws with stderr on failure. */
  docker(...args: string[]): string;
  /** The same without blocking (for parallel runs). */
  dockerAsync(...args: string[]): Promise<string>;
  /** A busybox image with every applet, imported once. */
  image: string;
  /** dockerd's log file (a managed plugin's output lands there too). */
  log: string;
  /** dockerd's --exec-root (its sandboxes' netns files are under `netns/`). */
  execRoot: string;
  /** dockerd's PID while it runs. */
  readonly pid: number | undefined;
  /** Stops dockerd and starts it again on the same data (containers stop with it). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}
export function missingDocker(): string | undefined;
export interface DockerdOptions {
  /** Tells this engine's paths (socket, data and exec root, image tag) from the process's others. */
  name?: string;
  /** Runs dockerd inside this network namespace (`ip netns exec`), e.g. as one node of a swarm. */
  netns?: string;
}
export function startDockerd(o?: DockerdOptions): Promise<PrivateDocker>;
export function networkCreateArgs(driver: string, name: string, options: Record<string, string>, ...rest: string[]): string[];
