// Join's link add (netlink's linkAdd with `echo`): the add carries NLM_F_ECHO and the new link's ifindex comes from
// the kernel's echo (6.3 and later); a kernel that echoes nothing (only the ACK) gives undefined,
// and the caller looks the name up. The parent's lookup by name goes out as linkAdd sends it. No
// root: the kernel's side is the fake socket's responder.
import { constants as C, FakeSocket, fakeAck, fakeMessage, Handle, linkAdd, linkMessage, NLM_F_ECHO } from "@underlay/netlink";
import { describe, expect, it } from "vitest";

const link = (index: number, ifname: string) =>
  linkMessage.encode({ header: { family: 0, type: 1, index, flags: 0, change: 0 }, attrs: { ifname } });

/** A kernel with the parent up0 at ifindex 2 that makes the new link ifindex 9, echoing it or not. */
function kernel(echoes: boolean) {
  const adds: number[] = [];
  const h = new Handle({
    socket: () =>
      new FakeSocket((req) => {
        if (req.header.type === C.RTM_GETLINK) return [fakeMessage(req, C.RTM_NEWLINK, link(2, "up0"))];
        adds.push(req.header.flags);
        const echo = echoes && req.header.flags & NLM_F_ECHO ? [fakeMessage(req, C.RTM_NEWLINK, link(9, "ulx"))] : [];
        return [...echo, fakeAck(req)];
      }),
  });
  return { h, adds };
}

describe("linkAdd with echo", () => {
  it("asks for the echo on the add alone, and returns the new link's ifindex from it", () => {
    const { h, adds } = kernel(true);
    expect(h.run(linkAdd({ name: "ulx", kind: "macvlan", parent: "up0", mode: "bridge", echo: true }))).toBe(9);
    expect(adds.map((f) => f & NLM_F_ECHO)).toEqual([NLM_F_ECHO]);
    h.close();
  });

  it("returns undefined from a kernel that sends only the ACK", () => {
    const { h } = kernel(false);
    expect(h.run(linkAdd({ name: "ulx", kind: "macvlan", parent: "up0", mode: "bridge", echo: true }))).toBeUndefined();
    h.close();
  });
});
