// macvlan: `ip link add NAME link PARENT type macvlan mode MODE [nopromisc]`.
import { u16, u32 } from "../../wire/codecs.js";
import { one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import { type LinkKind, pick } from "./kind.js";

export const MACVLAN_MODES = {
  private: C.MACVLAN_MODE_PRIVATE,
  vepa: C.MACVLAN_MODE_VEPA,
  bridge: C.MACVLAN_MODE_BRIDGE,
  passthru: C.MACVLAN_MODE_PASSTHRU,
  source: C.MACVLAN_MODE_SOURCE,
} as const;
export type MacvlanMode = keyof typeof MACVLAN_MODES;

export const MACVLAN_DATA = schema("IFLA_MACVLAN", {
  mode: one(C.IFLA_MACVLAN_MODE, "IFLA_MACVLAN_MODE", u32),
  flags: one(C.IFLA_MACVLAN_FLAGS, "IFLA_MACVLAN_FLAGS", u16),
  macaddrCount: one(C.IFLA_MACVLAN_MACADDR_COUNT, "IFLA_MACVLAN_MACADDR_COUNT", u32),
  bcQueueLen: one(C.IFLA_MACVLAN_BC_QUEUE_LEN, "IFLA_MACVLAN_BC_QUEUE_LEN", u32),
  bcQueueLenUsed: one(C.IFLA_MACVLAN_BC_QUEUE_LEN_USED, "IFLA_MACVLAN_BC_QUEUE_LEN_USED", u32),
});

export interface MacvlanOptions {
  kind: "macvlan";
  /** Default bridge, as Docker's macvlan driver uses. */
  mode?: MacvlanMode;
  /** Only with mode passthru: do not put the parent into promiscuous mode. */
  nopromisc?: boolean;
}

export const macvlan: LinkKind<MacvlanOptions> = {
  kind: "macvlan",
  data: MACVLAN_DATA,
  needsParent: true,
  infoData: (o) => ({
    mode: pick("macvlan mode", MACVLAN_MODES, o.mode ?? "bridge"),
    ...(o.nopromisc ? { flags: C.MACVLAN_FLAG_NOPROMISC } : {}),
  }),
};
