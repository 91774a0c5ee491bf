// ipvlan: `ip link add NAME link PARENT type ipvlan mode {l2|l3|l3s} [bridge|private|vepa]`.
import { u16 } from "../../wire/codecs.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import { type LinkKind, pick } from "./kind.js";

export const IPVLAN_MODES = { l2: C.IPVLAN_MODE_L2, l3: C.IPVLAN_MODE_L3, l3s: C.IPVLAN_MODE_L3S } as const;
export const IPVLAN_FLAGS = { bridge: 0, private: C.IPVLAN_F_PRIVATE, vepa: C.IPVLAN_F_VEPA } as const;
export type IpvlanMode = keyof typeof IPVLAN_MODES;
export type IpvlanFlag = keyof typeof IPVLAN_FLAGS;

export const IPVLAN_DATA = schema("IFLA_IPVLAN", {
  mode: one(C.IFLA_IPVLAN_MODE, "IFLA_IPVLAN_MODE", u16),
  flags: one(C.IFLA_IPVLAN_FLAGS, "IFLA_IPVLAN_FLAGS", u16),
});

export interface IpvlanOptions {
  kind: "ipvlan";
  /** Default l2, as Docker's ipvlan driver uses. */
  mode?: IpvlanMode;
  /** Default bridge. */
  flag?: IpvlanFlag;
}

export const ipvlan: LinkKind<IpvlanOptions> = {
  kind: "ipvlan",
  data: IPVLAN_DATA,
  needsParent: true,
  infoData: (o) => ({
    mode: pick("ipvlan mode", IPVLAN_MODES, o.mode ?? "l2"),
    flags: pick("ipvlan flag", IPVLAN_FLAGS, o.flag ?? "bridge"),
  }),
};
