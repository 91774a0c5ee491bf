// Another host on the parent's segment, for the probe and announcement tests: the harness's
// parent "up0" in the stand-in host netns, its veth peer "up1" in a netns of its own holding
// addresses of its own (IPv6 without DAD, so it answers at once).
import type { Scratch } from "../../../netlink/test/support/live.js";
import type { Harness } from "./harness.js";

export interface Segment {
  /** The other host's netns, and the MAC it answers with. */
  peer: Scratch;
  peerMac: string;
}

export function segmentWithPeer(t: Harness, addresses: string[]): Segment {
  const peer = t.s.other();
  t.s.h.linkAdd({ name: "up0", kind: "veth", peer: { name: "up1", netns: { name: peer.name } }, up: true });
  peer.h.linkSetUp("up1");
  for (const a of addresses) peer.h.addrAdd("up1", a, a.includes(":") ? { nodad: true } : {});
  return { peer, peerMac: peer.h.linkGet("up1").attrs.address as string };
}
