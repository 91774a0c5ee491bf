// `address add|del ADDR/LEN dev DEV …`, in ip's words.
import type { AddrOptions } from "@underlay/netlink";
import { readKeywords, UsageError, Words } from "../words.js";
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
  let cidr: string | undefined;
  let dev: string | undefined;
  const setCidr = (word: string) => {
    if (cidr !== undefined) w.unknown(word, ["local", "dev", "peer", "broadcast", "label", "scope", "nodad", "noprefixroute"]);
    cidr = word;
  };
  readKeywords(
    w,
    {
      local: (w) => setCidr(w.value("local")),
      dev: (w) => {
        dev = w.value("dev");
      },
      peer: (w) => {
        o.peer = w.value("peer");
      },
      broadcast: (w) => {
        o.broadcast = w.value("broadcast");
      },
      brd: (w) => {
        o.broadcast = w.value("brd");
      },
      label: (w) => {
        o.label = w.value("label");
      },
      scope: (w) => {
        o.scope = scope(w);
      },
      nodad: () => {
        o.nodad = true;
      },
      noprefixroute: () => {
        o.noprefixroute = true;
      },
    },
    setCidr,
  );
  if (cidr === undefined || dev === undefined)
    throw new UsageError(`address ${verb}: give an address and a link: address ${verb} ADDR/LEN dev DEV`);
  return { cidr, dev, options: o };
}
