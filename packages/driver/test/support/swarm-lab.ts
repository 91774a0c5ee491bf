// Two hosts on one machine, as a swarm test needs them: two network namespaces wired like two
// machines with two NICs each. One veth pair carries swarm's control traffic (the address each
// node advertises); a second pair is the physical segment the underlay parents sit on, like two
// ports of one switch. Nothing is created in the machine's own netns, and teardown deletes both
// namespaces (their links go with them) even when setting up failed half-way.
import { statSync } from "node:fs";
import { Handle, netnsAdd, netnsDel, netnsList } from "@underlay/netlink";
import { quietly } from "./quietly.js";

export interface LabHost {
  netns: string;
  /** netlink in this host's netns. */
  h: Handle;
  /** The swarm control link's address (--advertise-addr / --listen-addr). */
  ctlAddr: string;
  /** This host's underlay parent: its end of the shared segment. Its name differs per host. */
  parent: string;
  /** The netns inode, to tell which host a process (the plugin) runs in. */
  inode: number;
}

export interface SwarmLab {
  manager: LabHost;
  worker: LabHost;
  /** Our namespaces still present (empty after teardown). */
  leftovers(): string[];
  teardown(): void;
}

const CTL = "ctl0";

export function swarmLab(tag: string): SwarmLab {
  const names = { manager: `ulsw${tag}m`, worker: `ulsw${tag}w` };
  const handles: Handle[] = [];
  const teardown = () => {
    for (const h of handles.splice(0)) quietly(() => h.close());
    for (const ns of Object.values(names)) if (netnsList().includes(ns)) quietly(() => netnsDel(ns));
  };
  try {
    for (const ns of Object.values(names)) netnsAdd(ns);
    const [m, w] = [new Handle({ netns: { name: names.manager } }), new Handle({ netns: { name: names.worker } })];
    handles.push(m, w);
    // The segment first, both ends made in the manager's netns and one moved: a moved link keeps its
    // ifindex when it is free, so the two parents get different ifindexes and a container's macvlan
    // (IFLA_LINK) names its own node's parent unambiguously.
    m.linkAdd({ name: "lan0", kind: "veth", peer: { name: "lan1" } });
    m.linkSet("lan1", { netns: { name: names.worker } });
    m.linkAdd({ name: CTL, kind: "veth", peer: { name: CTL, netns: { name: names.worker } } });
    const host = (ns: string, h: Handle, parent: string, ctlAddr: string): LabHost => {
      for (const link of ["lo", parent, CTL]) h.linkSetUp(link);
      h.addrAdd(CTL, `${ctlAddr}/24`);
      return { netns: ns, h, ctlAddr, parent, inode: statSync(`/run/netns/${ns}`).ino };
    };
    return {
      manager: host(names.manager, m, "lan0", "10.231.40.1"),
      worker: host(names.worker, w, "lan1", "10.231.40.2"),
      leftovers: () => netnsList().filter((ns) => Object.values(names).includes(ns)),
      teardown,
    };
  } catch (e) {
    teardown();
    throw e;
  }
}
