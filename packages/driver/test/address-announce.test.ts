// After Join the driver announces the endpoint's addresses from inside the container's netns, once
// Docker has moved the link there and configured it: a peer on the parent's segment holding stale
// neighbour entries for them takes the new MAC without sending anything (support/announce-rig.ts
// plays Docker's steps after Join).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { readUntil } from "../../netlink/test/support/neighbours.js";
import { type AnnounceRig, announceRig, STALE } from "./support/announce-rig.js";
import { EP, NET } from "./support/harness.js";

let rig: AnnounceRig;
beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  rig = await announceRig();
});
afterEach(() => rig?.dispose());

describe("announcements after Join", () => {
  it("the peer's stale IPv4 and IPv6 entries take the endpoint's MAC, the peer sending nothing", async () => {
    const mac = (await rig.createAndJoin({ parent: "up0" })) as string;
    await new Promise((r) => setTimeout(r, 300)); // the container starts a moment later
    rig.dockerConfigures(mac);
    expect(await readUntil(rig.entries, `${mac},${mac}`, 3000)).toBe(`${mac},${mac}`);
  });

  it("an endpoint that leaves before its link is up is not announced", async () => {
    const mac = await rig.createAndJoin({ parent: "up0" });
    expect((await rig.t.call("Leave", { NetworkID: NET, EndpointID: EP })).status).toBe(200);
    rig.dockerConfigures(mac);
    await new Promise((r) => setTimeout(r, 1500)); // polls every 100 ms, sends at once when ready
    expect(rig.entries()).toBe(`${STALE},${STALE}`);
  });
});
