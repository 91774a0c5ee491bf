// Crash safety of the VF lifecycle on a netdevsim PF (guest rig; skipped elsewhere with the
// reason): every step of APPLY_ORDER, so every fault point. netdevsim VFs have no netdevs, so
// the pool sees pf0 through a simulated sysfs tree whose VF netdevs are veth links in pf0's netns:
// the admin steps go to netdevsim, the netdev steps to the veth.
import type { Vf } from "@underlay/netlink";
import { APPLY_ORDER } from "@underlay/sriov";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { missingNetdevsim, scratchWithSimPf } from "../../netlink/test/support/netdevsim.js";
import { useChildProcesses } from "./support/child.js";
import { crashTests, defaultsTest, type RigBase } from "./support/crash.js";
import { type SimulatedHost, simulatedHost } from "./support/simulated-host.js";

const missing = missingNetdevsim();
let sim: ReturnType<typeof scratchWithSimPf> | undefined;
let host: SimulatedHost | undefined;
let found: Vf[];

useChildProcesses(() => missing === undefined);
beforeAll(() => {
  if (missing) return;
  sim = scratchWithSimPf(700 + (process.pid % 100), 4);
  host = simulatedHost({ pf: "pf0", total: 4, numVfs: 4, h: sim.s.h });
  found = sim.s.h.vfList("pf0");
});
afterAll(() => {
  host?.dispose();
  sim?.dispose();
});
beforeEach((ctx) => ctx.skip(missing !== undefined, missing));

const base = (): RigBase => {
  const s = (sim as NonNullable<typeof sim>).s;
  return { pf: "pf0", sysfsRoot: (host as SimulatedHost).root, netns: s.name, h: s.h };
};

/** Every setting changed from what the VF shows, so that every fault point is reached. */
const request = (index: number) => ({
  owner: "c",
  index,
  config: {
    vlan: 100,
    qos: 3,
    vlanProto: "802.1ad" as const,
    mac: `02:00:00:00:c1:0${index}`,
    minTxRate: 100,
    maxTxRate: 1000,
    spoofchk: !found[index]?.spoofchk,
    trust: !found[index]?.trust,
    linkState: "disable" as const,
    mtu: 1400,
  },
});

describe("[guest] crash-safe VF lifecycle on netdevsim", () => {
  crashTests("[guest] netdevsim: a crash at", base, [0, 1, 2, 3], request, APPLY_ORDER);
  defaultsTest("[guest] netdevsim:", base, 1);
});
