// Neighbour entries made and read with our ops on the real kernel, in a throwaway netns; each
// change is checked against what `ip -j neigh` reads back.
import { execFileSync } from "node:child_process";
import { neighConstants as N, NetlinkError, ValidationError } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
const ipJson = (...args: string[]) =>
  JSON.parse(execFileSync("ip", ["-n", s.name, "-j", ...args], { encoding: "utf8" })) as Record<string, unknown>[];

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
  s.h.linkSetUp("vb");
  s.h.addrAdd("va", "192.0.2.1/24");
});
afterEach(() => s?.dispose());

describe("neighAdd / neighReplace / neighChange / neighDel", () => {
  it("adds a permanent IPv4 entry and a router IPv6 entry that ip reads back", () => {
    s.h.neighAdd({ dst: "192.0.2.2", lladdr: "02:00:00:00:00:02", dev: "va" });
    s.h.neighAdd({ dst: "2001:db8::2", lladdr: "02:00:00:00:00:03", dev: "va", nud: "stale", router: true });
    expect(ipJson("neigh", "show", "dev", "va")).toEqual(
      expect.arrayContaining([
        { dst: "192.0.2.2", lladdr: "02:00:00:00:00:02", state: ["PERMANENT"] },
        { dst: "2001:db8::2", lladdr: "02:00:00:00:00:03", router: null, state: ["STALE"] },
      ]),
    );
  });

  it("add refuses an entry that exists; replace overwrites it; change needs it to exist", () => {
    const e = { dst: "192.0.2.2", lladdr: "02:00:00:00:00:02", dev: "va" };
    s.h.neighAdd(e);
    expect(() => s.h.neighAdd(e)).toThrow(expect.objectContaining({ code: "EEXIST" }));
    s.h.neighReplace({ ...e, lladdr: "02:00:00:00:00:22", nud: "reachable" });
    expect(s.h.neighGet({ dst: "192.0.2.2", dev: "va" }).attrs.lladdr).toBe("02:00:00:00:00:22");
    expect(() => s.h.neighChange({ ...e, dst: "192.0.2.9" })).toThrow(NetlinkError);
    s.h.neighDel({ dst: "192.0.2.2", dev: "va" });
    expect(() => s.h.neighGet({ dst: "192.0.2.2", dev: "va" })).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("a proxy entry is listed only with proxy, and deleted as one", () => {
    s.h.neighAdd({ dst: "192.0.2.9", dev: "va", proxy: true });
    expect(s.h.neighList({ family: 4 }).some((n) => n.attrs.dst === "192.0.2.9")).toBe(false);
    const [proxy] = s.h.neighList({ proxy: true, family: 4 });
    expect(proxy?.attrs.dst).toBe("192.0.2.9");
    expect((proxy?.header.flags ?? 0) & N.NTF_PROXY).toBe(N.NTF_PROXY);
    s.h.neighDel({ dst: "192.0.2.9", dev: "va", proxy: true });
    expect(ipJson("neigh", "show", "proxy")).toEqual([]);
  });

  it("refuses a bad address before sending", () => {
    expect(() => s.h.neighAdd({ dst: "nope", dev: "va" })).toThrow(ValidationError);
  });
});

describe("neighList", () => {
  it("filters by dev and family in the kernel's dump", () => {
    s.h.neighAdd({ dst: "192.0.2.2", lladdr: "02:00:00:00:00:02", dev: "va" });
    s.h.neighAdd({ dst: "192.0.2.3", lladdr: "02:00:00:00:00:03", dev: "vb" });
    const va = s.h.linkGet("va").header.index;
    const onVa = s.h.neighList({ dev: "va", family: 4 });
    expect(onVa.map((n) => n.attrs.dst)).toEqual(["192.0.2.2"]);
    expect(onVa.every((n) => n.header.index === va)).toBe(true);
    expect(s.h.neighList({ family: 6 }).every((n) => n.attrs.dst?.includes(":"))).toBe(true);
  });
});

describe("monitor neigh", () => {
  it("sees an entry added and deleted, decoded (the kernel may report it FAILED in between, as ip monitor shows)", async () => {
    const events = s.h.monitor({ topics: ["neigh"] });
    s.h.neighAdd({ dst: "192.0.2.5", lladdr: "02:00:00:00:00:05", dev: "va" });
    s.h.neighDel({ dst: "192.0.2.5", dev: "va" });
    const seen: string[] = [];
    for await (const ev of events) {
      if (ev.topic !== "neigh" || ev.neigh.attrs.dst !== "192.0.2.5") continue;
      seen.push(`${ev.action} ${ev.neigh.header.state}`);
      if (ev.action === "del") break;
    }
    expect(seen[0]).toBe(`new ${N.NUD_PERMANENT}`);
    expect(seen.at(-1)).toMatch(/^del /);
  });
});
