// Neighbour tables read and planted with iproute2 (the library has no neighbour operations), for
// tests that check what announcements and probes did on a peer's kernel.
import { execFileSync } from "node:child_process";

/** The neighbour entries `netns` holds on `dev`. */
export function neighbours(netns: string, dev: string): { dst: string; lladdr?: string; state?: string[] }[] {
  return JSON.parse(execFileSync("ip", ["-n", netns, "-j", "neigh", "show", "dev", dev], { encoding: "utf8" }) || "[]");
}

/** The MAC `netns` holds for `ip` on `dev`, or undefined when it holds none. */
export function neighbourMac(netns: string, dev: string, ip: string): string | undefined {
  return neighbours(netns, dev).find((e) => e.dst === ip)?.lladdr;
}

/** A stale entry with a MAC nobody has, as a peer keeps after a container came back with a new one. */
export function plantStaleNeighbour(netns: string, dev: string, ip: string, mac: string): void {
  execFileSync("ip", ["-n", netns, "neigh", "replace", ip, "lladdr", mac, "dev", dev, "nud", "stale"]);
}

/** Polls `read` until it returns `want` or `ms` pass; returns the last value read. */
export async function readUntil<T>(read: () => T, want: T, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  let v = read();
  while (v !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    v = read();
  }
  return v;
}
