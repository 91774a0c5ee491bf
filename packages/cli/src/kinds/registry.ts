// The kinds the CLI knows, in the order the usage text lists them. Adding a kind: one file here
// (kind.ts says what it holds) and one line below.
import { knownKinds } from "@underlay/netlink";
import { EXIT_KERNEL, ExitError } from "../dispatch/exit-codes.js";
import { bond } from "./bond.js";
import { bridge } from "./bridge.js";
import { dummy } from "./dummy.js";
import { ipvlan } from "./ipvlan.js";
import type { CliKind } from "./kind.js";
import { macvlan } from "./macvlan.js";
import { veth } from "./veth.js";
import { vlan } from "./vlan.js";
import { vrf } from "./vrf.js";
import { vxlan } from "./vxlan.js";

const KINDS: readonly CliKind[] = [macvlan, ipvlan, vlan, veth, bridge, dummy, vxlan, bond, vrf];
const BY_NAME = new Map(KINDS.map((k) => [k.name, k]));

/** The kind named by ip's type word, or undefined. */
export const cliKind = (name: string): CliKind | undefined => BY_NAME.get(name);

/** The kind, or ip's exit for a type it does not know. */
export function requireKind(name: string): CliKind {
  const k = cliKind(name);
  // ip sends any type and the kernel refuses one it lacks (exit 2); underlay sends only the types it knows.
  if (!k) throw new ExitError(`link add: unknown type "${name}": underlay knows ${knownKinds().join(", ")}`, EXIT_KERNEL);
  return k;
}

/** The "Kind options:" lines of the link usage text. */
export const kindUsage = (): string => KINDS.map((k) => `  ${k.usage ? `${k.name.padEnd(8)} ${k.usage}` : k.name}\n`).join("");
