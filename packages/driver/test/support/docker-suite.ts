// What every end-to-end file does with its private dockerd and our plugin process: create
// networks and containers it remembers (so afterAll removes them, even after a failure), run
// commands inside, and read the host netns's links to prove nothing leaked.
import { Handle } from "@underlay/netlink";
import { networkCreateArgs, type PrivateDocker } from "./dockerd.mjs";
import { quietly } from "./quietly.js";

export interface DockerSuite {
  d: PrivateDocker;
  host: Handle;
  /** `docker network create -d DRIVER -o K=V… ARGS… NAME`; remembered for cleanup. */
  networkOn(driver: string, name: string, options: Record<string, string>, ...args: string[]): string;
  /** `docker run -d --name NAME --network NET … sleep 600`; remembered for cleanup. */
  run(name: string, net: string, ...args: string[]): string;
  rm(...names: string[]): void;
  rmNetwork(name: string): void;
  inside(c: string, ...cmd: string[]): string;
  /** Every link name in the host netns, sorted. */
  hostLinks(): (string | undefined)[];
  /** Removes what the suite made (containers, networks), quietly. */
  cleanup(): void;
}

export function dockerSuite(d: PrivateDocker): DockerSuite {
  const host = new Handle();
  const containers = new Set<string>();
  const networks = new Set<string>();
  const s: DockerSuite = {
    d,
    host,
    networkOn(driver, name, options, ...args) {
      d.docker(...networkCreateArgs(driver, name, options, ...args));
      networks.add(name);
      return name;
    },
    run(name, net, ...args) {
      containers.add(name);
      d.docker("run", "-d", "--name", name, "--network", net, ...args, d.image, "sleep", "600");
      return name;
    },
    rm(...names) {
      if (names.length) d.docker("rm", "-f", ...names);
      for (const n of names) containers.delete(n);
    },
    rmNetwork(name) {
      d.docker("network", "rm", name);
      networks.delete(name);
    },
    inside: (c, ...cmd) => d.docker("exec", c, ...cmd),
    // A link DeleteEndpoint set aside (ul_IFINDEX) lasts until the next background batch: not counted.
    hostLinks: () =>
      host
        .linkList()
        .map((l) => l.attrs.ifname)
        .filter((n) => !/^ul_\d+$/.test(n ?? ""))
        .sort(),
    cleanup() {
      for (const c of containers) quietly(() => d.docker("rm", "-f", c));
      for (const n of networks) quietly(() => d.docker("network", "rm", n));
      host.close();
    },
  };
  return s;
}
