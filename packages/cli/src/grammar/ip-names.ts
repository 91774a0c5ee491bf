// Names of numbers that ip reads from system files: IP protocols (/etc/protocols, as
// getprotobyname/getprotobynumber read it) and DS fields (/etc/iproute2/rt_dsfield). Read once.
import { readFileSync } from "node:fs";

/** "NAME NUMBER" (protocols) or "NUMBER NAME" (rt_dsfield) lines; # starts a comment. */
function table(path: string, numberFirst: boolean): Map<string, number> {
  const out = new Map<string, number>();
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return out; // no file: numbers only
  }
  for (const line of text.split("\n")) {
    const [a, b] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (!a || !b) continue;
    const [name, num] = numberFirst ? [b, a] : [a, b];
    const n = Number(num);
    if (Number.isInteger(n) && !out.has(name)) out.set(name, n);
  }
  return out;
}

let protocols: Map<string, number> | undefined;
let dsfields: Map<string, number> | undefined;
const nameOf = (t: Map<string, number>, n: number) => [...t].find(([, v]) => v === n)?.[0];

/** inet_proto_n2a(): the protocol's name, or ipproto-N. */
export function ipProtoName(n: number, numeric = false): string {
  protocols ??= table("/etc/protocols", false);
  return (numeric ? undefined : nameOf(protocols, n)) ?? `ipproto-${n}`;
}

/** inet_proto_a2n(): a name, ipproto-N or a number 0-255; undefined otherwise. */
export function ipProtoNumber(word: string): number | undefined {
  protocols ??= table("/etc/protocols", false);
  const named = protocols.get(word);
  if (named !== undefined) return named;
  const m = word.match(/^(?:ipproto-)?(\d+)$/);
  const n = m ? Number(m[1]) : Number.NaN;
  return n <= 255 ? n : undefined;
}

/** rtnl_dsfield_n2a(): the DS field's name, or 0x and two hex digits. */
export function dsfieldName(n: number, numeric = false): string {
  dsfields ??= table("/etc/iproute2/rt_dsfield", true);
  return (numeric ? undefined : nameOf(dsfields, n)) ?? `0x${n.toString(16).padStart(2, "0")}`;
}

/** rtnl_dsfield_a2n(): a name, or a hex number (with or without 0x) up to 0xff. */
export function dsfieldNumber(word: string): number | undefined {
  dsfields ??= table("/etc/iproute2/rt_dsfield", true);
  const named = dsfields.get(word);
  if (named !== undefined) return named;
  if (!/^(0x)?[0-9a-f]+$/i.test(word)) return undefined;
  const n = Number.parseInt(word.replace(/^0x/i, ""), 16);
  return n <= 0xff ? n : undefined;
}

let groups: Map<string, number> | undefined;
/** ip's group table starts with 0 named "default" (rt_names.c), whether or not the file says so. */
const groupTable = () => new Map([["default", 0], ...table("/etc/iproute2/group", true)]);

/** rtnl_group_n2a(): a link group's name (/etc/iproute2/group), or its number. */
export function groupName(n: number, numeric = false): string {
  groups ??= groupTable();
  return (numeric ? undefined : nameOf(groups, n)) ?? String(n);
}

/** rtnl_group_a2n(): a group's name or a number. */
export function groupNumber(word: string): number | undefined {
  groups ??= groupTable();
  const named = groups.get(word);
  if (named !== undefined) return named;
  return /^\d+$/.test(word) && Number(word) <= 0xffffffff ? Number(word) : undefined;
}
