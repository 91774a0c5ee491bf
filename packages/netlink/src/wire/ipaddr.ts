// Text <-> bytes for IPv4 and IPv6 addresses (what inet_pton/inet_ntop do). Pure.
import { isIPv4, isIPv6 } from "node:net";

export function formatIp(b: Buffer): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (b.length !== 16) return b.toString("hex");
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(b.readUInt16BE(i));
  // RFC 5952: compress the longest run (at least two) of zero words, the first one on ties.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

export function parseIp(text: string): Buffer {
  if (isIPv4(text)) return Buffer.from(text.split(".").map(Number));
  if (!isIPv6(text)) throw new TypeError(`not an IP address: ${JSON.stringify(text)}`);
  let s = text;
  let tail: number[] = [];
  const v4 = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (v4?.[1] && v4[2]) {
    const b = v4[2].split(".").map(Number) as [number, number, number, number];
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    s = v4[1].endsWith("::") ? v4[1] : v4[1].slice(0, -1);
  }
  const [head, rest] = s.split("::") as [string, string | undefined];
  const words = (part: string | undefined) => (part ? part.split(":").map((w) => Number.parseInt(w, 16)) : []);
  const left = words(head);
  const right = [...words(rest), ...tail];
  const fill = rest === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  const all = [...left, ...fill, ...right];
  const out = Buffer.alloc(16);
  for (const [i, w] of all.entries()) out.writeUInt16BE(w, i * 2);
  return out;
}

export function ipFamilyOf(text: string): 4 | 6 {
  if (isIPv4(text)) return 4;
  if (isIPv6(text)) return 6;
  throw new TypeError(`not an IP address: ${JSON.stringify(text)}`);
}
