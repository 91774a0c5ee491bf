// The VF settings of `vf set PF N …` and `link set PF vf N …`, in ip's words.
import { VF_LINK_STATES, VF_VLAN_PROTOCOLS, type VfSettings } from "@underlay/netlink";
import { type Handler, int, into, oneOf, onOff, protocol, readKeywords, text, UsageError, type Words } from "../words.js";

const RATE = int(0, 0xffffffff);
const LINK_STATES = Object.keys(VF_LINK_STATES) as (keyof typeof VF_LINK_STATES)[];

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
    state: into(s, "linkState", oneOf(LINK_STATES)),
    node_guid: into(s, "nodeGuid", text),
    port_guid: into(s, "portGuid", text),
  };
}

export const VF_KEYWORDS = Object.keys(vfKeywords({}));

/** Reads VF keywords up to the first word that is not one (ip hands the rest back to `link set`). */
export function readVfSettings(w: Words, index: number): { index: number; settings: VfSettings } {
  const settings: VfSettings = {};
  const handlers = vfKeywords(settings);
  readKeywords(w, handlers, undefined, (word) => !Object.hasOwn(handlers, word));
  if (Object.keys(settings).length === 0)
    throw new UsageError(`${w.command}: vf ${index}: nothing to change: give ${VF_KEYWORDS.join(", ")}`);
  return { index, settings };
}
