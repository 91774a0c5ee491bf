// RTM_*NEXTHOP messages (`ip nexthop`, nexthop objects): struct nhmsg + NHA_* attributes
// (include/uapi/linux/nexthop.h). Pure: no I/O.
import { array, binary, type Codec, flag, ipaddr, struct, u16, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { type Decoded, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

export const nhmsg = struct([
  ["family", "u8"],
  /** Set by the kernel in replies only. */
  ["scope", "u8"],
  ["protocol", "u8"],
  ["_resvd", "pad1"],
  /** RTNH_F_*. */
  ["flags", "u32"],
] as const);
export type NhMsg = ReturnType<typeof nhmsg.decode>;

/** struct nexthop_grp: one member of a nexthop group. */
export const nexthop_grp = struct([
  ["id", "u32"],
  /** The weight minus one (low 8 bits). */
  ["weight", "u8"],
  /** weight_high since kernel 6.12 (resvd1 before): the weight's high 8 bits. */
  ["weightHigh", "u8"],
  ["_resvd2", "pad2"],
] as const);
export type NexthopGrp = ReturnType<typeof nexthop_grp.decode>;

export const NEXTHOP = schema("NHA", {
  id: one(C.NHA_ID, "NHA_ID", u32),
  group: one(C.NHA_GROUP, "NHA_GROUP", array(nexthop_grp)),
  /** NEXTHOP_GRP_TYPE_*. */
  groupType: one(C.NHA_GROUP_TYPE, "NHA_GROUP_TYPE", u16),
  blackhole: one(C.NHA_BLACKHOLE, "NHA_BLACKHOLE", flag),
  oif: one(C.NHA_OIF, "NHA_OIF", u32),
  gateway: one(C.NHA_GATEWAY, "NHA_GATEWAY", ipaddr),
  encapType: one(C.NHA_ENCAP_TYPE, "NHA_ENCAP_TYPE", u16),
  encap: one(C.NHA_ENCAP, "NHA_ENCAP", binary),
  groups: one(C.NHA_GROUPS, "NHA_GROUPS", flag),
  master: one(C.NHA_MASTER, "NHA_MASTER", u32),
  fdb: one(C.NHA_FDB, "NHA_FDB", flag),
  resGroup: one(C.NHA_RES_GROUP, "NHA_RES_GROUP", binary),
  resBucket: one(C.NHA_RES_BUCKET, "NHA_RES_BUCKET", binary),
});

export type NexthopAttrs = Decoded<typeof NEXTHOP.fields>;
export type NexthopMessage = FamilyMessage<NhMsg, typeof NEXTHOP.fields>;
export const nexthopMessage: Codec<NexthopMessage> = familyMessage(nhmsg, NEXTHOP);
