// The VF settings of `vf set PF N …` and `link set PF vf N …`, in ip's words.
import { VF_LINK_STATES, VF_VLAN_PROTOCOLS, type VfSettings } from "@underlay/netlink";
import { matches } from "../dispatch/matches.js";
import { type Handler, int, into, onOff, protocol, text, UsageError, type Words } from "../words.js";

const RATE = int(0, 0xffffffff);
const LINK_STATES = Object.keys(VF_LINK_STATES) as (keyof typeof VF_LINK_STATES)[];
/** auto|enable|disable, by prefix as ip reads them. */
const linkState = (w: Words, key: string): (typeof LINK_STATES)[number] => {
  const v = w.value(key);
  const state = LINK_STATES.find((s) => matches(v, s));
  if (!state) throw new UsageError(`${w.command}: invalid state "${v}": allowed values are ${LINK_STATES.join(", ")}`);
  return state;
};

function vfKeywords(s: VfSettings): Record<string, Handler> {
  return {
    mac: into(s, "mac", text),
    vlan: into(s, "vlan", int(0, 4095)),
    qos: into(s, "qos", int(0, 7)),
    proto: into(s, "vlanProto", protocol(VF_VLAN_PROTOCOLS)),
    rate: into(s, "rate", RATE),
    min_tx_rate: into(s, "minTxRate", RATE),
    max_tx_rate: into(s, "maxTxRate", RATE),
    spoofchk: into(s, "spoofchk", onOff),
    trust: into(s, "trust", onOff),
    query_rss: into(s, "rssQueryEn", onOff),
    state: into(s, "linkState", linkState),
    node_guid: into(s, "nodeGuid", text),
    port_guid: into(s, "portGuid", text),
  };
}

export const VF_KEYWORDS = Object.keys(vfKeywords({}));

// iplink_parse_vf's keywords in its order, each matched by prefix (`m` is mac, `s` spoofchk, `st`
// state); qos and proto, which ip reads inside `vlan N`, are whole words after it here.
const VF_ORDER = [
  "mac",
  "vlan",
  "rate",
  "max_tx_rate",
  "min_tx_rate",
  "spoofchk",
  "query_rss",
  "trust",
  "state",
  "node_guid",
  "port_guid",
];

function vfKeyword(word: string): string | undefined {
  if (word === "qos" || word === "proto") return word;
  return VF_ORDER.find((k) => matches(word, k));
}

/** Reads VF keywords up to the first word that is not one (ip hands the rest back to `link set`). */
export function readVfSettings(w: Words, index: number): { index: number; settings: VfSettings } {
  const settings: VfSettings = {};
  const handlers = vfKeywords(settings);
  for (let word = w.peek(); word !== undefined; word = w.peek()) {
    const key = vfKeyword(word);
    const handler = key !== undefined && Object.hasOwn(handlers, key) ? handlers[key] : undefined;
    if (!handler) break;
    w.next();
    handler(w, key as string);
  }
  if (Object.keys(settings).length === 0)
    throw new UsageError(`${w.command}: vf ${index}: nothing to change: give ${VF_KEYWORDS.join(", ")}`);
  return { index, settings };
}
