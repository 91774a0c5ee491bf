// VF programming and restore through @underlay/sriov on a netdevsim PF (guest rig; skipped with
// the reason elsewhere): snapshot, apply every setting in order, read back, restore, read back.
import type { Vf } from "@underlay/netlink";
import { APPLY_ORDER, applyVfConfig, restoreVf, snapshotVf } from "@underlay/sriov";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Scratch } from "../../netlink/test/support/live.js";
import { missingNetdevsim, scratchWithSimPf } from "../../netlink/test/support/netdevsim.js";

let sim: ReturnType<typeof scratchWithSimPf> | undefined;
let s: Scratch;
beforeEach((ctx) => {
  ctx.skip(missingNetdevsim() !== undefined, missingNetdevsim());
  sim = scratchWithSimPf(600 + (process.pid % 100), 4);
  s = sim.s;
});
afterEach(() => sim?.dispose());

const vf = (n: number): Vf => s.h.vfList("pf0")[n] as Vf;
/** netdevsim reports VLAN protocol 0 until a VLAN is set; with VLAN 0 the protocol means nothing. */
const state = (v: Vf | undefined) => (v && v.vlan === 0 ? { ...v, vlanProto: "none" } : v);

describe("[guest] VF config on netdevsim", () => {
  it("[guest] applies every setting in the documented order, reads them back, and restores them", async () => {
    const before = await snapshotVf(s.h, "pf0", 1);
    const config = {
      vlan: 100,
      qos: 3,
      vlanProto: "802.1ad" as const,
      mac: "02:00:00:00:03:01",
      minTxRate: 100,
      maxTxRate: 1000,
      spoofchk: !before.admin?.spoofchk,
      trust: !before.admin?.trust,
      linkState: "disable" as const,
    };
    const applied = await applyVfConfig(s.h, "pf0", 1, config, before);
    // No netdev here (netdevsim VFs have none): the netdev's MAC and MTU are not touched.
    expect(applied).toEqual(APPLY_ORDER.filter((x) => x !== "mtu" && x !== "netdevMac"));
    expect(vf(1)).toMatchObject({
      vlan: 100,
      qos: 3,
      vlanProto: "802.1ad",
      mac: "02:00:00:00:03:01",
      minTxRate: 100,
      maxTxRate: 1000,
      spoofchk: config.spoofchk,
      trust: config.trust,
      linkState: "disable",
    });
    expect(await restoreVf(s.h, "pf0", 1, before, applied)).toEqual([]);
    expect(state(vf(1))).toEqual(state(before.admin));
  });

  it("[guest] skips what the VF already shows, so there is nothing to undo for it", async () => {
    const before = await snapshotVf(s.h, "pf0", 2);
    const applied = await applyVfConfig(s.h, "pf0", 2, { vlan: before.admin?.vlan ?? 0, trust: !before.admin?.trust }, before);
    expect(applied).toEqual(["trust"]);
  });

  it("[guest] a failure part-way rolls back what was applied", async () => {
    const before = await snapshotVf(s.h, "pf0", 3);
    // VLAN applies, then the rate is refused (max below min), so the VLAN must come back off.
    const err = await applyVfConfig(s.h, "pf0", 3, { vlan: 200, trust: true, minTxRate: 500, maxTxRate: 100 }, before).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: "CONFIG_FAILED", pf: "pf0", vf: 3 });
    expect(err.message).toMatch(
      /^VF 3 of pf0: cannot set rate: .*max_tx_rate 100 is below min_tx_rate 500; the VF was rolled back$/,
    );
    expect(state(vf(3))).toEqual(state(before.admin));
  });
});
