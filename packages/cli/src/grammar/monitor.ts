// `monitor [ all | OBJECTS ] [ label ] [ dev DEV ]` in ip's words (ipmonitor.c): each word matched
// by prefix in ip's order, so `l` is label, `a` address, `m` mroute, `n` neigh, `r` route.
import type { MonitorTopic } from "@underlay/netlink";
import { matches } from "../dispatch/matches.js";
import { UsageError, Words } from "../words.js";

export interface MonitorRequest {
  /** Empty: every topic, as ip monitor with no objects. */
  topics: MonitorTopic[];
  /** `all` or `label`: [LINK]-style prefixes. */
  banner: boolean;
  dev?: string;
  /** underlay's --count N: exit after N events. */
  count?: number;
}

// ipmonitor.c's words in its order: a topic, or what ip has that underlay does not follow (yet).
type Word = MonitorTopic | "file" | "label" | "mroute" | "prefix" | "netconf" | "nsid" | "nexthop" | "stats" | "all" | "all-nsid";
const WORDS: [string, Word, "prefix" | "whole"][] = [
  ["file", "file", "prefix"],
  ["label", "label", "prefix"],
  ["link", "link", "prefix"],
  ["address", "addr", "prefix"],
  ["route", "route", "prefix"],
  ["mroute", "mroute", "prefix"],
  ["prefix", "prefix", "prefix"],
  ["neigh", "neigh", "prefix"],
  ["netconf", "netconf", "prefix"],
  ["rule", "rule", "prefix"],
  ["nsid", "nsid", "prefix"],
  ["nexthop", "nexthop", "prefix"],
  ["stats", "stats", "whole"],
  ["all", "all", "whole"],
  ["all-nsid", "all-nsid", "prefix"],
];
const TOPICS: readonly string[] = ["link", "addr", "route", "neigh", "rule"];

export function parseMonitor(words: readonly string[]): MonitorRequest {
  const w = new Words(words, "monitor");
  const r: MonitorRequest = { topics: [], banner: false };
  while (!w.done) {
    const word = w.next() as string;
    if (word === "dev") {
      r.dev = w.value("dev");
      continue;
    }
    if (word === "--count") {
      r.count = w.int("--count", 1, 2 ** 31);
      continue;
    }
    const hit = WORDS.find(([name, , how]) => (how === "whole" ? word === name : matches(word, name)));
    if (!hit)
      throw new UsageError(
        `monitor: unknown argument "${word}": allowed are all, link, address, route, neigh, rule, label, dev DEV, --count N`,
      );
    const what = hit[1];
    if (what === "label" || what === "all") r.banner = true;
    else if (TOPICS.includes(what)) {
      if (!r.topics.includes(what as MonitorTopic)) r.topics.push(what as MonitorTopic);
    } else throw new UsageError(`monitor: "${word}" is ip monitor's ${hit[0]}, which underlay does not follow: use ip`);
  }
  return r;
}
