// vxlan (ip/iplink_vxlan.c): `type vxlan id VNI [remote|group IP] [local IP] [dev LINK] [dstport PORT]
// [ttl N|auto] [[no]learning]`, and its `-d` detail as iproute2 6.1 prints it.
import type { VxlanOptions } from "@underlay/netlink";
import type { IpPrint } from "../render/ip-print.js";
import { flag, int, into, text, UsageError, type Words } from "../words.js";
import { type CliKind, num } from "./kind.js";
import { readKindWords } from "./kind-words.js";

// vxlan_parse_opt()'s keywords in its order of matching.
const ORDER = [
  ..."id vni group remote local dev ttl hoplimit tos dsfield df label flowlabel ageing maxaddress port srcport dstport".split(
    " ",
  ),
  ..."nolearning learning noproxy proxy norsc rsc nol2miss l2miss nol3miss l3miss udpcsum noudpcsum".split(" "),
  ..."udp6zerocsumtx noudp6zerocsumtx udp6zerocsumrx noudp6zerocsumrx remcsumtx noremcsumtx remcsumrx".split(" "),
  ..."noremcsumrx external noexternal gbp gpe vnifilter novnifilter".split(" "),
];
const DF_NAMES = ["unset", "set", "inherit"];
// ip warns when the port is left to the kernel (8472, older than IANA's 4789).
const NO_DSTPORT = `vxlan: destination port not specified
Will use Linux kernel default (non-standard value)
Use 'dstport 4789' to get the IANA assigned value
Use 'dstport 0' to get default and quiet this message
`;

function parse(w: Words): VxlanOptions {
  const o: Partial<VxlanOptions> = {};
  const vni = into(o, "id", int(0, 0xffffff));
  const ttl = into(o, "ttl", (w, k) => (w.peek() === "auto" && w.next() ? 0 : w.int(k, 1, 255)));
  const handlers = {
    id: vni,
    vni,
    remote: into(o, "remote", text),
    group: into(o, "group", text),
    local: into(o, "local", text),
    dev: into(o, "dev", text),
    dstport: into(o, "dstport", int(0, 65535)),
    ttl,
    hoplimit: ttl,
    learning: flag(o, "learning", true),
    nolearning: flag(o, "learning", false),
  };
  readKindWords(w, "vxlan", handlers, ORDER);
  if (o.id === undefined) throw new UsageError("link add: vxlan: missing virtual network identifier: type vxlan id VNI");
  if (o.dstport === undefined) process.stderr.write(NO_DSTPORT);
  return { ...o, kind: "vxlan", id: o.id };
}

/** An on/off attribute ip prints as `[no]WORD` in text and a boolean in JSON. */
function onOffWord(p: IpPrint, key: string, word: string, v: unknown): void {
  if (v === undefined) return;
  p.js(key, num(v) !== 0);
  p.fp(`${num(v) ? "" : "no"}${word} `);
}

/** A flag ip prints only when it is set. */
function setWord(p: IpPrint, key: string, word: string, v: unknown): void {
  if (num(v)) p.any(key, true, `${word} `);
}

const isMulticast = (a: string) =>
  a.includes(":") ? /^ff/i.test(a) : Number(a.split(".")[0]) >= 224 && Number(a.split(".")[0]) < 240;

export const vxlan: CliKind = {
  name: "vxlan",
  usage: "id VNI [remote|group IP] [local IP] [dev LINK] [dstport PORT] [ttl N|auto] [[no]learning]",
  parse,
  print: (p, d, nameOf) => {
    if (num(d.collectMetadata)) return p.any("external", true, "external ");
    if (d.id === undefined) return;
    p.any("id", num(d.id), `id ${d.id} `);
    for (const [key, v6] of [
      ["group", ""],
      ["group6", "6"],
    ] as const) {
      const a = d[key] as string | undefined;
      if (a && a !== "0.0.0.0" && a !== "::") {
        const name = isMulticast(a) ? "group" : "remote";
        p.any(`${name}${v6}`, a, `${name} ${a} `);
      }
    }
    for (const key of ["local", "local6"]) {
      const a = d[key] as string | undefined;
      if (a && a !== "0.0.0.0" && a !== "::") p.any(key, a, `local ${a} `);
    }
    if (num(d.link)) p.any("link", nameOf(num(d.link)), `dev ${nameOf(num(d.link))} `);
    if (Buffer.isBuffer(d.portRange) && d.portRange.length >= 4) {
      const [low, high] = [d.portRange.readUInt16BE(0), d.portRange.readUInt16BE(2)];
      p.open("port_range");
      p.js("low", low);
      p.js("high", high);
      p.close();
      p.fp(`srcport ${low} ${high} `);
    }
    if (d.port !== undefined) p.any("port", num(d.port), `dstport ${d.port} `);
    if (d.learning !== undefined) {
      p.js("learning", num(d.learning) !== 0);
      if (!num(d.learning)) p.fp("nolearning ");
    }
    for (const k of ["proxy", "rsc", "l2miss", "l3miss"]) setWord(p, k, k, d[k]);
    const tos = num(d.tos);
    if (tos) p.any("tos", `0x${tos.toString(16)}`, tos === 1 ? "tos inherit " : `tos 0x${tos.toString(16)} `);
    if (num(d.ttlInherit)) p.fp("ttl inherit ");
    else if (d.ttl !== undefined) p.any("ttl", num(d.ttl), num(d.ttl) ? `ttl ${d.ttl} ` : "ttl auto ");
    if (d.df !== undefined) {
      const df = DF_NAMES[num(d.df)];
      if (df === "unset") p.js("df", df);
      else if (df) p.any("df", df, `df ${df} `);
    }
    if (Buffer.isBuffer(d.label) && d.label.length >= 4 && d.label.readUInt32BE(0)) {
      const label = `0x${d.label.readUInt32BE(0).toString(16)}`;
      p.any("label", label, `flowlabel ${label} `);
    }
    if (d.ageing !== undefined) p.any("ageing", num(d.ageing), num(d.ageing) ? `ageing ${d.ageing} ` : "ageing none ");
    if (num(d.limit)) p.any("limit", num(d.limit), `maxaddr ${d.limit} `);
    onOffWord(p, "udp_csum", "udpcsum", d.udpCsum);
    onOffWord(p, "udp_zero_csum6_tx", "udp6zerocsumtx", d.udpZeroCsum6Tx);
    onOffWord(p, "udp_zero_csum6_rx", "udp6zerocsumrx", d.udpZeroCsum6Rx);
    setWord(p, "remcsum_tx", "remcsumtx", d.remcsumTx);
    setWord(p, "remcsum_rx", "remcsumrx", d.remcsumRx);
    setWord(p, "vnifilter", "vnifilter", d.vnifilter);
  },
};
