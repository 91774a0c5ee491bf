// Deferred deletes of endpoint links, on the real kernel: DeleteEndpoint sets the link aside
// (down, renamed, a new MAC, the reaper's group) and a background batch deletes it; a crash leaves
// a record the next start finishes; a new endpoint never meets a link that waits to go.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isUp } from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { EP, type Harness, harnessPerTest, NET, SRC } from "./support/harness.js";
import { missingCli, startPlugin } from "./support/plugin-process.js";
import { postTo } from "./support/protocol-client.js";
import { until } from "./support/until.js";

let t: Harness;
const ids = { NetworkID: NET, EndpointID: EP };
const MAC = "02:42:c0:00:02:03";
const call = (m: string, b: unknown) => t.call(m, b);
const pending = () => JSON.parse(readFileSync(join(t.stateDir, "pending-deletes.json"), "utf8")).links;
const gone = (index: number) => {
  try {
    t.s.h.linkGet(index);
    return false;
  } catch (e) {
    return (e as { code?: string }).code === "ENODEV";
  }
};

/** CreateEndpoint + Join with Docker's MAC; returns the link's ifindex. */
async function endpoint(): Promise<number> {
  expect((await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24", MacAddress: MAC } })).status).toBe(200);
  expect((await call("Join", { ...ids, SandboxKey: "/x" })).status).toBe(200);
  return t.s.h.linkIndex(SRC);
}

harnessPerTest((h) => {
  t = h;
});

describe("deferred deletes", () => {
  it("DeleteEndpoint sets the link aside at once, and the background batch deletes it", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    const index = await endpoint();
    const release = t.driver().host.reaper.hold();
    expect((await call("DeleteEndpoint", ids)).status).toBe(200);
    const aside = t.s.h.linkGet(index);
    expect(aside.attrs).toMatchObject({ ifname: `ul_${index}`, group: t.driver().host.reaper.group });
    expect(aside.attrs.address).not.toBe(MAC);
    expect(isUp(aside)).toBe(false);
    expect(pending()).toEqual([expect.objectContaining({ ifindex: index, name: `ul_${index}`, was: SRC, kind: "macvlan" })]);
    release();
    await until(() => gone(index), 10_000);
    await until(() => pending().length === 0, 10_000);
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
  });

  it("concurrent DeleteEndpoints share writes of pending-deletes.json; each answer finds its link recorded and aside", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    // Ids distinct in the 12 characters a link name takes.
    const eps = Array.from({ length: 10 }, (_, i) => `e${i}`.padEnd(64, "f"));
    const index = new Map<string, number>();
    for (const [i, id] of eps.entries()) {
      await call("CreateEndpoint", { NetworkID: NET, EndpointID: id, Interface: { Address: `192.0.2.${10 + i}/24` } });
      const src = (await call("Join", { NetworkID: NET, EndpointID: id, SandboxKey: "/x" })).json.InterfaceName as {
        SrcName: string;
      };
      index.set(id, t.s.h.linkIndex(src.SrcName));
    }
    const records = t.driver().host.reaper.records;
    const before = records.writes;
    const release = t.driver().host.reaper.hold();
    const found = await Promise.all(
      eps.map(async (id) => {
        expect((await call("DeleteEndpoint", { NetworkID: NET, EndpointID: id })).status).toBe(200);
        const i = index.get(id) as number;
        // Read as the answer arrives: the record is on disk and the link is set aside under it.
        return pending().some((l: { ifindex: number }) => l.ifindex === i) && t.s.h.linkGet(i).attrs.ifname === `ul_${i}`;
      }),
    );
    expect(found).toEqual(eps.map(() => true));
    expect(records.writes - before).toBeGreaterThan(0);
    expect(records.writes - before).toBeLessThan(eps.length);
    release();
    await until(() => [...index.values()].every(gone), 10_000);
    await until(() => pending().length === 0, 10_000);
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
  });

  it("a new endpoint with the same name and MAC does not collide with the link waiting to go", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    const first = await endpoint();
    t.s.h.linkSet(SRC, { address: MAC, up: true }); // as Docker has it in the container (it sets the MAC)
    t.driver().host.reaper.hold();
    await call("DeleteEndpoint", ids);
    const second = await endpoint(); // the same endpoint id (so link name) and MAC, at once
    t.s.h.linkSet(SRC, { address: MAC, up: true }); // the MAC must be free on the parent
    const link = t.s.h.linkGet(SRC);
    expect(link.header.index).toBe(second);
    expect(link.attrs.address).toBe(MAC);
    expect(isUp(link)).toBe(true);
    expect(t.s.h.linkGet(first).attrs.ifname).toBe(`ul_${first}`);
    await call("DeleteEndpoint", ids);
    // DeleteNetwork waits for the network's links set aside, held or not.
    expect((await call("DeleteNetwork", { NetworkID: NET })).status).toBe(200);
    expect([gone(first), gone(second)]).toEqual([true, true]);
    expect(pending()).toEqual([]);
  });

  it("DeleteNetwork of the last network on a created parent deletes the links waiting, then the parent", async () => {
    // No parent: an isolated one of its own (a veth pair here, a dummy where the kernel has them).
    expect(await t.createNetwork(NET, {})).toEqual({ status: 200, json: {} });
    const index = await endpoint();
    t.driver().host.reaper.hold();
    await call("DeleteEndpoint", ids);
    expect(await call("DeleteNetwork", { NetworkID: NET })).toMatchObject({ status: 200 });
    expect(gone(index)).toBe(true);
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
    expect(pending()).toEqual([]);
  });
});

describe("deferred deletes across a crash (kill -9 of driver serve)", () => {
  for (const [fault, name] of [
    ["link:aside:recorded", (_: number) => SRC], // recorded, not renamed yet
    ["link:aside:marked", (i: number) => `ul_${i}`], // renamed, never deleted
  ] as const) {
    it(`a crash at ${fault} is finished by the next start`, async (ctx) => {
      ctx.skip(missingCli() !== undefined, missingCli() ?? "");
      const dir = join(t.stateDir, "serve");
      mkdirSync(dir);
      const serve = (env?: string) => {
        if (env) process.env.UNDERLAY_FAULT = env;
        try {
          return startPlugin("ulddel", dir, ["-n", t.s.name], dir);
        } finally {
          delete process.env.UNDERLAY_FAULT;
        }
      };
      const first = await serve(fault);
      const sock = (m: string, b: unknown) => postTo(first.socketPath, `NetworkDriver.${m}`, JSON.stringify(b));
      await sock("CreateNetwork", {
        NetworkID: NET,
        Options: { "com.docker.network.generic": { parent: "up0" } },
        IPv4Data: [{ Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
      });
      await sock("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
      await sock("Join", { ...ids, SandboxKey: "/x" });
      const index = t.s.h.linkIndex(SRC);
      await sock("DeleteEndpoint", ids).catch(() => undefined); // the process dies answering it
      expect(await first.exited).toBe(null);
      expect(t.s.h.linkGet(index).attrs.ifname).toBe(name(index));
      const second = await serve();
      try {
        expect(gone(index)).toBe(true); // before it serves
        expect(JSON.parse(readFileSync(join(dir, "pending-deletes.json"), "utf8")).links).toEqual([]);
        expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
      } finally {
        await second.stop();
      }
    });
  }
});
