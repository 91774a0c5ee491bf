// bridge (ip/iplink_bridge.c, iplink_bridge_slave.c): `type bridge [stp_state 0|1] [vlan_filtering 0|1]`;
// the detail tables are in bridge-detail.ts.
import type { BridgeOptions } from "@underlay/netlink";
import { int, into } from "../words.js";
import { bridgePrinter, bridgeSlavePrinter } from "./bridge-detail.js";
import type { CliKind } from "./kind.js";
import { readKindWords } from "./kind-words.js";

const bit = int(0, 1);
// iplink_bridge.c's first keywords, in its order (a prefix picks the first).
const BRIDGE_WORDS = [
  "forward_delay",
  "hello_time",
  "max_age",
  "ageing_time",
  "stp_state",
  "priority",
  "vlan_filtering",
  "vlan_protocol",
];

export const bridge: CliKind = {
  name: "bridge",
  usage: "[stp_state 0|1] [vlan_filtering 0|1]",
  parse: (w) => {
    const o: { stp_state?: number; vlan_filtering?: number } = {};
    const handlers = { stp_state: into(o, "stp_state", bit), vlan_filtering: into(o, "vlan_filtering", bit) };
    readKindWords(w, "bridge", handlers, BRIDGE_WORDS);
    const b: BridgeOptions = { kind: "bridge" };
    if (o.stp_state !== undefined) b.stp = o.stp_state === 1;
    if (o.vlan_filtering !== undefined) b.vlanFiltering = o.vlan_filtering === 1;
    return b;
  },
  print: bridgePrinter,
  slavePrint: bridgeSlavePrinter,
};
