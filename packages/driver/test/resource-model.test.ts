// Issue 10 §2 and §6 on the host kernel: every name of a process shares one view of the host
// (aliases cannot both own a link), network calls on one parent are serialised (concurrent
// conflicting creates: exactly one wins), links the driver made are reference-counted across
// networks and reconcile touches only links it recorded, one process per state folder, and an
// unreadable state file is one clear error that stops only its own name.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon, UnderlayDriver } from "@underlay/driver";
import { Handle } from "@underlay/netlink";
import { StateLockedError } from "@underlay/state";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { type Harness, harnessPerTest, NET } from "./support/harness.js";

let t: Harness;
const silent = pino({ level: "silent" });
const id = (c: string) => c.repeat(64);

harnessPerTest(
  (h) => {
    t = h;
  },
  ["underlay", "passthrough"],
);

describe("one resource model for every name of the process", () => {
  it("a link one name uses as a parent cannot be handed over whole by another name, force or not", async () => {
    expect((await t.createNetwork(NET, { parent: "up0" })).status).toBe(200);
    expect((await t.createNetwork(id("c"), { netdevice: "up0", force: "1" }, {}, "passthrough")).json.Err).toBe(
      `netdevice up0 is the parent of macvlan network ${NET}: it cannot also be handed over whole`,
    );
    expect((await t.createNetwork(id("d"), { netdevice: "up1", force: "1" }, {}, "passthrough")).status).toBe(200);
    expect((await t.createNetwork(id("e"), { parent: "up1" })).json.Err).toBe(
      `parent up1 is handed to containers whole by passthrough network ${id("d")}; it cannot carry macvlan links`,
    );
  });

  it("conflicting CreateNetwork calls sent at the same moment: exactly one is accepted, 30 times out of 30", async () => {
    for (let round = 0; round < 30; round++) {
      const [a, b] = [id("1") + round, id("2") + round].map((x) => x.slice(-64));
      const pair =
        round % 2
          ? [
              t.createNetwork(a as string, { netdevice: "up0", force: "1" }, {}, "passthrough"),
              t.createNetwork(b as string, { netdevice: "up0", force: "1" }, {}, "passthrough"),
            ]
          : [
              t.createNetwork(a as string, { parent: "up0", macvlan_mode: "passthru" }),
              t.createNetwork(b as string, { mode: "ipvlan", parent: "up0" }),
            ];
      const replies = await Promise.all(pair);
      expect(replies.map((r) => r.status).sort(), JSON.stringify(replies)).toEqual([200, 500]);
      for (const n of [a, b]) await t.call("DeleteNetwork", { NetworkID: n }, round % 2 ? "passthrough" : "underlay");
    }
  });

  it("DeleteNetwork waits for endpoint calls in flight: nothing of the network is left behind", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    const eps = Array.from({ length: 10 }, (_, i) => `e${i}`);
    const calls = eps.map(async (e) => {
      await t.call("CreateEndpoint", { NetworkID: NET, EndpointID: e, Interface: { Address: "192.0.2.3/24" } });
      await t.call("Join", { NetworkID: NET, EndpointID: e, SandboxKey: t.sandbox().key });
    });
    await new Promise((r) => setTimeout(r, 5));
    const deleted = t.call("DeleteNetwork", { NetworkID: NET });
    await Promise.all([...calls, deleted]);
    await t.call("DeleteNetwork", { NetworkID: NET }); // joins that came after the delete failed, or are gone now
    expect(t.driver().status().endpoints).toEqual([]);
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
  });

  it("a link the driver made is shared by the networks on it and deleted with the last of them", async () => {
    await t.createNetwork(NET, {}); // makes its isolated parent ul-aaaaaaaaaaaa
    const made = `ul-${NET.slice(0, 12)}`;
    expect((await t.createNetwork(id("c"), { parent: made }, {}, "underlay")).status).toBe(200);
    await t.call("DeleteNetwork", { NetworkID: NET });
    expect(t.linkNames()).toContain(made); // the other network still uses it
    await t.call("DeleteNetwork", { NetworkID: id("c") });
    expect(t.linkNames()).not.toContain(made);
  });

  it("at start, every name's networks count before any reconcile: the alias's isolated parent stays", async () => {
    await t.createNetwork(NET, { mode: "macvlan" }, {}, "passthrough");
    const made = `ul-${NET.slice(0, 12)}`;
    const handle = new Handle({ netns: { name: t.s.name } });
    const socketDir = join(t.stateDir, "sockets");
    const d = await startDaemon({
      names: ["underlay", "passthrough"],
      stateDir: t.stateDir,
      socketDir,
      log: silent,
      handle,
      sweepIntervalMs: 0,
    });
    await d.stop();
    handle.close();
    expect(t.linkNames()).toContain(made);
  });

  it("reconcile deletes a link it recorded for a network that never came to be, never a look-alike", async () => {
    t.s.h.linkAdd({ name: "ul-0123456789ab", kind: "veth", peer: { name: "ulp0123456789ab" } }); // not ours
    t.s.h.linkAdd({ name: "ul-feedfeedfeed", kind: "veth", peer: { name: "ulpfeedfeedfeed" } });
    t.driver().host.createdLinks.intend({ name: "ul-feedfeedfeed", kind: "isolated", peer: "ulpfeedfeedfeed" });
    expect(await t.driver().reconcile()).toEqual([
      "link ul-feedfeedfeed: made by this driver for a network that is gone: deleted",
    ]);
    expect(t.linkNames()).toEqual(["lo", "ul-0123456789ab", "ulp0123456789ab", "up0", "up1"]);
  });

  it("ids are ordinary keys: a network and an endpoint called constructor", async () => {
    expect((await t.createNetwork("constructor", { parent: "up0" })).status).toBe(200);
    const ep = { NetworkID: "constructor", EndpointID: "constructor" };
    expect((await t.call("CreateEndpoint", { ...ep, Interface: { Address: "192.0.2.3/24" } })).status).toBe(200);
    await t.start();
    expect((await t.call("Join", { ...ep, SandboxKey: t.sandbox().key })).json).toMatchObject({
      InterfaceName: { SrcName: "ulconstructor" },
    });
  });
});

