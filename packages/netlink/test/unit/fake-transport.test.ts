// Handle behaviour against the fake socket (a responder): no kernel, no root.
import {
  constants as C,
  DumpInterruptedError,
  Handle,
  linkMessage,
  NetlinkError,
  NLM_F_MULTI,
  NLMSG_DONE,
  ValidationError,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import {
  type FakeRequest,
  FakeSocket,
  fakeAck,
  fakeDump,
  fakeError,
  fakeMessage,
  type Responder,
} from "../../src/transport/fake.js";
import { encodeMessage } from "../../src/wire/header.js";

const linkPayload = (index: number, ifname: string) =>
  linkMessage.encode({ header: { family: 0, type: 1, index, flags: C.IFF_UP, change: 0 }, attrs: { ifname, mtu: 1500 } });

function handleWith(responder: Responder, o: { dumpRetries?: number } = {}) {
  const t = new FakeSocket(responder);
  return { t, h: new Handle({ socket: () => t, ...o }) };
}

describe("errors", () => {
  it("NetlinkError carries errno, code, the kernel's ext-ack text and the request", () => {
    const { h } = handleWith((req) => [fakeError(req, 95, "Unknown device type")]);
    const err = (() => {
      try {
        h.linkAdd({ name: "d0", kind: "dummy" });
      } catch (e) {
        return e;
      }
    })() as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({
      errno: 95,
      code: "EOPNOTSUPP",
      extack: "Unknown device type",
      operation: "link add d0 type dummy",
    });
    expect(err.message).toBe("link add d0 type dummy: EOPNOTSUPP: Unknown device type");
    expect(linkMessage.decode(err.request!.subarray(16)).attrs.linkinfo?.kind).toBe("dummy");
  });
  it("without ext-ack the message still says what failed", () => {
    const { h } = handleWith((req) => [fakeError(req, 19)]);
    expect(() => h.linkDel("nope0")).toThrow("link del nope0: ENODEV (no such device)");
  });
  it.each([
    ["a name over 15 bytes", () => ({ name: "abcdefghijklmnop", kind: "veth" }), /16 bytes, the limit is 15/],
    ["a name with /", () => ({ name: "a/b", kind: "veth" }), /must not be "." or ".." or contain "\/"/],
    ["an empty name", () => ({ name: "", kind: "veth" }), /it is empty/],
    ["a name with NUL", () => ({ name: "x0\0y", kind: "veth" }), /"x0\\u0000y": must not contain NUL or other control/],
    ["a name with a control character", () => ({ name: "x0\x7f", kind: "veth" }), /must not contain NUL or other control/],
    ["an unknown kind", () => ({ name: "x0", kind: "wifi" }), /known kinds are macvlan, ipvlan, vlan, veth, dummy, bridge/],
    [
      "a bad macvlan mode",
      () => ({ name: "x0", kind: "macvlan", parent: 1, mode: "fast" }),
      /allowed values are private, vepa, bridge, passthru, source/,
    ],
    ["a bad vlan id", () => ({ name: "x0", kind: "vlan", parent: 1, id: 5000 }), /allowed values are 0-4094/],
    ["a macvlan with no parent", () => ({ name: "x0", kind: "macvlan" }), /needs a parent link/],
  ])("%s is refused before any syscall", (_, opts, message) => {
    const { t, h } = handleWith((req) => [fakeAck(req)]);
    expect(() => h.linkAdd(opts() as never)).toThrow(ValidationError);
    expect(() => h.linkAdd(opts() as never)).toThrow(message);
    expect(t.sent).toHaveLength(0);
  });
  it("a NUL in a name to delete or get is refused: the kernel would cut the name there and act on another link", () => {
    const { t, h } = handleWith((req) => [fakeAck(req)]);
    expect(() => h.linkDel("eth0\0ul1")).toThrow(ValidationError);
    expect(() => h.linkGet("eth0\0")).toThrow(/must not contain NUL/);
    expect(t.sent).toHaveLength(0);
  });
});

describe("replies", () => {
  it("a GET by name is one doit request with IFLA_IFNAME, not a dump", () => {
    const { t, h } = handleWith((req) => [fakeMessage(req, C.RTM_NEWLINK, linkPayload(7, "eth9")), fakeAck(req)]);
    expect(h.linkGet("eth9").header.index).toBe(7);
    expect(t.sent).toHaveLength(1);
    const sent = t.sent[0]!;
    expect(sent.readUInt16LE(6) & 0x300).toBe(0);
    expect(linkMessage.decode(sent.subarray(16)).attrs).toMatchObject({ ifname: "eth9", extMask: C.RTEXT_FILTER_SKIP_STATS });
  });
  it("a dump spread over several datagrams is gathered to NLMSG_DONE", () => {
    const { h } = handleWith((req) => [
      ...fakeDump(req, C.RTM_NEWLINK, [linkPayload(1, "lo"), linkPayload(2, "a")]).slice(0, 1),
      ...fakeDump(req, C.RTM_NEWLINK, [linkPayload(3, "b")]),
    ]);
    expect(h.linkList().map((l) => l.attrs.ifname)).toEqual(["lo", "a", "b"]);
  });
  it("messages with another sequence number (a stale reply) are skipped", () => {
    const { h } = handleWith((req) => {
      const stale: FakeRequest = { ...req, header: { ...req.header, seq: req.header.seq - 1 } };
      return [
        fakeMessage(stale, C.RTM_NEWLINK, linkPayload(9, "old")),
        fakeAck(stale),
        fakeMessage(req, C.RTM_NEWLINK, linkPayload(2, "new")),
        fakeAck(req),
      ];
    });
    expect(h.linkGet(2).attrs.ifname).toBe("new");
  });
  it("a dump that fails part-way reports the errno from NLMSG_DONE", () => {
    const { h } = handleWith((req) => {
      const done = Buffer.alloc(4);
      done.writeInt32LE(-105);
      return [encodeMessage({ type: NLMSG_DONE, flags: NLM_F_MULTI, seq: req.header.seq, pid: 0 }, done)];
    });
    expect(() => h.linkList()).toThrow(/ENOBUFS/);
  });
});

describe("NLM_F_DUMP_INTR", () => {
  it("is retried, and a clean attempt is returned", () => {
    let n = 0;
    const { t, h } = handleWith((req) => fakeDump(req, C.RTM_NEWLINK, [linkPayload(1, `try${n}`)], n++ < 2));
    expect(h.linkList().map((l) => l.attrs.ifname)).toEqual(["try2"]);
    expect(t.sent).toHaveLength(3);
  });
  it("after the retries, DumpInterruptedError carries the partial result", () => {
    const { t, h } = handleWith((req) => fakeDump(req, C.RTM_NEWLINK, [linkPayload(1, "lo")], true), { dumpRetries: 2 });
    const err = (() => {
      try {
        h.linkList();
      } catch (e) {
        return e;
      }
    })() as DumpInterruptedError<{ attrs: { ifname?: string } }[]>;
    expect(err).toBeInstanceOf(DumpInterruptedError);
    expect(err.attempts).toBe(3);
    expect(err.partial.map((l) => l.attrs.ifname)).toEqual(["lo"]);
    expect(t.sent).toHaveLength(3);
  });
});

describe("promise API", () => {
  it("runs the same operations and rejects with the same errors", async () => {
    const { h } = handleWith((req) =>
      req.header.type === C.RTM_GETLINK
        ? [fakeMessage(req, C.RTM_NEWLINK, linkPayload(4, "x")), fakeAck(req)]
        : [fakeError(req, 17)],
    );
    await expect(h.promises.linkGet("x")).resolves.toMatchObject({ header: { index: 4 } });
    await expect(h.promises.linkAdd({ name: "x", kind: "veth" })).rejects.toMatchObject({ code: "EEXIST" });
    await expect(h.promises.linkAdd({ name: "x/", kind: "veth" })).rejects.toBeInstanceOf(ValidationError);
  });
  it("runs calls on one handle one at a time, in order", async () => {
    const order: number[] = [];
    const { h } = handleWith((req) => {
      order.push(linkMessage.decode(req.payload).header.index);
      return [fakeAck(req)];
    });
    await Promise.all([1, 2, 3].map((i) => h.promises.linkSetUp(i)));
    expect(order).toEqual([1, 2, 3]);
  });
});
