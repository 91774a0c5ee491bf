// RTM_*NEIGH messages (`ip neigh`): struct ndmsg + NDA_* attributes (include/uapi/linux/neighbour.h).
// The constants live here rather than in constants.ts: they belong to this message alone. Pure: no I/O.
import { binary, type Codec, hwaddr, ipaddr, struct, u8, u16, u32 } from "../wire/codecs.js";
import { type FamilyMessage, familyMessage } from "../wire/message.js";
import { type Decoded, one, schema } from "../wire/schema.js";

export const RTM_NEWNEIGH = 28;
export const RTM_DELNEIGH = 29;
export const RTM_GETNEIGH = 30;
/** The multicast group of neighbour events. */
export const RTNLGRP_NEIGH = 3;

export const NDA_DST = 1;
export const NDA_LLADDR = 2;
export const NDA_CACHEINFO = 3;
export const NDA_PROBES = 4;
export const NDA_VLAN = 5;
export const NDA_PORT = 6;
export const NDA_VNI = 7;
export const NDA_IFINDEX = 8;
export const NDA_MASTER = 9;
export const NDA_LINK_NETNSID = 10;
export const NDA_SRC_VNI = 11;
export const NDA_PROTOCOL = 12;
export const NDA_NH_ID = 13;
export const NDA_FLAGS_EXT = 15;

/** ndm_state: NUD_* bits (NUD_NONE is 0). */
export const NUD_INCOMPLETE = 0x01;
export const NUD_REACHABLE = 0x02;
export const NUD_STALE = 0x04;
export const NUD_DELAY = 0x08;
export const NUD_PROBE = 0x10;
export const NUD_FAILED = 0x20;
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;
export const NUD_NONE = 0x00;

/** ndm_flags: NTF_* bits. */
export const NTF_USE = 0x01;
export const NTF_SELF = 0x02;
export const NTF_MASTER = 0x04;
export const NTF_PROXY = 0x08;
export const NTF_EXT_LEARNED = 0x10;
export const NTF_OFFLOADED = 0x20;
export const NTF_STICKY = 0x40;
export const NTF_ROUTER = 0x80;
/** NDA_FLAGS_EXT bits. */
export const NTF_EXT_MANAGED = 0x01;

export const ndmsg = struct([
  ["family", "u8"],
  ["_pad1", "pad1"],
  ["_pad2", "pad2"],
  ["index", "s32"],
  /** NUD_*. */
  ["state", "u16"],
  /** NTF_*. */
  ["flags", "u8"],
  /** RTN_* of the address (unicast, multicast…). */
  ["type", "u8"],
] as const);
export type NdMsg = ReturnType<typeof ndmsg.decode>;

/** struct nda_cacheinfo: ages in USER_HZ ticks since the entry was confirmed, used, updated. */
export const nda_cacheinfo = struct([
  ["confirmed", "u32"],
  ["used", "u32"],
  ["updated", "u32"],
  ["refcnt", "u32"],
] as const);
export type NdaCacheinfo = ReturnType<typeof nda_cacheinfo.decode>;

export const NEIGH = schema("NDA", {
  dst: one(NDA_DST, "NDA_DST", ipaddr),
  lladdr: one(NDA_LLADDR, "NDA_LLADDR", hwaddr),
  cacheinfo: one(NDA_CACHEINFO, "NDA_CACHEINFO", nda_cacheinfo),
  probes: one(NDA_PROBES, "NDA_PROBES", u32),
  vlan: one(NDA_VLAN, "NDA_VLAN", u16),
  /** __be16, kept as bytes. */
  port: one(NDA_PORT, "NDA_PORT", binary),
  vni: one(NDA_VNI, "NDA_VNI", u32),
  ifindex: one(NDA_IFINDEX, "NDA_IFINDEX", u32),
  master: one(NDA_MASTER, "NDA_MASTER", u32),
  linkNetnsid: one(NDA_LINK_NETNSID, "NDA_LINK_NETNSID", u32),
  srcVni: one(NDA_SRC_VNI, "NDA_SRC_VNI", u32),
  protocol: one(NDA_PROTOCOL, "NDA_PROTOCOL", u8),
  nhId: one(NDA_NH_ID, "NDA_NH_ID", u32),
  flagsExt: one(NDA_FLAGS_EXT, "NDA_FLAGS_EXT", u32),
});

export type NeighAttrs = Decoded<typeof NEIGH.fields>;
export type NeighMessage = FamilyMessage<NdMsg, typeof NEIGH.fields>;
export const neighMessage: Codec<NeighMessage> = familyMessage(ndmsg, NEIGH);