describe("one process per state folder; an unreadable state file", () => {
  it("a second daemon on the same state folder is refused, naming the first", async () => {
    const stateDir = join(t.stateDir, "daemon");
    const socketDir = join(t.stateDir, "sockets");
    const first = await startDaemon({ names: ["one"], stateDir, socketDir, log: silent, handle: t.s.h, sweepIntervalMs: 0 });
    try {
      const second = startDaemon({ names: ["two"], stateDir, socketDir, log: silent, handle: t.s.h, sweepIntervalMs: 0 });
      await expect(second).rejects.toThrow(StateLockedError);
      await expect(second).rejects.toThrow(`is in use by underlay driver serve (one), pid ${process.pid}`);
    } finally {
      await first.stop();
    }
    const again = await startDaemon({ names: ["two"], stateDir, socketDir, log: silent, handle: t.s.h, sweepIntervalMs: 0 });
    await again.stop();
  });

  it("a corrupt state file: one clear error naming it; the other names still serve; leftover temp files go", async () => {
    const stateDir = join(t.stateDir, "daemon");
    mkdirSync(join(stateDir, "bad"), { recursive: true });
    const file = join(stateDir, "bad", "driver-state.json");
    writeFileSync(file, '{"version":2,"networks":[{"id":"x/../y"}');
    writeFileSync(join(stateDir, "created-links.json.tmp-1-0"), "{");
    expect(() => new UnderlayDriver({ stateDir, name: "bad", handle: t.s.h })).toThrow(
      `state file ${file} is unreadable (not JSON: `,
    );
    writeFileSync(file, '{"version":2,"networks":[{"id":"x/../y"}],"endpoints":[]}');
    expect(() => new UnderlayDriver({ stateDir, name: "bad", handle: t.s.h })).toThrow(
      `move it aside (mv ${file} ${file}.bad) to start afresh`,
    );
    const socketDir = join(t.stateDir, "sockets");
    const d = await startDaemon({ names: ["bad", "good"], stateDir, socketDir, log: silent, handle: t.s.h, sweepIntervalMs: 0 });
    try {
      expect(readdirSync(socketDir)).toEqual(["good.sock"]);
      expect(readdirSync(stateDir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    } finally {
      await d.stop();
    }
  });
});
