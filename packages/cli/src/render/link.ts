// Links for other commands: ip's JSON object (monitor, address), a short table row (monitor), and
// the flag names. ip's own layout for `link show` is link-print.ts's, which these build on.
import { constants as C, IF_OPER_STATES, type LinkMessage } from "@underlay/netlink";
import { type Cell, STYLE, styled } from "../output.js";
import { IFF_NAMES, namesOf } from "./flags.js";
import type { JsonValue } from "./ip-print.js";
import { type LinkOf, linkObject } from "./link-print.js";

export type { LinkOf } from "./link-print.js";
export { linkObject, linkText, printLink, printLinkStats, printNameAndLink } from "./link-print.js";
export { vfinfoListJson } from "./link-vf.js";

export const flagsOf = (f: number): string[] => namesOf(f, IFF_NAMES);

/**
 * A link as `ip -j [-d] link show` prints it. VFs are in it when the message has them (ip asks
 * for them on every link show); `_vfs` is kept for callers of the earlier signature.
 */
export function linkJson(l: LinkMessage, detailed: boolean, _vfs = detailed, linkOf?: LinkOf): Record<string, JsonValue> {
  return linkObject(l, { details: detailed ? 1 : 0, ...(linkOf ? { linkOf } : {}) });
}

export function linkRow(l: LinkMessage): Cell[] {
  const up = (l.header.flags & C.IFF_UP) !== 0;
  const state = IF_OPER_STATES[l.attrs.operstate ?? 0] ?? "";
  return [
    `${l.header.index}:`,
    styled(l.attrs.ifname ?? "", STYLE.ifname),
    `<${flagsOf(l.header.flags).join(",")}>`,
    `mtu ${l.attrs.mtu}`,
    styled(state, up ? STYLE.up : STYLE.down),
    styled(l.attrs.address ?? "", STYLE.mac),
    l.attrs.linkinfo?.kind ?? "",
  ];
}
