// veth pair (ip/link_veth.c): `type veth [peer [name] NAME …]`; ip prints no detail for it.
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import type { CliKind } from "./kind.js";

export const veth: CliKind = {
  name: "veth",
  usage: "peer [name] NAME [address A] [mtu M] [netns NS]",
  parse: (w, readPeer) => {
    if (w.done) return { kind: "veth" };
    const word = w.next() as string;
    if (word !== "peer") throw new ExitError("Usage: underlay link <options> type veth [peer <options>]", EXIT_FAILURE);
    return { kind: "veth", peer: readPeer(w) };
  },
};
