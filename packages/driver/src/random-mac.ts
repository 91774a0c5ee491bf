// MACs the driver makes up: random, unicast, locally administered, as Docker 28+ generates them.
import { randomBytes } from "node:crypto";

export function randomMac(): string {
  const b = randomBytes(6);
  b[0] = ((b[0] as number) & 0xfe) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(":");
}
