// The objects `underlay` knows, in ip's order of matching (ip.c's table) so that a short word picks
// what it picks in ip (`m` is maddress, not monitor; `n` is neighbour), then underlay's own. Each
// is loaded only when a command line names it: start-up is most of a one-off command's time.
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import type { IpObject } from "./ip-object.js";

type Register = (command: Command, ctx: CliContext) => void;

export type ObjectEntry =
  /** An ip object underlay implements with ip's grammar. */
  | { kind: "ip"; names: readonly string[]; description: string; load: () => Promise<IpObject> }
  /** underlay's own objects, with commander's grammar (--options, --help). */
  | { kind: "commander"; names: readonly string[]; description: string; load: () => Promise<Register> }
  /** An ip object underlay does not implement: named, so that its prefixes still mean what they mean in ip. */
  | { kind: "ip-only"; names: readonly string[] };

const ip = (names: string[], description: string, load: () => Promise<IpObject>): ObjectEntry => ({
  kind: "ip",
  names,
  description,
  load,
});
const own = (name: string, description: string, load: () => Promise<Register>): ObjectEntry => ({
  kind: "commander",
  names: [name],
  description,
  load,
});
const ipOnly = (...names: string[]): ObjectEntry => ({ kind: "ip-only", names });

export const OBJECTS: readonly ObjectEntry[] = [
  ip(["address"], "addresses (ip address)", async () => (await import("../commands/address.js")).address),
  ipOnly("addrlabel"),
  ipOnly("maddress"),
  ip(["route"], "routes (ip route)", async () => (await import("../commands/route.js")).route),
  ip(["rule"], "policy routing rules (ip rule)", async () => (await import("../commands/rule.js")).rule),
  ip(["neighbor", "neighbour"], "the ARP and NDP caches (ip neigh)", async () => (await import("../commands/neigh.js")).neigh),
  ipOnly("ntable", "ntbl"),
  ip(["link"], "network links (ip link)", async () => (await import("../commands/link.js")).link),
  ipOnly("l2tp", "fou", "ila", "macsec", "tunnel", "tunl", "tuntap", "tap", "token", "tcpmetrics", "tcp_metrics"),
  ip(["monitor"], "rtnetlink events as they happen (ip monitor)", async () => (await import("../commands/monitor.js")).monitor),
  ipOnly("xfrm", "mroute", "mrule", "netns", "netconf", "vrf", "sr", "nexthop", "mptcp", "ioam", "stats"),
  own("vf", "SR-IOV virtual functions of a PF (ip link … vf)", async () => (await import("../commands/vf.js")).registerVf),
  own(
    "sriov",
    "SR-IOV on a PF: the VF count, and who holds which VF",
    async () => (await import("../commands/sriov.js")).registerSriov,
  ),
  own(
    "decode",
    "decode a raw netlink message into readable attributes",
    async () => (await import("../commands/decode.js")).registerDecode,
  ),
  own("driver", "the Docker network driver", async () => (await import("../commands/driver.js")).registerDriver),
  own(
    "completion",
    "bash and zsh completion, and the man page",
    async () => (await import("../commands/completion.js")).registerCompletion,
  ),
];
