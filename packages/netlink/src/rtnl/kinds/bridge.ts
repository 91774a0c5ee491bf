// bridge: `ip link add NAME type bridge [stp_state 0|1] [vlan_filtering 0|1]`.
import { be16, u8, u16, u32 } from "../../wire/codecs.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import type { LinkKind } from "./kind.js";

export const BRIDGE_DATA = schema("IFLA_BR", {
  forwardDelay: one(C.IFLA_BR_FORWARD_DELAY, "IFLA_BR_FORWARD_DELAY", u32),
  helloTime: one(C.IFLA_BR_HELLO_TIME, "IFLA_BR_HELLO_TIME", u32),
  maxAge: one(C.IFLA_BR_MAX_AGE, "IFLA_BR_MAX_AGE", u32),
  ageingTime: one(C.IFLA_BR_AGEING_TIME, "IFLA_BR_AGEING_TIME", u32),
  stpState: one(C.IFLA_BR_STP_STATE, "IFLA_BR_STP_STATE", u32),
  priority: one(C.IFLA_BR_PRIORITY, "IFLA_BR_PRIORITY", u16),
  vlanFiltering: one(C.IFLA_BR_VLAN_FILTERING, "IFLA_BR_VLAN_FILTERING", u8),
  vlanProtocol: one(C.IFLA_BR_VLAN_PROTOCOL, "IFLA_BR_VLAN_PROTOCOL", be16),
});

export interface BridgeOptions {
  kind: "bridge";
  stp?: boolean;
  vlanFiltering?: boolean;
}

export const bridge: LinkKind<BridgeOptions> = {
  kind: "bridge",
  data: BRIDGE_DATA,
  needsParent: false,
  infoData: (o) => {
    const data: Record<string, unknown> = {};
    if (o.stp !== undefined) data.stpState = o.stp ? 1 : 0;
    if (o.vlanFiltering !== undefined) data.vlanFiltering = o.vlanFiltering ? 1 : 0;
    return Object.keys(data).length ? data : undefined;
  },
};
