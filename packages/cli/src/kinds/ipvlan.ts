// ipvlan (ip/iplink_ipvlan.c): `type ipvlan mode l2|l3|l3s [bridge|private|vepa]`.
import { constants as C, IPVLAN_FLAGS, IPVLAN_MODES, type IpvlanOptions } from "@underlay/netlink";
import { flag, into } from "../words.js";
import { type CliKind, num } from "./kind.js";
import { readKindWords } from "./kind-words.js";

const MODES = Object.keys(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[];
const MODE_NAMES = ["l2", "l3", "l3s"];

export const ipvlan: CliKind = {
  name: "ipvlan",
  usage: "mode l2|l3|l3s [bridge|private|vepa]",
  parse: (w) => {
    const o: IpvlanOptions = { kind: "ipvlan" };
    const flags = Object.fromEntries(Object.keys(IPVLAN_FLAGS).map((f) => [f, flag(o, "flag", f as IpvlanOptions["flag"])]));
    readKindWords(w, "ipvlan", { mode: into(o, "mode", (w) => w.oneOf("ipvlan mode", MODES)), ...flags }, [
      "mode",
      "private",
      "vepa",
      "bridge",
    ]);
    return o;
  },
  print: (p, d) => {
    if (d.mode !== undefined) {
      const mode = MODE_NAMES[num(d.mode)] ?? "unknown";
      p.any("mode", mode, ` mode ${mode} `);
    }
    if (d.flags !== undefined) {
      const f = num(d.flags);
      const name = f & C.IPVLAN_F_PRIVATE ? "private" : f & C.IPVLAN_F_VEPA ? "vepa" : "bridge";
      p.any(name, true, `${name} `);
    }
  },
};
