// The driver's records under concurrent calls, on the real kernel: concurrent CreateEndpoints share
// writes of driver-state.json; an answered CreateEndpoint is in the file when the answer arrives;
// and a kill -9 of a real `driver serve` in the middle of a burst of endpoint calls leaves a state
// the next start reconciles, with no link and no record leaked.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { type Harness, harness, NET } from "./support/harness.js";
import { missingCli, startPlugin } from "./support/plugin-process.js";
import { postTo } from "./support/protocol-client.js";

let t: Harness;
/** A distinct endpoint id per client and round: distinct in the 12 characters a link name takes. */
const epId = (client: number, round: number) => `c${client}r${round}x`.padEnd(64, "0");
const address = (client: number) => `192.0.2.${10 + client}/24`;
const recorded = (file: string): { networks: { id: string }[]; endpoints: { id: string; link?: string }[] } =>
  JSON.parse(readFileSync(file, "utf8"));

beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  t = await harness();
});
afterEach(() => t?.dispose());
/** The networks' parent, in the throwaway netns that stands for the host's. */
const uplink = () => t.s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });

describe("driver-state.json by group commit", () => {
  it("concurrent CreateEndpoints share writes, and each answer finds its record in the file", async () => {
    uplink();
    await t.createNetwork(NET, { parent: "up0" });
    const file = join(t.stateDir, "underlay", "driver-state.json");
    const N = 20;
    const before = t.driver().store.writes;
    const found = await Promise.all(
      Array.from({ length: N }, async (_, c) => {
        const r = await t.call("CreateEndpoint", { NetworkID: NET, EndpointID: epId(c, 0), Interface: { Address: address(c) } });
        expect(r.status).toBe(200);
        return recorded(file).endpoints.some((e) => e.id === epId(c, 0)); // read at once, as the answer arrives
      }),
    );
    expect(found).toEqual(Array(N).fill(true));
    const writes = t.driver().store.writes - before;
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(N);
  });

  it("a kill -9 of driver serve mid-burst leaves what the next start reconciles, nothing leaked", async (ctx) => {
    ctx.skip(missingCli() !== undefined, missingCli() ?? "");
    uplink();
    const dir = join(t.stateDir, "serve");
    mkdirSync(dir);
    const first = await startPlugin("ulgc", dir, ["-n", t.s.name], dir);
    const call = (socket: string, m: string, b: unknown) => postTo(socket, `NetworkDriver.${m}`, JSON.stringify(b));
    await call(first.socketPath, "CreateNetwork", {
      NetworkID: NET,
      Options: { "com.docker.network.generic": { parent: "up0" } },
      IPv4Data: [{ Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
    });
    // What the dead process answered: the file must agree with every answer it gave.
    const created = new Set<string>();
    const deleteSent = new Set<string>();
    const deleted = new Set<string>();
    let stop = false;
    const client = async (c: number) => {
      for (let round = 0; !stop; round++) {
        const ids = { NetworkID: NET, EndpointID: epId(c, round) };
        const ok = (m: string, b: unknown) => call(first.socketPath, m, b).then((a) => a.status === 200);
        if (!(await ok("CreateEndpoint", { ...ids, Interface: { Address: address(c) } }))) return;
        created.add(ids.EndpointID);
        if (created.size >= 40) void first.stop("SIGKILL"); // mid-burst: other calls are in flight
        if (!(await ok("Join", { ...ids, SandboxKey: "/x" }))) return;
        if (round % 3 === 2) continue; // some endpoints stay, joined
        deleteSent.add(ids.EndpointID);
        if (await ok("DeleteEndpoint", ids)) deleted.add(ids.EndpointID);
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, c) => client(c).catch(() => undefined)));
    stop = true;
    expect(await first.exited).toBe(null); // killed

    const file = join(dir, "ulgc", "driver-state.json");
    const pending = () => JSON.parse(readFileSync(join(dir, "pending-deletes.json"), "utf8")).links;
    const afterCrash = new Set(recorded(file).endpoints.map((e) => e.id));
    const mustStay = [...created].filter((id) => !deleteSent.has(id));
    expect(mustStay.filter((id) => !afterCrash.has(id))).toEqual([]); // every answered CreateEndpoint
    expect([...deleted].filter((id) => afterCrash.has(id))).toEqual([]); // every answered DeleteEndpoint

    const second = await startPlugin("ulgc", dir, ["-n", t.s.name], dir);
    try {
      // Before it serves: no half-written file, no link set aside, no link without its record.
      expect(readdirSync(join(dir, "ulgc")).filter((f) => f.includes(".tmp-"))).toEqual([]);
      expect(pending()).toEqual([]);
      expect(t.linkNames().filter((n) => n?.startsWith("ul_"))).toEqual([]);
      const eps = recorded(file).endpoints;
      const theirs = new Set(eps.map((e) => `ul${e.id.slice(0, 12)}`));
      expect(t.linkNames().filter((n) => !["lo", "up0", "up1"].includes(n as string) && !theirs.has(n as string))).toEqual([]);
      // What is recorded is still the driver's to release: then nothing is left.
      for (const e of eps) {
        const a = await call(second.socketPath, "DeleteEndpoint", { NetworkID: NET, EndpointID: e.id });
        expect(a.status).toBe(200);
      }
      expect((await call(second.socketPath, "DeleteNetwork", { NetworkID: NET })).status).toBe(200);
      expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
      expect(recorded(file)).toMatchObject({ networks: [], endpoints: [] });
      expect(pending()).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});
