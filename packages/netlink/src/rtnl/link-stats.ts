// IFLA_STATS64 (struct rtnl_link_stats64) and IFLA_AF_SPEC's per-family link data, as
// `ip -s link` and `ip -d link` read them (include/uapi/linux/if_link.h).
import { type Codec, u8 } from "../wire/codecs.js";
import { one, schema } from "../wire/schema.js";
import * as C from "./constants.js";

/** struct rtnl_link_stats64's counters in the kernel's order. */
export const LINK_STATS64_FIELDS = [
  "rx_packets",
  "tx_packets",
  "rx_bytes",
  "tx_bytes",
  "rx_errors",
  "tx_errors",
  "rx_dropped",
  "tx_dropped",
  "multicast",
  "collisions",
  "rx_length_errors",
  "rx_over_errors",
  "rx_crc_errors",
  "rx_frame_errors",
  "rx_fifo_errors",
  "rx_missed_errors",
  "tx_aborted_errors",
  "tx_carrier_errors",
  "tx_fifo_errors",
  "tx_heartbeat_errors",
  "tx_window_errors",
  "rx_compressed",
  "tx_compressed",
  "rx_nohandler",
  "rx_otherhost_dropped",
] as const;
export type LinkStats64 = Record<(typeof LINK_STATS64_FIELDS)[number], bigint>;

/**
 * The struct grew over the years (rx_nohandler in 4.6, rx_otherhost_dropped in 5.19): a counter
 * an older kernel does not send reads as 0, as iproute2's memcpy into a zeroed struct does.
 */
export const linkStats64: Codec<LinkStats64> = {
  decode(b, start = 0, end = b.length) {
    const out = {} as LinkStats64;
    LINK_STATS64_FIELDS.forEach((name, i) => {
      const at = start + i * 8;
      out[name] = at + 8 <= end ? b.readBigUInt64LE(at) : 0n;
    });
    return out;
  },
  encode(v) {
    const b = Buffer.alloc(LINK_STATS64_FIELDS.length * 8);
    LINK_STATS64_FIELDS.forEach((name, i) => {
      b.writeBigUInt64LE(v[name] ?? 0n, i * 8);
    });
    return b;
  },
};

/** IFLA_INET6_* under IFLA_AF_SPEC's AF_INET6 (only what ip link prints). */
const AF_INET6_LINK = schema("IFLA_INET6", {
  addrGenMode: one(C.IFLA_INET6_ADDR_GEN_MODE, "IFLA_INET6_ADDR_GEN_MODE", u8),
});

/** IFLA_AF_SPEC: nested by address family. */
export const AF_SPEC = schema("IFLA_AF_SPEC", {
  inet6: one(C.AF_INET6, "AF_INET6", AF_INET6_LINK),
});
