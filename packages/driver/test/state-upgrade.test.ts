// State written by 0.1 (version 1: records keyed by id, no link or liveness fields, created parents
// on the network) is read by this version without losing anything: the network keeps its isolated
// parent, the link it created is deleted with it, and an endpoint Docker forgot is still found.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UnderlayDriver } from "@underlay/driver";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { EP, type Harness, harness, NET, SRC } from "./support/harness.js";

let t: Harness;
const isolated = `ul-${NET.slice(0, 12)}`;

beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  t = await harness();
  t.s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1" }, up: true });
  // What 0.1 made for an --internal network with -o parent=up0: an isolated parent, and a
  // container's link that Docker moved back and never asked to delete.
  t.s.h.linkAdd({ name: isolated, kind: "veth", peer: { name: `ulp${NET.slice(0, 12)}` }, up: true });
  t.s.h.linkAdd({ name: SRC, kind: "macvlan", parent: isolated });
});
afterEach(() => t?.dispose());

const V1 = {
  version: 1,
  networks: {
    [NET]: {
      id: NET,
      options: { mode: "macvlan", parent: "up0", prefix: "eth", macvlanMode: "bridge", ipvlanMode: "l2", vlan: 0, force: false },
      internal: true,
      ipv4: [{ pool: "192.0.2.0/24", gateway: "192.0.2.1/24" }],
      ipv6: [],
      createdParent: isolated,
    },
  },
  endpoints: { [EP]: { id: EP, networkId: NET, address: "192.0.2.3/24", mac: "02:42:c0:00:02:03", srcName: SRC } },
};

describe("state written by 0.1", () => {
  it("is read, its forgotten endpoint released, and its created parent deleted with its network", async () => {
    const dir = join(t.stateDir, "underlay");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "driver-state.json"), JSON.stringify(V1));
    const driver = new UnderlayDriver({ stateDir: t.stateDir, handle: t.s.h, joinGraceMs: 0 });
    expect(driver.status().networks).toEqual([
      expect.objectContaining({ id: NET, internal: true, options: expect.objectContaining({ parent: "" }) }),
    ]);
    expect(JSON.parse(readFileSync(join(t.stateDir, "created-links.json"), "utf8")).links).toEqual([
      { name: isolated, kind: "isolated" },
    ]);
    expect(await driver.reconcile()).toEqual([
      `endpoint ${EP} of network ${NET}: its device is back in the host netns (the container left): released`,
    ]);
    expect(t.linkNames()).not.toContain(SRC);
    await driver.deleteNetwork({ NetworkID: NET });
    expect(t.linkNames()).toEqual(["lo", "up0", "up1"]);
  });
});
