// `route add|del DST …`, in ip's words.
import type { RouteSpec } from "@underlay/netlink";
import { flag, int, into, readWithSubject, text, UsageError, Words } from "../words.js";
import { scope } from "./scope.js";

/** `route add|del {DST/LEN|default} [via GW] [dev DEV] [metric N] [src A] [onlink] [scope S]`. */
export function parseRoute(verb: "add" | "del", words: readonly string[]): RouteSpec {
  const w = new Words(words, `route ${verb}`);
  const r: Partial<RouteSpec> = {};
  const metric = into(r, "metric", int(0, 0xffffffff));
  const handlers = {
    to: into(r, "dst", text),
    via: into(r, "gateway", text),
    dev: into(r, "dev", text),
    metric,
    priority: metric,
    src: into(r, "src", text),
    onlink: flag(r, "onlink", true),
    scope: into(r, "scope", scope),
  };
  readWithSubject(w, handlers, r, "dst");
  if (r.dst === undefined) throw new UsageError(`route ${verb}: give a destination: route ${verb} {DST/LEN|default} via GW`);
  return r as RouteSpec;
}
