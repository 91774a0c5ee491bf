// Issue 10 §4 on the host kernel: endpoints Docker forgets (no Leave/DeleteEndpoint reached the
// driver) are found, restored and forgotten: when their device is back in the host netns after
// having been away in the container (found by ifindex, not by name: the kernel renames a returning
// device whose name clashes), or when their container's netns is gone. At start, before refusing
// a CreateEndpoint, and periodically.
import { join } from "node:path";
import { startDaemon } from "@underlay/driver";
import { Handle } from "@underlay/netlink";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { HostView } from "../src/host-view.js";
import { EP, type Harness, harnessPerTest, NET, SRC } from "./support/harness.js";
import { until } from "./support/until.js";

let t: Harness;
const ids = { NetworkID: NET, EndpointID: EP };

harnessPerTest((h) => {
  t = h;
});

/** Does what Docker does with the device at Join: moves it into the container's netns. */
function moveInto(box: { key: string }, dev: string): Handle {
  t.s.h.linkSetNetns(dev, { path: box.key });
  return new Handle({ netns: { path: box.key } });
}

describe("endpoints Docker forgot", () => {
  it("passthrough: the NIC is back (renamed by the kernel), so the next container gets it, name and MAC restored", async () => {
    t.s.h.linkAdd({ name: "pt0", kind: "veth", peer: { name: "pt1" }, address: "02:00:00:00:70:00" });
    await t.createNetwork(NET, { mode: "passthrough", netdevice: "pt0" });
    await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    const box = t.sandbox();
    await t.call("Join", { ...ids, SandboxKey: box.key });
    const inside = moveInto(box, "pt0");
    inside.linkSet("pt0", { name: "eth0", address: "02:42:00:00:00:09" }); // as the container has it
    expect(await t.driver().sweep()).toEqual([]); // away in its container: alive
    // The container ends; Docker's Leave and DeleteEndpoint never reach us. The device comes back
    // under another name, as the kernel does when its name is taken.
    inside.linkSet("eth0", { name: "dev7" });
    inside.linkSetNetns("dev7", { name: t.s.name });
    inside.close();
    const next = await t.call("CreateEndpoint", { NetworkID: NET, EndpointID: "c".repeat(64), Interface: {} });
    expect(next).toEqual({ status: 200, json: {} });
    expect(t.s.h.linkGet("pt0").attrs.address).toBe("02:00:00:00:70:00");
    expect(t.linkNames()).not.toContain("dev7");
    expect(t.endpointIds()).toEqual(["c".repeat(64)]);
  });

  it("macvlan: a container gone with its netns is released at start; one whose link is away stays", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    const [gone, alive] = [t.sandbox(), t.sandbox()];
    for (const [ep, box] of [
      [EP, gone],
      ["c".repeat(64), alive],
    ] as const) {
      await t.call("CreateEndpoint", { NetworkID: NET, EndpointID: ep, Interface: { Address: "192.0.2.3/24" } });
      const src = (await t.call("Join", { NetworkID: NET, EndpointID: ep, SandboxKey: box.key })).json.InterfaceName as {
        SrcName: string;
      };
      moveInto(box, src.SrcName).close();
    }
    expect(await t.driver().sweep()).toEqual([]); // both seen running
    gone.remove(); // the kernel deletes the macvlan link with its netns
    await t.start(); // a driver restart
    expect(await t.driver().reconcile()).toEqual([
      `endpoint ${EP} of network ${NET}: its container's netns ${gone.key} is gone: released`,
    ]);
    expect(t.endpointIds()).toEqual(["c".repeat(64)]);
  });

  it("Docker makes the container's netns only after Join: a sweep in between leaves the endpoint alone", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    const box = t.sandbox();
    box.remove(); // not there yet at Join
    await t.call("Join", { ...ids, SandboxKey: box.key });
    expect(await t.driver().sweep()).toEqual([]);
    expect(t.linkNames()).toContain(SRC);
    const started = t.sandbox(); // the container starts (a netns of its own name here), then ends
    await t.call("Join", { ...ids, SandboxKey: started.key }); // a repeated Join with the real key
    moveInto(started, SRC).close();
    expect(await t.driver().sweep()).toEqual([]);
    started.remove();
    expect(await t.driver().sweep()).toEqual([
      `endpoint ${EP} of network ${NET}: its container's netns ${started.key} is gone: released`,
    ]);
  });

  it("a sweep whose view of the host predates a Join does not act on what it did not see", async () => {
    await t.createNetwork(NET, { parent: "up0" });
    await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
    const box = t.sandbox();
    const before = await HostView.take(t.s.h); // no link yet: by it, the device would be away
    expect(before).toBeDefined();
    await t.call("Join", { ...ids, SandboxKey: box.key });
    expect(await t.driver().sweep(before)).toEqual([]);
    // Taken for moved, the device still in the host netns would have been judged back from its container.
    expect(t.driver().store.endpoint(EP)).toMatchObject({ joined: true, moved: false });
    expect(await t.driver().sweep()).toEqual([]);
    expect(t.linkNames()).toContain(SRC);
  });

  it("a link back in the host netns after its container had it (Leave's move, no DeleteEndpoint) is deleted by the periodic sweep", async () => {
    const stateDir = join(t.stateDir, "daemon");
    const log = pino({ level: "silent" });
    const socketDir = join(t.stateDir, "sockets");
    // The daemon's own handle: the test's synchronous calls must not meet its requests in flight.
    const handle = new Handle({ netns: { name: t.s.name } });
    const d = await startDaemon({ names: ["underlay"], stateDir, socketDir, log, handle, sweepIntervalMs: 100 });
    try {
      const call = (m: string, b: unknown) => fetchSocket(join(socketDir, "underlay.sock"), m, b);
      await call("CreateNetwork", {
        NetworkID: NET,
        Options: { "com.docker.network.generic": { parent: "up0" } },
        IPv4Data: [{ Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
      });
      await call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24" } });
      const box = t.sandbox();
      await call("Join", { ...ids, SandboxKey: box.key });
      const inside = moveInto(box, SRC);
      await until(async () => (await d.sweep()).length === 0); // seen away
      inside.linkSetNetns(SRC, { name: t.s.name }); // Docker's Leave moves it back; then nothing
      inside.close();
      // Renamed aside at once, deleted by the background batch that follows.
      await until(async () => t.linkNames().join() === "lo,up0,up1");
      expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
    } finally {
      await d.stop();
      handle.close();
    }
  });
});

async function fetchSocket(socketPath: string, method: string, body: unknown): Promise<unknown> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/NetworkDriver.${method}`, method: "POST" }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(text))));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
