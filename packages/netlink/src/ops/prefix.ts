// "ADDR/LEN" prefixes as `ip` writes them.

import * as C from "../rtnl/constants.js";
import { ValidationError } from "../wire/errors.js";
import { ipFamilyOf } from "../wire/ipaddr.js";

export interface Prefix {
  family: 4 | 6;
  address: string;
  length: number;
}

/** Parses "10.0.0.1/24", "fd00::1/64" or a bare address (a host prefix). */
export function parsePrefix(text: string): Prefix {
  const [address = "", len, extra] = text.split("/");
  let family: 4 | 6;
  try {
    family = ipFamilyOf(address);
  } catch {
    throw new ValidationError(
      `invalid address ${JSON.stringify(text)}: expected ADDRESS[/LENGTH], e.g. 10.0.0.1/24 or fd00::1/64`,
    );
  }
  const max = family === 4 ? 32 : 128;
  const length = len === undefined ? max : Number(len);
  if (extra !== undefined || !/^\d+$/.test(len ?? String(max)) || length > max) {
    throw new ValidationError(`invalid prefix length in ${JSON.stringify(text)}: allowed values are 0-${max}`);
  }
  return { family, address, length };
}

/** AF_INET for 4, AF_INET6 for 6, AF_UNSPEC (every family) for none: a dump request's family. */
export function addressFamily(family?: 4 | 6): number {
  return family === 6 ? C.AF_INET6 : family === 4 ? C.AF_INET : C.AF_UNSPEC;
}
