// RTM_*ROUTE messages: struct rtmsg + RTA_* attributes (include/uapi/linux/rtnetlink.h).
import { encodeAttr, NLA_TYPE_MASK, parseAttrs } from "../wire/attr.js";
import { be16, binary, type Codec, ipaddr, struct, u8, u16, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { type Decoded, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";
import { multipath } from "./multipath.js";

export const rtmsg = struct([
  ["family", "u8"],
  ["dstLen", "u8"],
  ["srcLen", "u8"],
  ["tos", "u8"],
  ["table", "u8"],
  ["protocol", "u8"],
  ["scope", "u8"],
  ["type", "u8"],
  ["flags", "u32"],
] as const);
export type RtMsg = ReturnType<typeof rtmsg.decode>;

export const ROUTE = schema("RTA", {
  dst: one(C.RTA_DST, "RTA_DST", ipaddr),
  src: one(C.RTA_SRC, "RTA_SRC", ipaddr),
  iif: one(C.RTA_IIF, "RTA_IIF", u32),
  oif: one(C.RTA_OIF, "RTA_OIF", u32),
  gateway: one(C.RTA_GATEWAY, "RTA_GATEWAY", ipaddr),
  priority: one(C.RTA_PRIORITY, "RTA_PRIORITY", u32),
  prefsrc: one(C.RTA_PREFSRC, "RTA_PREFSRC", ipaddr),
  metrics: one(C.RTA_METRICS, "RTA_METRICS", binary),
  multipath: one(C.RTA_MULTIPATH, "RTA_MULTIPATH", multipath),
  flow: one(C.RTA_FLOW, "RTA_FLOW", u32),
  cacheinfo: one(C.RTA_CACHEINFO, "RTA_CACHEINFO", binary),
  table: one(C.RTA_TABLE, "RTA_TABLE", u32),
  mark: one(C.RTA_MARK, "RTA_MARK", u32),
  via: one(C.RTA_VIA, "RTA_VIA", binary),
  pref: one(C.RTA_PREF, "RTA_PREF", u8),
  encapType: one(C.RTA_ENCAP_TYPE, "RTA_ENCAP_TYPE", u16),
  encap: one(C.RTA_ENCAP, "RTA_ENCAP", binary),
  expires: one(C.RTA_EXPIRES, "RTA_EXPIRES", binary),
  uid: one(C.RTA_UID, "RTA_UID", u32),
  ipProto: one(C.RTA_IP_PROTO, "RTA_IP_PROTO", u8),
  nhId: one(C.RTA_NH_ID, "RTA_NH_ID", u32),
  // RTA_SPORT / RTA_DPORT (28, 29): a route lookup's ports (ip route get sport/dport), network order.
  sport: one(28, "RTA_SPORT", be16),
  dport: one(29, "RTA_DPORT", be16),
});

export type RouteAttrs = Decoded<typeof ROUTE.fields>;
export type RouteMessage = FamilyMessage<RtMsg, typeof ROUTE.fields>;
export const routeMessage: Codec<RouteMessage> = familyMessage(rtmsg, ROUTE);

/** RTA_METRICS's payload from RTAX_* → value (u32 each; RTAX_CC_ALGO's string as bytes). */
export function encodeMetrics(metrics: ReadonlyMap<number, number | string>): Buffer {
  return Buffer.concat(
    [...metrics].map(([type, v]) => {
      if (typeof v === "string") return encodeAttr(type, Buffer.from(v));
      const b = Buffer.alloc(4);
      b.writeUInt32LE(v >>> 0);
      return encodeAttr(type, b);
    }),
  );
}

/** RTA_METRICS's payload as RTAX_* → raw value, in the kernel's order. */
export function decodeMetrics(payload: Buffer): Map<number, Buffer> {
  return new Map(parseAttrs(payload).map((a) => [a.type & NLA_TYPE_MASK, a.value]));
}

/** struct rta_cacheinfo, which RTA_CACHEINFO carries (expires in jiffies, as USER_HZ). */
export const rta_cacheinfo = struct([
  ["clntref", "u32"],
  ["lastuse", "u32"],
  ["expires", "s32"],
  ["error", "u32"],
  ["used", "u32"],
  ["id", "u32"],
  ["ts", "u32"],
  ["tsage", "u32"],
] as const);
