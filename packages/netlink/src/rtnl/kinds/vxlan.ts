// VXLAN overlay tunnel: `ip link add NAME type vxlan id VNI [remote|group IP] [local IP] [dev LINK]
// [dstport PORT] [ttl N] [nolearning]`. Attribute numbers are include/uapi/linux/if_link.h's
// IFLA_VXLAN_* (constants-link-kinds.ts).
import { be16, binary, ipaddr, u8, u32 } from "../../wire/codecs.js";
import { ValidationError } from "../../wire/errors.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import type { LinkKind } from "./kind.js";

const u8f = (type: number, name: string) => one(type, name, u8);

export const VXLAN_DATA = schema("IFLA_VXLAN", {
  id: one(C.IFLA_VXLAN_ID, "IFLA_VXLAN_ID", u32),
  group: one(C.IFLA_VXLAN_GROUP, "IFLA_VXLAN_GROUP", ipaddr),
  group6: one(C.IFLA_VXLAN_GROUP6, "IFLA_VXLAN_GROUP6", ipaddr),
  local: one(C.IFLA_VXLAN_LOCAL, "IFLA_VXLAN_LOCAL", ipaddr),
  local6: one(C.IFLA_VXLAN_LOCAL6, "IFLA_VXLAN_LOCAL6", ipaddr),
  link: one(C.IFLA_VXLAN_LINK, "IFLA_VXLAN_LINK", u32),
  /** struct ifla_vxlan_port_range: two big-endian u16s, low and high. */
  portRange: one(C.IFLA_VXLAN_PORT_RANGE, "IFLA_VXLAN_PORT_RANGE", binary),
  port: one(C.IFLA_VXLAN_PORT, "IFLA_VXLAN_PORT", be16),
  learning: u8f(C.IFLA_VXLAN_LEARNING, "IFLA_VXLAN_LEARNING"),
  proxy: u8f(C.IFLA_VXLAN_PROXY, "IFLA_VXLAN_PROXY"),
  rsc: u8f(C.IFLA_VXLAN_RSC, "IFLA_VXLAN_RSC"),
  l2miss: u8f(C.IFLA_VXLAN_L2MISS, "IFLA_VXLAN_L2MISS"),
  l3miss: u8f(C.IFLA_VXLAN_L3MISS, "IFLA_VXLAN_L3MISS"),
  tos: u8f(C.IFLA_VXLAN_TOS, "IFLA_VXLAN_TOS"),
  ttl: u8f(C.IFLA_VXLAN_TTL, "IFLA_VXLAN_TTL"),
  ttlInherit: u8f(C.IFLA_VXLAN_TTL_INHERIT, "IFLA_VXLAN_TTL_INHERIT"),
  df: u8f(C.IFLA_VXLAN_DF, "IFLA_VXLAN_DF"),
  label: one(C.IFLA_VXLAN_LABEL, "IFLA_VXLAN_LABEL", binary),
  ageing: one(C.IFLA_VXLAN_AGEING, "IFLA_VXLAN_AGEING", u32),
  limit: one(C.IFLA_VXLAN_LIMIT, "IFLA_VXLAN_LIMIT", u32),
  udpCsum: u8f(C.IFLA_VXLAN_UDP_CSUM, "IFLA_VXLAN_UDP_CSUM"),
  udpZeroCsum6Tx: u8f(C.IFLA_VXLAN_UDP_ZERO_CSUM6_TX, "IFLA_VXLAN_UDP_ZERO_CSUM6_TX"),
  udpZeroCsum6Rx: u8f(C.IFLA_VXLAN_UDP_ZERO_CSUM6_RX, "IFLA_VXLAN_UDP_ZERO_CSUM6_RX"),
  remcsumTx: u8f(C.IFLA_VXLAN_REMCSUM_TX, "IFLA_VXLAN_REMCSUM_TX"),
  remcsumRx: u8f(C.IFLA_VXLAN_REMCSUM_RX, "IFLA_VXLAN_REMCSUM_RX"),
  collectMetadata: u8f(C.IFLA_VXLAN_COLLECT_METADATA, "IFLA_VXLAN_COLLECT_METADATA"),
  vnifilter: u8f(C.IFLA_VXLAN_VNIFILTER, "IFLA_VXLAN_VNIFILTER"),
});

export interface VxlanOptions {
  kind: "vxlan";
  /** The VNI, 0-16777215. */
  id: number;
  /** Unicast peer (IFLA_VXLAN_GROUP/GROUP6 with a unicast address). */
  remote?: string;
  /** Multicast group the VTEP joins (needs `dev`). */
  group?: string;
  local?: string;
  /** The underlay link (C.IFLA_VXLAN_LINK), resolved to its ifindex when the request is made. */
  dev?: string | number;
  /** UDP destination port; the kernel's default is 8472 (Linux's, not IANA's 4789). */
  dstport?: number;
  /** 1-255; 0 (the default) lets the route decide. */
  ttl?: number;
  /** Learn remote MACs from received packets (default true, as ip sends it). */
  learning?: boolean;
}

const v6 = (a: string) => a.includes(":");

export const vxlan: LinkKind<VxlanOptions> = {
  kind: "vxlan",
  data: VXLAN_DATA,
  needsParent: false,
  linkRefs: (o): Record<string, string | number> => (o.dev === undefined ? {} : { link: o.dev }),
  infoData: (o) => {
    if (!Number.isInteger(o.id) || o.id < 0 || o.id > 0xffffff)
      throw new ValidationError(`invalid vxlan id ${o.id}: allowed values are 0-16777215`);
    if (o.remote !== undefined && o.group !== undefined)
      throw new ValidationError("vxlan: remote and group are one attribute: give one of them");
    const d: Record<string, unknown> = { id: o.id };
    const peer = o.remote ?? o.group;
    if (peer !== undefined) d[v6(peer) ? "group6" : "group"] = peer;
    if (o.local !== undefined) d[v6(o.local) ? "local6" : "local"] = o.local;
    if (o.ttl !== undefined) {
      if (!Number.isInteger(o.ttl) || o.ttl < 0 || o.ttl > 255)
        throw new ValidationError(`invalid vxlan ttl ${o.ttl}: allowed values are 0-255`);
      d.ttl = o.ttl;
    }
    d.learning = o.learning === false ? 0 : 1;
    if (o.dstport !== undefined) {
      if (!Number.isInteger(o.dstport) || o.dstport < 0 || o.dstport > 65535)
        throw new ValidationError(`invalid vxlan dstport ${o.dstport}: allowed values are 0-65535`);
      d.port = o.dstport;
    }
    return d;
  },
};
