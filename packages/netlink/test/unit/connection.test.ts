// The Connection's own rules (the tap, waiting for readiness, a reply cut short, multicast events),
// over the fake socket: the socket only moves bytes, so none of this needs a kernel or root.
import { constants as C, FakeSocket, fakeAck, fakeMessage, Handle, linkMessage } from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { decodeHeader, encodeMessage } from "../../src/wire/header.js";

const linkPayload = (index: number, ifname: string) =>
  linkMessage.encode({ header: { family: 0, type: 1, index, flags: 0, change: 0 }, attrs: { ifname } });

describe("Connection over a fake socket", () => {
  it("shows the tap each request, numbered, and each datagram received", () => {
    const seen: [string, number][] = [];
    const s = new FakeSocket((req) => [fakeMessage(req, C.RTM_NEWLINK, linkPayload(2, "a"))]);
    const h = new Handle({ socket: () => s, tap: (dir, bytes) => seen.push([dir, decodeHeader(bytes).seq]) });
    h.linkGet("a");
    h.linkGet("a");
    const seq = decodeHeader(s.sent[0]!).seq;
    expect(seen).toEqual([
      ["send", seq],
      ["recv", seq],
      ["send", seq + 1],
      ["recv", seq + 1],
    ]);
  });
  it("async calls in a row complete, those that wait for readiness included", async () => {
    const s = new FakeSocket((req) => [fakeAck(req)]);
    const h = new Handle({ socket: () => s });
    for (let i = 1; i <= 40; i++) await h.promises.linkSetUp(i);
    expect(s.sent).toHaveLength(40);
  });
  it("a reply cut short fails the call rather than waiting forever", async () => {
    const h = new Handle({ socket: () => new FakeSocket((req) => [fakeMessage(req, C.RTM_NEWLINK, linkPayload(1, "a"))]) });
    expect(() => h.linkSetUp(1)).toThrow(/ended without ACK or DONE/);
    await expect(h.promises.linkSetUp(1)).rejects.toThrow(/ended without ACK or DONE/);
  });
  it("a monitor receives what the kernel multicasts, until it is closed", async () => {
    const s = new FakeSocket(() => []);
    const events = new Handle({ socket: () => s }).monitor({ topics: ["link"] });
    s.deliver(encodeMessage({ type: C.RTM_DELLINK, flags: 0, seq: 0, pid: 0 }, linkPayload(5, "gone0")));
    const first = await events.next();
    expect(first.value).toMatchObject({ topic: "link", action: "del", link: { attrs: { ifname: "gone0" } } });
    await events.return?.();
    expect(s.closed).toBe(true);
  });
});
