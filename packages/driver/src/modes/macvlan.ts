// mode=macvlan: a macvlan child of the parent per endpoint, created at Join like Docker's
// builtin driver, with the same rules for sharing a parent.
import { randomBytes } from "node:crypto";
import type { NetworkRecord } from "../store.js";
import { createChild, endpointLinkName } from "./child.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";
import { deleteIfPresent, ensureParent, parentOf, releaseParent } from "./parent.js";

/** A random unicast, locally administered MAC, as Docker 28+ generates. */
export function randomMac(): string {
  const b = randomBytes(6);
  b[0] = ((b[0] as number) & 0xfe) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(":");
}

function checkSharing(net: NetworkRecord, others: NetworkRecord[]): void {
  const parent = parentOf(net);
  for (const o of others.filter((x) => parentOf(x) === parent)) {
    if (o.options.mode === "ipvlan") {
      throw new Error(
        `parent ${parent} already carries ipvlan network ${o.id}: a link cannot have macvlan and ipvlan children at once`,
      );
    }
    if (net.options.macvlanMode === "passthru")
      throw new Error(`cannot use mode passthru, macvlan network ${o.id} is already using parent interface ${parent}`);
    if (o.options.macvlanMode === "passthru")
      throw new Error(`macvlan network ${o.id} is already using parent interface ${parent} in mode passthru`);
  }
}

export function macvlanMode(ctx: ModeContext): Mode {
  const { h } = ctx;
  return {
    async createNetwork(net, others) {
      checkSharing(net, others);
      return ensureParent(h, net);
    },
    deleteNetwork: (net, others) => releaseParent(h, net, others),
    resume: async (net) => void (await ensureParent(h, net)),
    createEndpoint: async (_net, ep) => (ep.mac ? {} : { mac: randomMac() }),
    async join(net, ep) {
      const name = await createChild(h, net, ep, { kind: "macvlan", mode: net.options.macvlanMode });
      return { InterfaceName: { SrcName: name, DstPrefix: net.options.prefix }, ...gatewayFields(net, Boolean(ep.addressV6)) };
    },
    leave: async () => {},
    deleteEndpoint: (_net, ep) => deleteIfPresent(h, endpointLinkName(ep)),
  };
}
