// After Join the driver announces the endpoint's addresses from inside the container's netns, once
// Docker has moved the link there and configured it: a peer on the parent's segment holding stale
// neighbour entries for them takes the new MAC without sending anything. Docker's steps after Join
// are played here as Docker 20.10 does them: the netns file appears only after Join's answer,
// then the link moves in, is renamed, gets its MAC and addresses, and comes up.
import { Handle, netnsAdd, netnsDel, netnsList, netnsPath } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, uniqueName } from "../../netlink/test/support/live.js";
import { neighbourMac, plantStaleNeighbour, readUntil } from "../../netlink/test/support/neighbours.js";
import { EP, type Harness, harness, NET, SRC } from "./support/harness.js";
import { type Segment, segmentWithPeer } from "./support/segment.js";

const STALE = "02:00:00:00:99:99";
const ids = { NetworkID: NET, EndpointID: EP };
let t: Harness;
let seg: Segment;
let sandbox: string; // the container's netns, made by "Docker" after Join

beforeEach(async (ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  t = await harness();
  seg = segmentWithPeer(t, ["192.0.2.50/24", "2001:db8::50/64"]);
  sandbox = uniqueName("ulc");
  plantStaleNeighbour(seg.peer.name, "up1", "192.0.2.3", STALE);
  plantStaleNeighbour(seg.peer.name, "up1", "2001:db8::3", STALE);
});
afterEach(() => {
  if (netnsList().includes(sandbox)) netnsDel(sandbox);
  t?.dispose();
});

/** CreateEndpoint and Join as dockerd sends them; returns the MAC the driver chose. */
async function createAndJoin(): Promise<string> {
  await t.createNetwork(NET, { parent: "up0" });
  const ep = await t.call("CreateEndpoint", { ...ids, Interface: { Address: "192.0.2.3/24", AddressIPv6: "2001:db8::3/64" } });
  const mac = (ep.json.Interface as { MacAddress: string }).MacAddress;
  const join = await t.call("Join", { ...ids, SandboxKey: netnsPath({ name: sandbox }) });
  expect(join.status).toBe(200);
  expect(netnsList()).not.toContain(sandbox); // Join answered before the container's netns existed
  return mac;
}

/** What dockerd does after Join: the netns, the move, the rename, MAC, addresses, up. */
function dockerConfigures(mac: string): void {
  netnsAdd(sandbox);
  t.s.h.linkSet(SRC, { netns: { name: sandbox } });
  const c = new Handle({ netns: { name: sandbox } });
  try {
    c.linkSet(SRC, { name: "eth0", address: mac });
    c.addrAdd("eth0", "192.0.2.3/24");
    c.addrAdd("eth0", "2001:db8::3/64", { nodad: true });
    c.linkSetUp("eth0");
  } finally {
    c.close();
  }
}

describe("announcements after Join", () => {
  it("the peer's stale IPv4 and IPv6 entries take the endpoint's MAC, the peer sending nothing", async () => {
    const mac = await createAndJoin();
    await new Promise((r) => setTimeout(r, 300)); // the container starts a moment later
    dockerConfigures(mac);
    expect(await readUntil(() => neighbourMac(seg.peer.name, "up1", "192.0.2.3"), mac, 3000)).toBe(mac);
    expect(await readUntil(() => neighbourMac(seg.peer.name, "up1", "2001:db8::3"), mac, 3000)).toBe(mac);
  });

  it("an endpoint that leaves before its link is up is not announced", async () => {
    const mac = await createAndJoin();
    expect((await t.call("Leave", ids)).status).toBe(200);
    dockerConfigures(mac);
    await new Promise((r) => setTimeout(r, 1500)); // polls every 100 ms, sends at once when ready
    expect(neighbourMac(seg.peer.name, "up1", "192.0.2.3")).toBe(STALE);
    expect(neighbourMac(seg.peer.name, "up1", "2001:db8::3")).toBe(STALE);
  });
});
