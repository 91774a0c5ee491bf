// `route add|del DST …`, in ip's words.
import type { RouteSpec } from "@underlay/netlink";
import { readKeywords, UsageError, Words } from "../words.js";
import { scope } from "./scope.js";

/** `route add|del {DST/LEN|default} [via GW] [dev DEV] [metric N] [src A] [onlink] [scope S]`. */
export function parseRoute(verb: "add" | "del", words: readonly string[]): RouteSpec {
  const w = new Words(words, `route ${verb}`);
  let dst: string | undefined;
  const r: Omit<RouteSpec, "dst"> = {};
  const metric = (w: Words) => {
    r.metric = w.int("metric", 0, 0xffffffff);
  };
  const handlers: Record<string, (w: Words) => void> = {
    to: (w) => {
      dst = w.value("to");
    },
    via: (w) => {
      r.gateway = w.value("via");
    },
    dev: (w) => {
      r.dev = w.value("dev");
    },
    metric,
    priority: metric,
    src: (w) => {
      r.src = w.value("src");
    },
    onlink: () => {
      r.onlink = true;
    },
    scope: (w) => {
      r.scope = scope(w);
    },
  };
  readKeywords(w, handlers, (word) => {
    if (dst !== undefined) w.unknown(word, Object.keys(handlers));
    dst = word;
  });
  if (dst === undefined) throw new UsageError(`route ${verb}: give a destination: route ${verb} {DST/LEN|default} via GW`);
  return { dst, ...r };
}
