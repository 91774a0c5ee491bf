// The words after `type KIND` in `link add`: each kind reads its own (packages/cli/src/kinds/).
import type { KindOptions } from "@underlay/netlink";
import type { PeerReader } from "../kinds/kind.js";
import { requireKind } from "../kinds/registry.js";
import type { Words } from "../words.js";

export type { PeerReader } from "../kinds/kind.js";

/** Reads the rest of the words as options of `kind`. */
export function kindOptions(kind: string, w: Words, readPeer: PeerReader): KindOptions {
  return requireKind(kind).parse(w, readPeer);
}
