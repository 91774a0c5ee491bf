// RTA_MULTIPATH: an array of struct rtnexthop, each followed by its own RTA_* attributes
// (include/uapi/linux/rtnetlink.h, RTNH_*). Pure: no I/O.
import { binary, type Codec, ipaddr, u16, u32 } from "../wire/codecs.js";
import { align4 } from "../wire/header.js";
import { type Decoded, one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

/** The attributes a nexthop of a multipath route may carry. */
export const RTNH = schema("RTA", {
  gateway: one(C.RTA_GATEWAY, "RTA_GATEWAY", ipaddr),
  flow: one(C.RTA_FLOW, "RTA_FLOW", u32),
  via: one(C.RTA_VIA, "RTA_VIA", binary),
  newdst: one(C.RTA_NEWDST, "RTA_NEWDST", binary),
  encapType: one(C.RTA_ENCAP_TYPE, "RTA_ENCAP_TYPE", u16),
  encap: one(C.RTA_ENCAP, "RTA_ENCAP", binary),
});
export type RtNexthopAttrs = Decoded<typeof RTNH.fields>;

/** One struct rtnexthop and its attributes. */
export interface RtNexthop {
  /** rtnh_flags: RTNH_F_*. */
  flags: number;
  /** rtnh_hops: the weight minus one (`ip route … nexthop … weight 1` sends 0). */
  hops: number;
  /** rtnh_ifindex: the nexthop's device. */
  ifindex: number;
  attrs: RtNexthopAttrs;
}

/** sizeof(struct rtnexthop): rtnh_len u16, rtnh_flags u8, rtnh_hops u8, rtnh_ifindex s32. */
const RTNH_HDRLEN = 8;

export const multipath: Codec<RtNexthop[]> = {
  decode(b, start = 0, end = b.length) {
    const out: RtNexthop[] = [];
    for (let off = start; off + RTNH_HDRLEN <= end; ) {
      const len = b.readUInt16LE(off);
      if (len < RTNH_HDRLEN || off + len > end) throw new RangeError(`rtnexthop at offset ${off - start}: rtnh_len ${len}`);
      out.push({
        flags: b.readUInt8(off + 2),
        hops: b.readUInt8(off + 3),
        ifindex: b.readInt32LE(off + 4),
        attrs: RTNH.decode(b, off + RTNH_HDRLEN, off + len),
      });
      off += align4(len);
    }
    return out;
  },
  encode(nexthops) {
    return Buffer.concat(
      nexthops.map((nh) => {
        const attrs = RTNH.encode(nh.attrs);
        const head = Buffer.alloc(RTNH_HDRLEN);
        head.writeUInt16LE(RTNH_HDRLEN + attrs.length, 0);
        head.writeUInt8(nh.flags, 2);
        head.writeUInt8(nh.hops, 3);
        head.writeInt32LE(nh.ifindex, 4);
        return Buffer.concat([head, attrs]);
      }),
    );
  },
};
