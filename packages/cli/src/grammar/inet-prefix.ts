// ip's get_prefix(): an address with an optional /LEN, or default/all/any (every address of a
// family); and inet_addr_match(): do the first N bits of two addresses agree.
import { parseIp } from "@underlay/netlink";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";

/** ip's get_addr/get_prefix exit(1) on a bad address, not 255 like other bad words. */
export const badAddress = (message: string) => new ExitError(message, EXIT_FAILURE);

export interface InetPrefix {
  /** Unknown for default/all/any when nothing fixed the family yet (ip's AF_UNSPEC). */
  family?: 4 | 6;
  /** The address's bytes (zeros for default). */
  bytes: Buffer;
  /** The text of the address, as given ("10.0.0.1"), or undefined for default/all/any. */
  address?: string;
  bitlen: number;
  /** /LEN was written (or default/all/any was). */
  lenGiven: boolean;
}

/** `family` from -4/-6 or an earlier word; default/any/all keep it unknown without one, as ip. */
export function inetPrefix(word: string, family: 4 | 6 | undefined, what: string): InetPrefix {
  if (word === "default" || word === "all" || word === "any") {
    return {
      ...(family ? { family } : {}),
      bytes: Buffer.alloc(family === 6 ? 16 : family === 4 ? 4 : 0),
      bitlen: 0,
      lenGiven: true,
    };
  }
  const [written = "", len, extra] = word.split("/");
  // get_addr_ipv4(): IPv4 may be written short, the missing bytes zero ("10/8", "0/0", "192.168/16").
  const address = /^\d+(\.\d+){0,2}$/.test(written) ? [...written.split("."), "0", "0", "0"].slice(0, 4).join(".") : written;
  let bytes: Buffer;
  try {
    bytes = parseIp(address);
  } catch {
    throw badAddress(`invalid prefix "${word}" (${what}): expected ADDRESS[/LEN] or default`);
  }
  const f: 4 | 6 = bytes.length === 4 ? 4 : 6;
  if (family && family !== f) throw badAddress(`invalid prefix "${word}" (${what}): not an IPv${family} prefix`);
  const max = f === 4 ? 32 : 128;
  const bitlen = len === undefined ? max : Number(len);
  if (extra !== undefined || (len !== undefined && !/^\d+$/.test(len)) || bitlen > max)
    throw badAddress(`invalid prefix length in "${word}" (${what}): allowed values are 0-${max}`);
  return { family: f, bytes, address, bitlen, lenGiven: len !== undefined };
}

/** The first `bits` bits of `a` and `b` agree (inet_addr_match). */
export function bitsMatch(a: Buffer, b: Buffer, bits: number): boolean {
  const whole = bits >> 3;
  if (a.length < Math.ceil(bits / 8) || b.length < Math.ceil(bits / 8)) return false;
  if (a.compare(b, 0, whole, 0, whole) !== 0) return false;
  const rest = bits & 7;
  if (!rest) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[whole] as number) & mask) === ((b[whole] as number) & mask);
}

/** The bytes of an address attribute, or zeros of the family's length when there is none. */
export function ipBytes(text: string | undefined, family: 4 | 6 | undefined): Buffer {
  return text === undefined ? Buffer.alloc(family === 4 ? 4 : 16) : parseIp(text);
}
