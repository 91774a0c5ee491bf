// VRF (an L3 domain with its own routing table): `ip link add NAME type vrf table N`; ports join
// with `link set PORT master VRF`. IFLA_VRF_* from include/uapi/linux/if_link.h.
import { u32 } from "../../wire/codecs.js";
import { ValidationError } from "../../wire/errors.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import type { LinkKind } from "./kind.js";

export const VRF_DATA = schema("IFLA_VRF", { table: one(C.IFLA_VRF_TABLE, "IFLA_VRF_TABLE", u32) });

export interface VrfOptions {
  kind: "vrf";
  /** The routing table the VRF's routes go in (the kernel requires one). */
  table: number;
}

export const vrf: LinkKind<VrfOptions> = {
  kind: "vrf",
  data: VRF_DATA,
  needsParent: false,
  infoData: (o) => {
    if (!Number.isInteger(o.table) || o.table < 1 || o.table > 0xffffffff)
      throw new ValidationError(`invalid vrf table ${o.table}: allowed values are 1-4294967295`);
    return { table: o.table };
  },
};
