// Announcements after Join for mode=sriov, end to end in the guest rig's igb VM (scripts/guest/run
// --sriov): a real dockerd gives a container a VF; the PF, in the guest's own netns, stands for a
// peer on the segment (the NIC switches the VF's broadcasts to it) and holds stale neighbour
// entries for the container's addresses, which must take the VF's MAC. Skipped elsewhere.
// igbvf turns the VF's carrier on seconds after Docker brings it up (a loaded CI runner: 3.4 s),
// and frames sent before that are dropped without an error: this test is what showed that the
// announcer must wait for the link to run (IFF_RUNNING), not only to be up.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants as C, Handle, PacketSocket, parseArp, parseEthernet } from "@underlay/netlink";
import { Sysfs } from "@underlay/sriov";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findIgbPf, type IgbPf } from "../../netlink/test/support/igb.js";
import { neighbourMac, plantStaleNeighbour, readUntil } from "../../netlink/test/support/neighbours.js";
import { missingDocker, networkCreateArgs, type PrivateDocker, startDockerd } from "./support/dockerd.mjs";
import { missingCli, type PluginProcess, startPlugin } from "./support/plugin-process.js";
import { quietly } from "./support/quietly.js";

const found = findIgbPf();
const why = typeof found === "string" ? found : (missingDocker() ?? missingCli());
const pf = typeof found === "string" ? "" : (found as IgbPf).ifname;
const STALE = "02:00:00:00:99:99";
const [V4, V6] = ["10.231.40.2", "fd00:231:40::2"];

describe.skipIf(why !== undefined)(`[guest] announcements after Join: sriov${why ? ` (skipped: ${why})` : ""}`, () => {
  let d: PrivateDocker;
  let plugin: PluginProcess;
  let stateDir: string;
  let h: Handle;

  beforeAll(async () => {
    h = new Handle();
    new Sysfs().writeNumVfs(pf, 0);
    h.linkSetUp(pf);
    h.addrAdd(pf, "10.231.40.250/24");
    h.addrAdd(pf, "fd00:231:40::250/64", { nodad: true });
    stateDir = mkdtempSync(join(tmpdir(), "ulstate-"));
    plugin = await startPlugin("sriov", stateDir);
    d = await startDockerd();
  }, 180_000);
  afterAll(async () => {
    quietly(() => d?.docker("rm", "-f", "ulan1"));
    quietly(() => d?.docker("network", "rm", "ulsran"));
    await d?.stop();
    await plugin?.stop();
    quietly(() => h.addrDel(pf, "10.231.40.250/24"));
    quietly(() => h.addrDel(pf, "fd00:231:40::250/64"));
    h?.close();
    if (pf) new Sysfs().writeNumVfs(pf, 0);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it("[guest] the PF's stale IPv4 and IPv6 entries for the container take its VF's MAC", async () => {
    const subnets = ["--subnet", "10.231.40.0/24", "--ipv6", "--subnet", "fd00:231:40::/64"];
    d.docker(...networkCreateArgs("sriov", "ulsran", { netdevice: pf, numvfs: "2" }, ...subnets));
    plantStaleNeighbour(undefined, pf, V4, STALE);
    plantStaleNeighbour(undefined, pf, V6, STALE);
    // What reaches the PF: the gratuitous ARP for the container's address, as the PF's kernel gets it.
    const tap = new PacketSocket({ ifname: pf, protocol: C.ETH_P_ARP });
    const seen = tap.receive((f) => {
      const arp = parseArp(parseEthernet(f)?.payload ?? Buffer.alloc(0));
      return arp?.senderIp === V4 ? arp.senderMac : undefined;
    }, 60_000);
    d.docker("run", "-d", "--name", "ulan1", "--network", "ulsran", "--ip", V4, "--ip6", V6, d.image, "sleep", "600");
    const mac = d.docker("exec", "ulan1", "ip", "link", "show", "eth0").match(/link\/ether ([0-9a-f:]{17})/)?.[1];
    expect(mac).toMatch(/^[0-9a-f:]{17}$/);
    const both = () => [neighbourMac(undefined, pf, V4), neighbourMac(undefined, pf, V6)].join();
    try {
      expect(await seen).toBe(mac); // the PF's receive path got the VF's gratuitous ARP
    } finally {
      tap.close();
    }
    expect(await readUntil(both, [mac, mac].join(), 15_000)).toBe([mac, mac].join());
  }, 300_000);
});
