// vrf (ip/iplink_vrf.c): `type vrf table TABLE`; `-d` prints `table N` for the VRF and for each of
// its ports (vrf_slave).
import { constants as C } from "@underlay/netlink";
import { int, into, UsageError } from "../words.js";
import { attrsOf } from "./attr-rows.js";
import { type CliKind, num } from "./kind.js";
import { readKindWords } from "./kind-words.js";

export const vrf: CliKind = {
  name: "vrf",
  usage: "table TABLE",
  parse: (w) => {
    const o: { table?: number } = {};
    readKindWords(w, "vrf", { table: into(o, "table", int(1, 0xffffffff)) }, ["table"]);
    // The kernel refuses a VRF without one (ip leaves that to it): say so before asking.
    if (o.table === undefined) throw new UsageError("link add: a vrf needs a table: type vrf table TABLE");
    return { kind: "vrf", table: o.table };
  },
  print: (p, d) => {
    if (d.table !== undefined) p.any("table", num(d.table), `table ${d.table} `);
  },
  slavePrint: (p, d) => {
    const table = attrsOf("vrf_slave", d).get(C.IFLA_VRF_PORT_TABLE)?.readUInt32LE(0);
    if (table !== undefined) p.any("table", table, `table ${table} `);
  },
};
