// The announcement waits for the endpoint's link to carry frames, not only to be up: an igbvf VF
// gets its carrier seconds after Docker brings it up, and until then the link's queue drops every
// frame while send() succeeds. Here the carrier is held off by the parent's being down (a macvlan's
// carrier follows its parent) for longer than the three rounds last, then given back.

import { constants as C } from "@underlay/netlink";
import { afterEach, beforeEach, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { readUntil } from "../../netlink/test/support/neighbours.js";
import { type AnnounceRig, announceRig, STALE } from "./support/announce-rig.js";

let rig: AnnounceRig;
beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  rig = await announceRig();
});
afterEach(() => rig?.dispose());

const running = (flags: number) => (flags & C.IFF_RUNNING) !== 0;

it("an endpoint whose link comes up without a carrier is announced once the carrier is on", async () => {
  const mac = (await rig.createAndJoin({ parent: "up0" })) as string;
  const peer = rig.seg.peer;
  rig.t.s.h.linkSetDown("up0");
  // The peer's side loses its carrier too, which flushes its neighbour entries: planted again after.
  const peerRunning = () => running(peer.h.linkGet("up1").header.flags);
  expect(await readUntil(peerRunning, false, 3000)).toBe(false);
  rig.plantStale();
  rig.dockerConfigures(mac);
  // Longer than the announcer's three rounds (a second apart): sent now, they would all be lost.
  await new Promise((r) => setTimeout(r, 2500));
  expect(rig.entries()).toBe(`${STALE},${STALE}`);
  rig.t.s.h.linkSetUp("up0");
  expect(await readUntil(rig.entries, `${mac},${mac}`, 10_000)).toBe(`${mac},${mac}`);
});
