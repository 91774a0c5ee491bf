// `address show|flush` selectors as ipaddress.c's ipaddr_list_flush_or_save reads them: whole
// keywords (strcmp). The address ones (to, scope, flags) are read here; the link ones (dev, up,
// label, group, master, vrf, nomaster, type) by link show's parser, which reads the same loop.
import { type AddrMessage, constants as C } from "@underlay/netlink";
import { type LinkShowFilter, parseLinkShow } from "../grammar/link-show.js";
import { IFA_FLAG_BITS, ifaFlags } from "../render/address-print.js";
import { UsageError, Words } from "../words.js";
import { bitsMatch, type InetPrefix, inetPrefix, ipBytes } from "./inet-prefix.js";
import { SCOPES } from "./route-names.js";

export interface AddressFilter extends LinkShowFilter {
  /** 4, 6, or every family; `to` fixes it when -4/-6 did not. */
  family?: 4 | 6;
  to?: InetPrefix;
  scope?: number;
  flags: number;
  flagmask: number;
}

// Keywords that take a value and belong to the link part: passed through with it.
const LINK_VALUED = new Set(["label", "group", "master", "vrf", "type", "dev"]);

/** get_filter(): [-]FLAG, with dynamic = -permanent and primary = -secondary. */
function flagFilter(word: string, f: AddressFilter): boolean {
  let inv = word.startsWith("-");
  let name = inv ? word.slice(1) : word;
  if (name === "dynamic") [inv, name] = [!inv, "permanent"];
  else if (name === "primary") [inv, name] = [!inv, "secondary"];
  const bit = IFA_FLAG_BITS.get(name);
  if (bit === undefined) return false;
  f.flags = inv ? f.flags & ~bit : f.flags | bit;
  f.flagmask |= bit;
  return true;
}

export function parseAddressFilter(
  command: string,
  words: readonly string[],
  preferred: 4 | 6 | undefined,
  usage: string,
): AddressFilter {
  const w = new Words(words, command);
  const rest: string[] = [];
  const f: Omit<AddressFilter, keyof LinkShowFilter> & Partial<AddressFilter> = { flags: 0, flagmask: 0 };
  if (preferred) f.family = preferred;
  while (!w.done) {
    const word = w.next() as string;
    if (word === "to") {
      f.to = inetPrefix(w.value("to"), f.family, command);
      f.family ??= f.to.family;
    } else if (word === "scope") {
      const v = w.value("scope");
      const n = SCOPES.number(v);
      if (n !== undefined) f.scope = n;
      else if (v === "all") f.scope = undefined;
      else
        throw new UsageError(
          `argument "${v}" is wrong: invalid "scope": allowed values are ${SCOPES.names.join(", ")}, all or a number`,
        );
    } else if (word !== "up" && flagFilter(word, f as AddressFilter)) {
      // an address flag
    } else {
      rest.push(word);
      if (LINK_VALUED.has(word)) rest.push(w.value(word));
    }
  }
  return { ...parseLinkShow(rest, usage), ...f };
}

/** print_addrinfo's tests of one address (ifindex is the caller's). */
export function addressMatches(a: AddrMessage, f: AddressFilter, linkName: (index: number) => string | undefined): boolean {
  const family = a.header.family === C.AF_INET6 ? 6 : a.header.family === C.AF_INET ? 4 : undefined;
  if (f.family && f.family !== family) return false;
  if (f.scope !== undefined && a.header.scope !== f.scope) return false;
  if ((f.flags ^ ifaFlags(a)) & f.flagmask) return false;
  if (f.label !== undefined && !globMatch(f.label, a.attrs.label ?? linkName(a.header.index) ?? "")) return false;
  if (f.to) {
    const local = a.attrs.local ?? a.attrs.address;
    if (!family || (f.to.family && family !== f.to.family) || !local) return false;
    if (!bitsMatch(ipBytes(local, family), f.to.bytes, f.to.bitlen)) return false;
  }
  return true;
}

/** fnmatch(3) without flags: * ? and [...] (label filters). */
export function globMatch(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(text);
}
