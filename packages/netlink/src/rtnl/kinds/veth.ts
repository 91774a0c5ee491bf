// veth pair: `ip link add NAME type veth peer name PEER [address A] [mtu M] [netns NS]`.

import { ValidationError } from "../../wire/errors.js";
import { lazy, one, schema } from "../../wire/schema.js";
import * as C from "../constants.js";
import { type LinkAttrs, type LinkMessage, linkMessage } from "../link.js";
import type { LinkKind } from "./kind.js";

export const VETH_DATA = schema("VETH_INFO", {
  peer: one(
    C.VETH_INFO_PEER,
    "VETH_INFO_PEER",
    lazy(() => linkMessage),
  ),
});

export interface VethPeer {
  /** Default: the kernel picks vethN. */
  name?: string;
  address?: string;
  mtu?: number;
  /** Create the peer straight in another netns. The runner opens a name or path for the send. */
  netns?: { fd: number } | { pid: number } | { name: string } | { path: string };
}

export interface VethOptions {
  kind: "veth";
  peer?: VethPeer;
}

export const veth: LinkKind<VethOptions> = {
  kind: "veth",
  data: VETH_DATA,
  needsParent: false,
  infoData: (o) => {
    const p = o.peer ?? {};
    const attrs: LinkAttrs = {};
    if (p.name !== undefined) attrs.ifname = p.name;
    if (p.address !== undefined) attrs.address = p.address;
    if (p.mtu !== undefined) attrs.mtu = p.mtu;
    if (p.netns && "fd" in p.netns) attrs.netNsFd = p.netns.fd;
    if (p.netns && "pid" in p.netns) attrs.netNsPid = p.netns.pid;
    if (p.netns && ("name" in p.netns || "path" in p.netns))
      throw new ValidationError("veth peer netns: open the netns first (the runner does), or give a pid or an fd");
    const peer: LinkMessage = { header: { family: 0, type: 0, index: 0, flags: 0, change: 0 }, attrs };
    return { peer };
  },
};
