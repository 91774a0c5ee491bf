// The VF settings of `vf set PF N …` and `link set PF vf N …`, in ip's words.
import { VF_LINK_STATES, VF_VLAN_PROTOCOLS, type VfSettings } from "@underlay/netlink";
import { readKeywords, UsageError, type Words } from "../words.js";

const RATE_MAX = 0xffffffff;

function vfKeywords(s: VfSettings): Record<string, (w: Words) => void> {
  return {
    mac: (w) => {
      s.mac = w.value("mac");
    },
    vlan: (w) => {
      s.vlan = w.int("vlan", 0, 4095);
    },
    qos: (w) => {
      s.qos = w.int("qos", 0, 7);
    },
    proto: (w) => {
      const p = w.value("proto").replace(/q$/, "Q");
      s.proto = Object.hasOwn(VF_VLAN_PROTOCOLS, p)
        ? (p as keyof typeof VF_VLAN_PROTOCOLS)
        : w.unknown(p, Object.keys(VF_VLAN_PROTOCOLS));
    },
    rate: (w) => {
      s.rate = w.int("rate", 0, RATE_MAX);
    },
    min_tx_rate: (w) => {
      s.minTxRate = w.int("min_tx_rate", 0, RATE_MAX);
    },
    max_tx_rate: (w) => {
      s.maxTxRate = w.int("max_tx_rate", 0, RATE_MAX);
    },
    spoofchk: (w) => {
      s.spoofchk = w.onOff("spoofchk");
    },
    trust: (w) => {
      s.trust = w.onOff("trust");
    },
    query_rss: (w) => {
      s.queryRss = w.onOff("query_rss");
    },
    state: (w) => {
      s.state = w.oneOf("state", Object.keys(VF_LINK_STATES) as (keyof typeof VF_LINK_STATES)[]);
    },
    node_guid: (w) => {
      s.nodeGuid = w.value("node_guid");
    },
    port_guid: (w) => {
      s.portGuid = w.value("port_guid");
    },
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
