// IFLA_LINKINFO: the kind name, and kind data decoded by that kind's driver when we know it.
import { binary, type Codec, strz } from "../wire/codecs.js";
import { type Decoded, one, schema, withValues } from "../wire/schema.js";
import * as C from "./constants.js";
import { kindDriver } from "./kinds/registry.js";

const LINKINFO = schema("IFLA_INFO", {
  kind: one(C.IFLA_INFO_KIND, "IFLA_INFO_KIND", strz),
  data: one(C.IFLA_INFO_DATA, "IFLA_INFO_DATA", binary),
  xstats: one(C.IFLA_INFO_XSTATS, "IFLA_INFO_XSTATS", binary),
  slaveKind: one(C.IFLA_INFO_SLAVE_KIND, "IFLA_INFO_SLAVE_KIND", strz),
  slaveData: one(C.IFLA_INFO_SLAVE_DATA, "IFLA_INFO_SLAVE_DATA", binary),
});

/** `data` is the kind's decoded attributes, or raw bytes for a kind we have no driver for. */
export type LinkInfo = Omit<Decoded<typeof LINKINFO.fields>, "data"> & { data?: Buffer | Record<string, unknown> };

export const linkInfo: Codec<LinkInfo> = {
  decode(b, start, end) {
    const info = LINKINFO.decode(b, start, end) as LinkInfo;
    const schemaOf = info.kind ? kindDriver(info.kind)?.data : undefined;
    if (schemaOf && Buffer.isBuffer(info.data)) info.data = schemaOf.decode(info.data);
    return info;
  },
  encode(info) {
    if (info.data === undefined || Buffer.isBuffer(info.data)) return LINKINFO.encode(info as Decoded<typeof LINKINFO.fields>);
    const schemaOf = info.kind ? kindDriver(info.kind)?.data : undefined;
    if (!schemaOf) throw new TypeError(`cannot encode IFLA_INFO_DATA for unknown kind ${info.kind}`);
    const raw = withValues(info, { data: schemaOf.encode(info.data) });
    return LINKINFO.encode(raw as Decoded<typeof LINKINFO.fields>);
  },
};
