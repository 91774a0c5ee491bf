// RTM_*NSID messages: struct rtgenmsg + NETNSA_* (include/uapi/linux/net_namespace.h).
import { type Codec, s32, struct, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

const rtgenmsg = struct([
  ["family", "u8"],
  ["_pad", "pad3"],
] as const);

export const NETNSA = schema("NETNSA", {
  nsid: one(C.NETNSA_NSID, "NETNSA_NSID", s32),
  pid: one(C.NETNSA_PID, "NETNSA_PID", u32),
  fd: one(C.NETNSA_FD, "NETNSA_FD", u32),
});

export type NsidMessage = FamilyMessage<ReturnType<typeof rtgenmsg.decode>, typeof NETNSA.fields>;
export const nsidMessage: Codec<NsidMessage> = familyMessage(rtgenmsg, NETNSA);
