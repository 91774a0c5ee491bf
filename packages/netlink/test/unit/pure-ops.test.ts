// Operations do no I/O: a netns they name is a reference in the request, and the runner opens it
// around the send (and closes it after), against the fake socket here: no kernel, no root.
import { existsSync } from "node:fs";
import { constants as C, FakeSocket, fakeAck, Handle, linkAdd, linkMessage, linkSet, NetlinkError } from "@underlay/netlink";
import { describe, expect, it } from "vitest";

function handle() {
  const t = new FakeSocket((req) => [fakeAck(req)]);
  return { t, h: new Handle({ socket: () => t }) };
}
const sentAttrs = (t: FakeSocket) => linkMessage.decode(t.sent.at(-1)!.subarray(16)).attrs;

describe("a netns in a request", () => {
  it("is a reference the operation carries, not an fd it opens", () => {
    const req = linkSet(3, { netns: { name: "no-such-netns-ul" } }).next().value;
    expect(req).toMatchObject({ type: C.RTM_NEWLINK, netns: [{ name: "no-such-netns-ul" }] });
    const add = linkAdd({ name: "v0", kind: "veth", peer: { name: "v1", netns: { path: "/nonexistent" } } }).next().value;
    expect(add).toMatchObject({ netns: [undefined, { path: "/nonexistent" }] });
  });
  it("is opened by the runner for the send and closed after", () => {
    const { t, h } = handle();
    h.linkSet(3, { netns: { path: "/proc/self/ns/net" } });
    const fd = sentAttrs(t).netNsFd!;
    expect(fd).toBeGreaterThan(2);
    expect(existsSync(`/proc/self/fd/${fd}`)).toBe(false);
  });
  it("a pid or an fd goes into the request as given", async () => {
    const { t, h } = handle();
    h.linkSet(3, { netns: { pid: 4321 } });
    expect(sentAttrs(t)).toMatchObject({ netNsPid: 4321 });
    await h.promises.linkAdd({ name: "v0", kind: "veth", netns: { fd: 9 }, peer: { name: "v1", netns: { pid: 77 } } });
    const attrs = sentAttrs(t);
    expect(attrs.netNsFd).toBe(9);
    expect(attrs.linkinfo).toMatchObject({ data: { peer: { attrs: { ifname: "v1", netNsPid: 77 } } } });
  });
  it("that cannot be opened fails the call before anything is sent", () => {
    const { t, h } = handle();
    expect(() => h.linkSet(3, { netns: { name: "no-such-netns-ul" } })).toThrow(NetlinkError);
    expect(() => h.linkSet(3, { netns: { name: "no-such-netns-ul" } })).toThrow(/open netns \/run\/netns\/no-such-netns-ul/);
    expect(t.sent).toHaveLength(0);
  });
});
