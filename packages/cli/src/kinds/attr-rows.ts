// A kind's attributes read straight from IFLA_INFO_DATA (raw, or re-encoded from the decoded
// data: the exact bytes), and printed row by row in ip's order: the tables bridge and bond share.
import { constants as C, kindDriver, NLA_TYPE_MASK, parseAttrs } from "@underlay/netlink";
import { type IpPrint, RawJson } from "../render/ip-print.js";

export type Attrs = Map<number, Buffer>;
type Data = Record<string, unknown>;

/** The attributes by type: from raw bytes (slave data), or re-encoded from a decoded kind's data (exact bytes). */
export function attrsOf(kind: string, data: unknown): Attrs {
  const raw = Buffer.isBuffer(data) ? data : kindDriver(kind)?.data?.encode(data as Data);
  return new Map((raw ? parseAttrs(raw) : []).map((a) => [a.type & NLA_TYPE_MASK, a.value]));
}

// How ip reads and prints each attribute.
export type Form =
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  /** print_int of a signed 32-bit value */
  | "s32"
  /** print_0xhex of a u16: `0x8001`, `0` */
  | "hex16"
  /** print_on_off of a u8 */
  | "onoff"
  /** a timer in centiseconds: `hello_timer    0.00` (JSON 0.00) */
  | "timer"
  /** struct ifla_bridge_id: `8000.aa:bb:c:…` */
  | "id"
  | "mac"
  | "proto";
/** [attribute, JSON key, text word (default: the key), form] */
export type Row = [number, string, string | undefined, Form];

const HEX = (b: Buffer) => [...b].map((x) => x.toString(16)).join(":");

/** br_dump_bridge_id(): priority as 4 hex digits, then the MAC as ether_ntoa writes it (no zero padding). */
const bridgeId = (b: Buffer) => `${b.subarray(0, 2).toString("hex")}.${HEX(b.subarray(2, 8))}`;

export function printRow(p: IpPrint, [, key, word = key, form]: Row, v: Buffer): void {
  const uint = (n: number | bigint) => p.any(key, Number(n), `${word} ${n} `);
  if (form === "u8") uint(v.readUInt8(0));
  else if (form === "u16") uint(v.readUInt16LE(0));
  else if (form === "u32") uint(v.readUInt32LE(0));
  else if (form === "u64") uint(v.readBigUInt64LE(0));
  else if (form === "s32") uint(v.readInt32LE(0));
  else if (form === "hex16") {
    const n = v.readUInt16LE(0);
    const hex = n ? `0x${n.toString(16)}` : "0";
    p.any(key, hex, `${word} ${hex} `);
  } else if (form === "onoff") p.any(key, v.readUInt8(0) !== 0, `${word} ${v.readUInt8(0) ? "on" : "off"} `);
  else if (form === "timer") {
    const cs = Number(v.readBigUInt64LE(0));
    const sec = Math.trunc(cs / 100);
    const frac = String(cs % 100).padStart(2, "0");
    p.any(key, new RawJson(`${sec}.${frac}`), `${word} ${String(sec).padStart(4)}.${frac} `);
  } else if (form === "id") p.any(key, bridgeId(v), `${word} ${bridgeId(v)} `);
  else if (form === "mac") {
    const mac = [...v].map((x) => x.toString(16).padStart(2, "0")).join(":");
    p.any(key, mac, `${word} ${mac} `);
  } else {
    const proto = v.readUInt16BE(0);
    const name =
      proto === C.ETH_P_8021Q ? "802.1Q" : proto === C.ETH_P_8021AD ? "802.1ad" : `0x${proto.toString(16).padStart(4, "0")}`;
    p.any(key, name, `${word} ${name} `);
  }
}

export const printRows = (p: IpPrint, a: Attrs, rows: Row[]) => {
  for (const row of rows) {
    const v = a.get(row[0]);
    if (v) printRow(p, row, v);
  }
};
