// 802.1Q/802.1ad sub-interface: `ip link add NAME link PARENT type vlan id ID [protocol P]`.

import { be16, binary, u16 } from "../../wire/codecs.js";
import { ValidationError } from "../../wire/errors.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import { type LinkKind, pick } from "./kind.js";

export const VLAN_PROTOCOLS = { "802.1Q": C.ETH_P_8021Q, "802.1ad": C.ETH_P_8021AD } as const;
export type VlanProtocol = keyof typeof VLAN_PROTOCOLS;

export const VLAN_DATA = schema("IFLA_VLAN", {
  id: one(C.IFLA_VLAN_ID, "IFLA_VLAN_ID", u16),
  flags: one(C.IFLA_VLAN_FLAGS, "IFLA_VLAN_FLAGS", binary),
  egressQos: one(C.IFLA_VLAN_EGRESS_QOS, "IFLA_VLAN_EGRESS_QOS", binary),
  ingressQos: one(C.IFLA_VLAN_INGRESS_QOS, "IFLA_VLAN_INGRESS_QOS", binary),
  protocol: one(C.IFLA_VLAN_PROTOCOL, "IFLA_VLAN_PROTOCOL", be16),
});

export interface VlanOptions {
  kind: "vlan";
  /** 0-4094. */
  id: number;
  /** Default 802.1Q. */
  protocol?: VlanProtocol;
}

export const vlan: LinkKind<VlanOptions> = {
  kind: "vlan",
  data: VLAN_DATA,
  needsParent: true,
  infoData: (o) => {
    if (!Number.isInteger(o.id) || o.id < 0 || o.id > 4094) {
      throw new ValidationError(`invalid vlan id ${o.id}: allowed values are 0-4094`);
    }
    return { id: o.id, protocol: pick("vlan protocol", VLAN_PROTOCOLS, o.protocol ?? "802.1Q") };
  },
};
