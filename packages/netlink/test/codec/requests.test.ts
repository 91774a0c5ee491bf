// Request bytes captured from the encoder before the single-buffer writer
// (scripts/fixtures/capture-requests.mjs): every operation still sends exactly those bytes, and
// each captured request decodes and re-emits unchanged, from its bytes and from its values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  addrMessage,
  constants as C,
  encodeAttr,
  encodeRequest,
  FakeSocket,
  fakeAck,
  fakeDump,
  fakeMessage,
  Handle,
  linkMessage,
  NLM_F_DUMP,
  nexthopMessage,
  routeMessage,
  ruleMessage,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { Writer } from "../../src/wire/writer.js";

interface Case {
  op: string;
  args: unknown[];
  requests: string[];
}
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/requests/requests.json"), "utf8"));
const CASES = fixture.cases as Case[];
const label = (c: Case) => `${c.op}(${JSON.stringify(c.args).slice(1, -1)})`.slice(0, 120);

/** What the capture answered: a link for lookups, DONE for dumps, an ACK otherwise. */
function sent(c: Case): string[] {
  const socket = new FakeSocket((req) => {
    if ((req.header.flags & NLM_F_DUMP) === NLM_F_DUMP) return fakeDump(req, req.header.type, []);
    if (req.header.type !== C.RTM_GETLINK) return [fakeAck(req)];
    const link = { header: { family: 0, type: 1, index: 7, flags: 0, change: 0 }, attrs: { ifname: "eth0" } };
    return [fakeMessage(req, C.RTM_NEWLINK, linkMessage.encode(link))];
  });
  const h = new Handle({ socket: () => socket }) as unknown as Record<string, (...a: unknown[]) => unknown>;
  h[c.op]?.(...c.args);
  // The sequence number is time-derived; the capture zeroed it.
  return socket.sent.map((b) => Buffer.concat([b.subarray(0, 8), Buffer.alloc(4), b.subarray(12)]).toString("hex"));
}

/** The family codec of a request: RTM_* types come in fours (NEW, DEL, GET, SET). */
const CODECS = new Map<number, { decode(b: Buffer): unknown; encode(v: never): Buffer }>([
  [C.RTM_NEWLINK, linkMessage],
  [C.RTM_NEWADDR, addrMessage],
  [C.RTM_NEWROUTE, routeMessage],
  [C.RTM_NEWRULE, ruleMessage],
  [C.RTM_NEWNEXTHOP, nexthopMessage],
]);

describe("golden requests", () => {
  it("cover every request kind", () => {
    expect(CASES.length).toBeGreaterThan(50);
    const types = new Set(CASES.flatMap((c) => c.requests.map((hex) => Buffer.from(hex, "hex").readUInt16LE(4))));
    for (const t of [C.RTM_NEWLINK, C.RTM_DELLINK, C.RTM_GETLINK, C.RTM_NEWADDR, C.RTM_GETROUTE]) expect(types).toContain(t);
  });
  it.each(CASES.map((c) => [label(c), c] as const))("%s sends the captured bytes", (_, c) => {
    expect(sent(c)).toEqual(c.requests);
  });
  it.each(CASES.map((c) => [label(c), c] as const))("%s: each request re-emits byte for byte", (_, c) => {
    for (const hex of c.requests) {
      const payload = Buffer.from(hex, "hex").subarray(16);
      const type = Buffer.from(hex, "hex").readUInt16LE(4);
      const codec = CODECS.get(type & ~3) ?? expect.fail(`no codec for message type ${type}`);
      expect(codec.encode(codec.decode(payload) as never).toString("hex")).toBe(payload.toString("hex"));
      // Changed, so every attribute is written from its value rather than copied.
      const d = codec.decode(payload) as { attrs: Record<string, unknown> };
      Reflect.set(d.attrs, "unknown", d.attrs.unknown);
      expect(codec.encode(d as never).toString("hex")).toBe(payload.toString("hex"));
    }
  });
});

describe("the request writer", () => {
  it("pads an attribute by its length wherever it starts, as encodeAttr does", () => {
    const w = new Writer();
    w.bytes(Buffer.from([1, 2, 3]));
    const at = w.beginAttr(5);
    w.bytes(Buffer.from([9]));
    w.endAttr(at);
    expect(w.finish().toString("hex")).toBe(`010203${encodeAttr(5, Buffer.from([9])).toString("hex")}`);
  });
  it("grows past its first buffer and keeps what it wrote", () => {
    const w = new Writer(16, 8);
    for (let i = 0; i < 100; i++) w.bytes(Buffer.from([i]));
    expect([...w.finish()]).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it("puts the header in a payload's room once: a payload sent twice is copied, no bytes shared", () => {
    const payload = linkMessage.encode({ header: { family: 0, type: 0, index: 3, flags: 0, change: 0 }, attrs: { mtu: 1500 } });
    const r = { type: C.RTM_NEWLINK, flags: 0, payload, operation: "test" };
    const a = encodeRequest(r, 1);
    const b = encodeRequest(r, 2);
    expect(a.subarray(16)).toEqual(payload);
    expect(b.subarray(16)).toEqual(payload);
    expect([a.readUInt32LE(8), b.readUInt32LE(8), a.readUInt32LE(0)]).toEqual([1, 2, 16 + payload.length]);
  });
});
