// mode=macvlan: a macvlan child of the parent per endpoint, created at Join like Docker's
// builtin driver, with the same rules for sharing a parent (moby 27+: shared, except passthru).
import { randomMac } from "../random-mac.js";
import type { NetworkRecord } from "../store.js";
import { childMode } from "./child.js";
import { gatewayFields } from "./gateway.js";
import type { MacvlanOptions } from "./macvlan-options.js";
import type { Mode, ModeContext } from "./mode.js";
import { parentOf } from "./parent.js";

const macvlanModeOf = (net: NetworkRecord) => (net.options as unknown as MacvlanOptions).macvlanMode;

function checkSharing(net: NetworkRecord, same: NetworkRecord[]): void {
  const o = same[0];
  if (!o) return;
  if (macvlanModeOf(net) === "passthru")
    throw new Error(`cannot use mode passthru, macvlan network ${o.id} is already using parent interface ${parentOf(net)}`);
  const passthru = same.find((x) => macvlanModeOf(x) === "passthru");
  if (passthru)
    throw new Error(`macvlan network ${passthru.id} is already using parent interface ${parentOf(net)} in mode passthru`);
}

export function macvlanMode(ctx: ModeContext): Mode {
  return childMode(ctx, {
    checkSharing,
    createEndpoint: async (_net, ep) => (ep.mac ? {} : { mac: randomMac() }),
    kind: (net) => ({ kind: "macvlan", mode: macvlanModeOf(net) }),
    routing: gatewayFields,
  });
}
