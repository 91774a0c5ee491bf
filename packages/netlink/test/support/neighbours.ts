// Neighbour tables read and planted with iproute2 (the library has no neighbour operations), for
// tests that check what announcements and probes did on a peer's kernel.
import { execFileSync } from "node:child_process";

const inNetns = (netns: string | undefined) => (netns ? ["-n", netns] : []);

/** The neighbour entries `netns` (undefined: the current one) holds on `dev`. */
export function neighbours(netns: string | undefined, dev: string): { dst: string; lladdr?: string; state?: string[] }[] {
  const out = execFileSync("ip", [...inNetns(netns), "-j", "neigh", "show", "dev", dev], { encoding: "utf8" });
  return JSON.parse(out || "[]");
}

/** The MAC `netns` (undefined: the current one) holds for `ip` on `dev`, or undefined when it holds none. */
export function neighbourMac(netns: string | undefined, dev: string, ip: string): string | undefined {
  return neighbours(netns, dev).find((e) => e.dst === ip)?.lladdr;
}

/** A stale entry with a MAC nobody has, as a peer keeps after a container came back with a new one. */
export function plantStaleNeighbour(netns: string | undefined, dev: string, ip: string, mac: string): void {
  execFileSync("ip", [...inNetns(netns), "neigh", "replace", ip, "lladdr", mac, "dev", dev, "nud", "stale"]);
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
