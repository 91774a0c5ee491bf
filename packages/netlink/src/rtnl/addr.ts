// RTM_*ADDR messages: struct ifaddrmsg + IFA_* attributes (include/uapi/linux/if_addr.h).
import { type Codec, ipaddr, s32, struct, strz, u8, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { type Decoded, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

export const ifaddrmsg = struct([
  ["family", "u8"],
  ["prefixlen", "u8"],
  ["flags", "u8"],
  ["scope", "u8"],
  ["index", "u32"],
] as const);
export type IfAddrMsg = ReturnType<typeof ifaddrmsg.decode>;

export const ifa_cacheinfo = struct([
  ["prefered", "u32"],
  ["valid", "u32"],
  ["cstamp", "u32"],
  ["tstamp", "u32"],
] as const);

export const ADDR = schema("IFA", {
  address: one(C.IFA_ADDRESS, "IFA_ADDRESS", ipaddr),
  local: one(C.IFA_LOCAL, "IFA_LOCAL", ipaddr),
  label: one(C.IFA_LABEL, "IFA_LABEL", strz),
  broadcast: one(C.IFA_BROADCAST, "IFA_BROADCAST", ipaddr),
  anycast: one(C.IFA_ANYCAST, "IFA_ANYCAST", ipaddr),
  cacheinfo: one(C.IFA_CACHEINFO, "IFA_CACHEINFO", ifa_cacheinfo),
  multicast: one(C.IFA_MULTICAST, "IFA_MULTICAST", ipaddr),
  flags: one(C.IFA_FLAGS, "IFA_FLAGS", u32),
  rtPriority: one(C.IFA_RT_PRIORITY, "IFA_RT_PRIORITY", u32),
  targetNetnsid: one(C.IFA_TARGET_NETNSID, "IFA_TARGET_NETNSID", s32),
  proto: one(C.IFA_PROTO, "IFA_PROTO", u8),
});

export type AddrAttrs = Decoded<typeof ADDR.fields>;
export type AddrMessage = FamilyMessage<IfAddrMsg, typeof ADDR.fields>;
export const addrMessage: Codec<AddrMessage> = familyMessage(ifaddrmsg, ADDR);
