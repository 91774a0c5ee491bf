// The link kinds we know. A kind not listed here still decodes: its IFLA_INFO_DATA stays raw bytes.
import { bond } from "./bond.js";
import { bridge } from "./bridge.js";
import { dummy } from "./dummy.js";
import { ipvlan } from "./ipvlan.js";
import type { LinkKind } from "./kind.js";
import { macvlan } from "./macvlan.js";
import { veth } from "./veth.js";
import { vlan } from "./vlan.js";
import { vrf } from "./vrf.js";
import { vxlan } from "./vxlan.js";

export type { BondOptions } from "./bond.js";
export type { BridgeOptions } from "./bridge.js";
export type { DummyOptions } from "./dummy.js";
export type { IpvlanOptions } from "./ipvlan.js";
export type { MacvlanOptions } from "./macvlan.js";
export type { VethOptions, VethPeer } from "./veth.js";
export type { VlanOptions } from "./vlan.js";
export type { VrfOptions } from "./vrf.js";
export type { VxlanOptions } from "./vxlan.js";

export type KindOptions =
  | import("./macvlan.js").MacvlanOptions
  | import("./ipvlan.js").IpvlanOptions
  | import("./vlan.js").VlanOptions
  | import("./veth.js").VethOptions
  | import("./dummy.js").DummyOptions
  | import("./bridge.js").BridgeOptions
  | import("./vxlan.js").VxlanOptions
  | import("./bond.js").BondOptions
  | import("./vrf.js").VrfOptions;

const KINDS = new Map<string, LinkKind<never>>(
  [macvlan, ipvlan, vlan, veth, dummy, bridge, vxlan, bond, vrf].map((k) => [k.kind, k as LinkKind<never>]),
);

export function kindDriver(kind: string): LinkKind<KindOptions> | undefined {
  return KINDS.get(kind) as LinkKind<KindOptions> | undefined;
}

export function knownKinds(): string[] {
  return [...KINDS.keys()];
}
