// mode=macvlan: a macvlan child of the parent per endpoint, created at Join like Docker's
// builtin driver, with the same rules for sharing a parent.
import { randomBytes } from "node:crypto";
import type { NetworkRecord } from "../store.js";
import { childMode } from "./child.js";
import { gatewayFields } from "./gateway.js";
import type { Mode, ModeContext } from "./mode.js";
import { parentOf } from "./parent.js";

/** A random unicast, locally administered MAC, as Docker 28+ generates. */
export function randomMac(): string {
  const b = randomBytes(6);
  b[0] = ((b[0] as number) & 0xfe) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(":");
}

function checkSharing(net: NetworkRecord, same: NetworkRecord[]): void {
  const o = same[0];
  if (!o) return;
  if (net.options.macvlanMode === "passthru")
    throw new Error(`cannot use mode passthru, macvlan network ${o.id} is already using parent interface ${parentOf(net)}`);
  const passthru = same.find((x) => x.options.macvlanMode === "passthru");
  if (passthru)
    throw new Error(`macvlan network ${passthru.id} is already using parent interface ${parentOf(net)} in mode passthru`);
}

export function macvlanMode(ctx: ModeContext): Mode {
  return childMode(ctx, {
    checkSharing,
    createEndpoint: async (_net, ep) => (ep.mac ? {} : { mac: randomMac() }),
    kind: (net) => ({ kind: "macvlan", mode: net.options.macvlanMode }),
    routing: (net, ep) => gatewayFields(net, Boolean(ep.addressV6)),
  });
}
