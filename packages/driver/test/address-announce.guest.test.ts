// Announcements after Join for ipvlan, on the guest rig's kernel (this host's has no ipvlan), with
// Docker's steps after Join played as in address-announce.test.ts. An l2 child announces the
// parent's MAC (ipvlan children share it); an l3 child uses no ARP, so nothing is sent.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { missingKind } from "../../netlink/test/support/live.js";
import { readUntil } from "../../netlink/test/support/neighbours.js";
import { type AnnounceRig, announceRig, STALE } from "./support/announce-rig.js";

let rig: AnnounceRig;

describe("[guest] announcements after Join: ipvlan", () => {
  beforeEach(async (ctx) => {
    ctx.skip(missingKind("ipvlan") !== undefined, missingKind("ipvlan"));
    rig = await announceRig();
  });
  afterEach(() => rig?.dispose());

  it("[guest] l2: the peer's stale entries take the parent's MAC, which the child shares", async () => {
    expect(await rig.createAndJoin({ mode: "ipvlan", parent: "up0" })).toBeUndefined(); // ipvlan never sets a MAC
    rig.dockerConfigures(undefined);
    const parent = rig.t.s.h.linkGet("up0").attrs.address as string;
    expect(await readUntil(rig.entries, `${parent},${parent}`, 5000)).toBe(`${parent},${parent}`);
  });

  it("[guest] l3: the child uses no ARP, and nothing is announced", async () => {
    await rig.createAndJoin({ mode: "ipvlan", ipvlan_mode: "l3", parent: "up0" });
    rig.dockerConfigures(undefined);
    await new Promise((r) => setTimeout(r, 2000));
    expect(rig.entries()).toBe(`${STALE},${STALE}`);
  });
});
