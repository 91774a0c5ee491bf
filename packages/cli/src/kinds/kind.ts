// A link kind as the CLI knows it, in one file per kind (like ip's link_util modules, iplink_*.c):
// the words after `type KIND` in `link add`, the `-d` detail line in text and JSON (print_opt), and
// its line in the usage text. The registry (registry.ts) lists them; nothing else names a kind.
import type { KindOptions, VethPeer } from "@underlay/netlink";
import type { IpPrint } from "../render/ip-print.js";
import type { Words } from "../words.js";

/** Reads a veth peer's link words (ip reads them as it reads the link's own). */
export type PeerReader = (w: Words) => VethPeer;

/** A kind's print_opt: its IFLA_INFO_DATA (decoded; raw bytes for a port's data), printed as ip prints it. */
export type KindPrinter = (p: IpPrint, d: Record<string, unknown>, nameOf: NameOf) => void;
/** ll_index_to_name(): a link's name by ifindex (`if%u` when it is not in this netns). */
export type NameOf = (index: number) => string;

export interface CliKind {
  /** ip's type word, IFLA_INFO_KIND. */
  readonly name: string;
  /** The kind's options for the usage text, e.g. `id VID [protocol 802.1Q|802.1ad]` ("" for none). */
  readonly usage: string;
  /** Reads the words after `type KIND` into the library's options. */
  parse(w: Words, readPeer: PeerReader): KindOptions;
  /** print_opt: absent when ip has none for this kind (veth, dummy), so no info_data object at all. */
  readonly print?: KindPrinter;
  /** The `KIND_slave` print_opt for a port of a link of this kind (a bridge port, a bond slave). */
  readonly slavePrint?: KindPrinter;
}

/** Number() of an attribute that may be missing (0 then). */
export const num = (v: unknown): number => Number(v ?? 0);
