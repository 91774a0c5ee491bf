// Discovery's netlink side against the fake socket @underlay/netlink exports (a responder in
// place of the kernel): no root, no SR-IOV hardware.
import { constants as C, FakeSocket, fakeDump, Handle, linkMessage, NLM_F_DUMP } from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { netdevMacs } from "../src/discovery.js";

const link = (index: number, ifname: string, address?: string) =>
  linkMessage.encode({
    header: { family: 0, type: 1, index, flags: 0, change: 0 },
    attrs: address ? { ifname, address } : { ifname },
  });

describe("netdevMacs", () => {
  it("maps every link that has a MAC, from one dump", async () => {
    const s = new FakeSocket((req) =>
      fakeDump(req, C.RTM_NEWLINK, [
        link(1, "lo"),
        link(5, "enp1s0v0", "02:00:00:00:00:05"),
        link(6, "enp1s0v1", "02:00:00:00:00:06"),
      ]),
    );
    const macs = await netdevMacs(new Handle({ socket: () => s }));
    expect([...macs]).toEqual([
      ["enp1s0v0", "02:00:00:00:00:05"],
      ["enp1s0v1", "02:00:00:00:00:06"],
    ]);
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]!.readUInt16LE(6) & NLM_F_DUMP).toBe(NLM_F_DUMP);
  });
});
