// The rig of the announcement tests: the harness, a peer on the parent's segment holding stale
// neighbour entries for the endpoint's addresses, and Docker's steps around Join as Docker 20.10
// takes them (the container's netns appears only after Join's answer; then the link moves in, is
// renamed, gets its MAC and addresses, and comes up).
import { Handle, netnsAdd, netnsDel, netnsList, netnsPath } from "@underlay/netlink";
import { expect } from "vitest";
import { uniqueName } from "../../../netlink/test/support/live.js";
import { neighbourMac, plantStaleNeighbour } from "../../../netlink/test/support/neighbours.js";
import { EP, type Harness, harness, NET, SRC } from "./harness.js";
import { type Segment, segmentWithPeer } from "./segment.js";

export const STALE = "02:00:00:00:99:99";
const ENDPOINT = ["192.0.2.3/24", "2001:db8::3/64"] as const;
const ids = { NetworkID: NET, EndpointID: EP };

export interface AnnounceRig {
  t: Harness;
  seg: Segment;
  /** The MACs the peer holds for the endpoint's IPv4 and IPv6 addresses, joined by a comma. */
  entries(): string;
  /** Gives the peer stale entries (MAC STALE) for the endpoint's addresses. */
  plantStale(): void;
  /** CreateEndpoint and Join; returns the MAC the driver chose, if it chose one. */
  createAndJoin(generic: Record<string, string>): Promise<string | undefined>;
  /** What dockerd does after Join, setting `mac` if Docker has one for the endpoint. */
  dockerConfigures(mac: string | undefined): void;
  dispose(): void;
}

export async function announceRig(): Promise<AnnounceRig> {
  const t = await harness();
  const seg = segmentWithPeer(t, ["192.0.2.50/24", "2001:db8::50/64"]);
  const sandbox = uniqueName("ulc");
  const bare = ENDPOINT.map((a) => a.split("/")[0] as string);
  const plantStale = () => {
    for (const ip of bare) plantStaleNeighbour(seg.peer.name, "up1", ip, STALE);
  };
  plantStale();
  return {
    t,
    seg,
    entries: () => bare.map((ip) => neighbourMac(seg.peer.name, "up1", ip)).join(),
    plantStale,
    async createAndJoin(generic) {
      await t.createNetwork(NET, generic);
      const ep = await t.call("CreateEndpoint", { ...ids, Interface: { Address: ENDPOINT[0], AddressIPv6: ENDPOINT[1] } });
      expect((await t.call("Join", { ...ids, SandboxKey: netnsPath({ name: sandbox }) })).status).toBe(200);
      expect(netnsList()).not.toContain(sandbox); // Join answered before the container's netns existed
      return (ep.json.Interface as { MacAddress?: string } | undefined)?.MacAddress;
    },
    dockerConfigures(mac) {
      netnsAdd(sandbox);
      t.s.h.linkSet(SRC, { netns: { name: sandbox } });
      const c = new Handle({ netns: { name: sandbox } });
      try {
        c.linkSet(SRC, mac ? { name: "eth0", address: mac } : { name: "eth0" });
        c.addrAdd("eth0", ENDPOINT[0]);
        c.addrAdd("eth0", ENDPOINT[1], { nodad: true });
        c.linkSetUp("eth0");
      } finally {
        c.close();
      }
    },
    dispose() {
      if (netnsList().includes(sandbox)) netnsDel(sandbox);
      t.dispose();
    },
  };
}
