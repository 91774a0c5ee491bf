// Crash safety of the VF lifecycle on the igb NIC of the guest rig (--sriov; skipped elsewhere
// with the reason): real PCI VFs with igbvf netdevs. igb has no VF link state and no 802.1ad
// (EOPNOTSUPP, EPROTONOSUPPORT), so every other step's fault points; netdevsim covers the rest.
import { Handle } from "@underlay/netlink";
import { APPLY_ORDER, Sysfs } from "@underlay/sriov";
import { afterAll, beforeAll, describe } from "vitest";
import { disableVfs, enableVfs, findIgbPf, type IgbPf } from "../../netlink/test/support/igb.js";
import { useChildProcesses } from "./support/child.js";
import { crashTests, defaultsTest, type RigBase } from "./support/crash.js";

const got = findIgbPf();
const pf = typeof got === "string" ? undefined : got;
const VFS = [0, 1, 2, 3];
let h: Handle;

describe.skipIf(!pf)(`[guest] crash-safe VF lifecycle on igb${pf ? "" : ` (skipped: ${got})`}`, () => {
  const igb = () => pf as IgbPf;
  useChildProcesses(() => pf !== undefined);
  beforeAll(async () => {
    h = new Handle();
    // A VF rate needs the PF's link up (igb checks it against the link speed).
    h.linkSetUp(igb().ifname);
    const netdevs = await enableVfs(igb(), VFS.length);
    // An igbvf reset (an MTU change does one) gets a VF the PF's clear-to-send, as on a settled
    // host: from then on the PF refuses the VF's own MAC change while an admin MAC is set.
    for (const n of netdevs) {
      h.linkSetMtu(n, 1400);
      h.linkSetMtu(n, 1500);
    }
  }, 60_000);
  afterAll(() => {
    disableVfs(igb());
    h.linkSetDown(igb().ifname);
    h.close();
  });

  const base = (): RigBase => ({ pf: igb().ifname, sysfsRoot: new Sysfs().root, h });
  const request = (index: number) => ({
    owner: "c",
    index,
    // igb's VFs start with spoofchk on and trust off.
    config: { vlan: 100, qos: 2, mac: `02:00:00:00:1b:0${index}`, maxTxRate: 100, spoofchk: false, trust: true, mtu: 1400 },
  });
  crashTests(
    "[guest] igb: a crash at",
    base,
    VFS,
    request,
    APPLY_ORDER.filter((s) => s !== "linkState"),
  );
  defaultsTest("[guest] igb:", base, 1);
});
