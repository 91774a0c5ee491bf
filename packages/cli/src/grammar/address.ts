// `address add|del ADDR/LEN dev DEV …`, in ip's words.
import type { AddrOptions } from "@underlay/netlink";
import { flag, into, readWithSubject, text, UsageError, Words } from "../words.js";
import { scope } from "./scope.js";

export interface AddressRequest {
  cidr: string;
  dev: string;
  options: AddrOptions;
}

/** `address add|del [local] ADDR/LEN dev DEV [peer P] [broadcast B] [label L] [scope S] [nodad] [noprefixroute]`. */
export function parseAddress(verb: "add" | "del", words: readonly string[]): AddressRequest {
  const w = new Words(words, `address ${verb}`);
  const o: AddrOptions = {};
  const r: { cidr?: string; dev?: string } = {};
  const handlers = {
    local: into(r, "cidr", text),
    dev: into(r, "dev", text),
    peer: into(o, "peer", text),
    broadcast: into(o, "broadcast", text),
    brd: into(o, "broadcast", text),
    label: into(o, "label", text),
    scope: into(o, "scope", scope),
    nodad: flag(o, "nodad", true),
    noprefixroute: flag(o, "noprefixroute", true),
  };
  readWithSubject(w, handlers, r, "cidr");
  if (r.cidr === undefined || r.dev === undefined)
    throw new UsageError(`address ${verb}: give an address and a link: address ${verb} ADDR/LEN dev DEV`);
  return { cidr: r.cidr, dev: r.dev, options: o };
}
