// `link show` words as ipaddress.c's ipaddr_list_flush_or_save reads them: whole keywords (ip
// uses strcmp here, not matches()), any other word is the device, and a second device is an error.

import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import { HelpRequest } from "../dispatch/ip-object.js";
import { matches } from "../dispatch/matches.js";
import { UsageError, Words } from "../words.js";

export interface LinkShowFilter {
  dev?: string;
  up?: boolean;
  /** group G: 0 is "default". */
  group?: number;
  /** master DEV or vrf DEV: links enslaved to it. */
  master?: string;
  /** vrf DEV: as master, and DEV must be a vrf. */
  vrf?: string;
  /** nomaster: links with no master. */
  nomaster?: boolean;
  kind?: string;
  /** type KIND_slave: links enslaved to a KIND. */
  slaveKind?: string;
  /** label L: ip link prints nothing for it (labels are addresses'). */
  label?: string;
}

// get_filter()'s address flags: accepted and, for links, without effect (as in ip).
const ADDRESS_FLAGS = new Set(
  ["permanent", "dynamic", "secondary", "primary", "tentative", "deprecated", "dadfailed", "temporary"].flatMap((f) => [
    f,
    `-${f}`,
  ]),
);
const CONF_FLAGS = new Set(["home", "nodad", "mngtmpaddr", "noprefixroute", "autojoin"]);

/** invarg(): ip's "argument is wrong" error. */
export const invalidArgument = (value: string, why: string) => new UsageError(`argument "${value}" is wrong: ${why}`);

/** rtnl_group_a2n() without /etc/iproute2/group's extra names: `default` or a number. */
export function groupOf(text: string): number {
  if (text === "default") return 0;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(text) && Number(text) <= 0xffffffff) return Number(text);
  throw invalidArgument(text, 'Invalid "group" value: give default or a number');
}

export function parseLinkShow(words: readonly string[], usage: string): LinkShowFilter {
  const w = new Words(words, "link show");
  const f: LinkShowFilter = {};
  while (!w.done) {
    const word = w.next() as string;
    if (word === "to")
      throw new ExitError(`"${w.value("to")}" may be inet prefix, but it is not allowed in this context.`, EXIT_FAILURE);
    if (word === "scope") w.value("scope");
    else if (word === "up") f.up = true;
    else if (ADDRESS_FLAGS.has(word) || CONF_FLAGS.has(word)) continue;
    else if (word === "label") f.label = w.value("label");
    else if (word === "group") f.group = groupOf(w.value("group"));
    else if (word === "master") f.master = w.value("master");
    else if (word === "vrf") f.vrf = w.value("vrf");
    else if (word === "nomaster") f.nomaster = true;
    else if (word === "type") {
      const kind = w.value("type");
      if (kind.endsWith("_slave") && kind !== "_slave") f.slaveKind = kind.slice(0, -"_slave".length);
      else f.kind = kind;
    } else {
      let dev = word;
      if (word === "dev") dev = w.value("dev");
      else if (matches(word, "help")) throw new HelpRequest(usage);
      if (f.dev !== undefined) throw new UsageError(`either "dev" is duplicate, or "${dev}" is a garbage.`);
      f.dev = dev;
    }
  }
  return f;
}
