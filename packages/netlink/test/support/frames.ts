// Golden frames written as annotated hex, the two MACs they use, and the check every golden
// frame gets: our builder emits exactly its bytes, and they parse back to the expected fields.
import { type EthernetHeader, parseEthernet } from "@underlay/netlink";
import { expect } from "vitest";

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
export const MAC_A = "02:00:00:00:00:0a";
export const MAC_B = "02:00:00:00:00:0b";

/** `emitted` is byte for byte `golden`, whose Ethernet header is `header` and whose payload `parse` reads as `fields`. */
export function expectGolden<T>(golden: Buffer, emitted: Buffer, header: EthernetHeader, parsed: [(b: Buffer) => T, T]): void {
  expect(emitted).toEqual(golden);
  const eth = parseEthernet(golden);
  expect(eth?.header).toEqual(header);
  expect(parsed[0](eth?.payload as Buffer)).toEqual(parsed[1]);
}
