// bridge and bridge_slave details as ip/iplink_bridge.c and iplink_bridge_slave.c print them,
// for the attributes our IFLA_BR_* schema decodes (in ip's order; ip prints each one it gets).
import type { IpPrint } from "./ip-print.js";
import { vlanProtocolName } from "./linkinfo.js";

type Data = Record<string, unknown>;

// [field in our schema, ip's JSON key and text word]
const BRIDGE_UINTS: [string, string][] = [
  ["forwardDelay", "forward_delay"],
  ["helloTime", "hello_time"],
  ["maxAge", "max_age"],
  ["ageingTime", "ageing_time"],
  ["stpState", "stp_state"],
  ["priority", "priority"],
  ["vlanFiltering", "vlan_filtering"],
];

export function bridgePrinter(p: IpPrint, d: Data): void {
  for (const [field, key] of BRIDGE_UINTS) {
    const v = d[field];
    if (v !== undefined) p.any(key, Number(v), `${key} ${v} `);
  }
  if (d.vlanProtocol !== undefined) {
    const name = vlanProtocolName(Number(d.vlanProtocol));
    p.any("vlan_protocol", name, `vlan_protocol ${name} `);
  }
}

export function bridgeSlavePrinter(_p: IpPrint, _d: Data): void {}
