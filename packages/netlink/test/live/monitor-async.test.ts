// The monitor and the promise API on the real kernel: events for a link we add, and async
// operations that leave the event loop free.
import { addrCidr, constants as C, type MonitorEvent } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
});
afterEach(() => s?.dispose());

async function collect(
  events: AsyncIterableIterator<MonitorEvent>,
  until: (seen: MonitorEvent[]) => boolean,
): Promise<MonitorEvent[]> {
  const seen: MonitorEvent[] = [];
  const timeout = setTimeout(() => events.return?.(), 5000);
  for await (const ev of events) {
    seen.push(ev);
    if (until(seen)) break;
  }
  clearTimeout(timeout);
  return seen;
}

describe("monitor", () => {
  it("sees a link we add, its address and route, and its deletion", async () => {
    const events = s.h.monitor();
    const done = collect(events, (seen) =>
      seen.some((e) => e.topic === "link" && e.action === "del" && e.link.attrs.ifname === "mon0"),
    );
    s.h.linkAdd({ name: "mon0", kind: "veth", peer: { name: "mon1" }, up: true });
    s.h.addrAdd("mon0", "192.0.2.7/24");
    s.h.linkDel("mon0");
    const seen = await done;
    const links = seen.filter((e) => e.topic === "link");
    expect(links.find((e) => e.action === "new" && e.link.attrs.ifname === "mon0")?.link.attrs.linkinfo?.kind).toBe("veth");
    expect(seen.some((e) => e.topic === "addr" && e.action === "new" && addrCidr(e.addr) === "192.0.2.7/24")).toBe(true);
    expect(seen.some((e) => e.topic === "route" && e.route.attrs.dst === "192.0.2.0")).toBe(true);
  });

  it("only the topics asked for, and return() ends a stream that is waiting", async () => {
    const events = s.h.monitor({ topics: ["addr"] });
    s.h.linkAdd({ name: "mon0", kind: "veth", peer: { name: "mon1" }, up: true });
    s.h.addrAdd("mon0", "192.0.2.8/24");
    const seen = await collect(events, (x) => x.length >= 1);
    expect(seen.map((e) => e.topic)).toEqual(["addr"]);
    const idle = s.h.monitor({ topics: ["route"] });
    const pending = idle.next();
    await idle.return?.();
    await expect(pending).resolves.toMatchObject({ done: true });
  });

  it("an AbortSignal ends it", async () => {
    const ac = new AbortController();
    const events = s.h.monitor({ signal: ac.signal });
    const pending = events.next();
    ac.abort();
    await expect(pending).resolves.toMatchObject({ done: true });
  });
});

describe("promise API", () => {
  it("runs operations without blocking the event loop", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await s.h.promises.linkAdd({ name: "pa", kind: "veth", peer: { name: "pb" } });
    const jobs = Array.from({ length: 200 }, () => s.h.promises.linkGet("pa"));
    const links = await Promise.all(jobs);
    clearInterval(timer);
    expect(links.every((l) => l.attrs.ifname === "pa")).toBe(true);
    expect(ticks).toBeGreaterThan(0);
    await s.h.promises.addrAdd("pa", "192.0.2.9/24");
    expect((await s.h.promises.addrList({ dev: "pa" })).map(addrCidr)).toContain("192.0.2.9/24");
    await s.h.promises.linkDel("pa");
    await expect(s.h.promises.linkGet("pa")).rejects.toMatchObject({ code: "ENODEV" });
    expect((await s.h.promises.linkList()).map((l) => l.header.type)).toContain(C.ARPHRD_LOOPBACK);
  });
});
