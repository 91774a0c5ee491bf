// The codec's building blocks: attributes, alignment, schemas, unknown attributes, IP text.
import {
  type Decoded,
  decodeErrorPayload,
  encodeAttr,
  formatIp,
  many,
  NLA_F_NESTED,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_ERROR,
  one,
  parseAttrs,
  parseIp,
  schema,
  splitMessages,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { binary, strz, u16, u32 } from "../../src/wire/codecs.js";
import { encodeErrorPayload } from "../../src/wire/errors.js";
import { encodeMessage } from "../../src/wire/header.js";

const INNER = schema("T_INNER", { id: one(1, "T_ID", u16) });
const OUTER = schema("T", {
  name: one(1, "T_NAME", strz),
  value: one(2, "T_VALUE", u32),
  inner: one(3, "T_INNER", INNER, NLA_F_NESTED),
  tags: many(4, "T_TAG", strz),
  blob: one(5, "T_BLOB", binary),
});

describe("attributes", () => {
  it("pads to 4 bytes without counting the padding in nla_len", () => {
    const a = encodeAttr(1, Buffer.from("abcde"));
    expect(a.toString("hex")).toBe("090001006162636465000000");
    expect(parseAttrs(a)).toEqual([{ type: 1, value: Buffer.from("abcde") }]);
  });
  it("refuses a truncated attribute", () => {
    expect(() => parseAttrs(Buffer.from("0c000100aabb", "hex"))).toThrow(/malformed attribute/);
  });
});

describe("schemas", () => {
  it("encodes fresh objects in schema order with emit flags on nests", () => {
    const bytes = OUTER.encode({ tags: ["a", "b"], value: 7, name: "x", inner: { id: 3 } });
    const raw = parseAttrs(bytes);
    expect(raw.map((a) => a.type)).toEqual([1, 2, 3 | NLA_F_NESTED, 4, 4]);
    expect(OUTER.decode(bytes)).toEqual({ name: "x", value: 7, inner: { id: 3 }, tags: ["a", "b"] });
  });
  it("keeps unknown attributes and the wire order, so emit(parse(x)) === x", () => {
    const wire = Buffer.concat([
      encodeAttr(4, strz.encode("t1")),
      encodeAttr(99, Buffer.from([1, 2, 3])),
      encodeAttr(2, u32.encode(5)),
      encodeAttr(3, INNER.encode({ id: 9 })), // no NESTED flag, as the kernel sends VF nests
      encodeAttr(4, strz.encode("t2")),
      encodeAttr(100 | NLA_F_NESTED, Buffer.alloc(4)),
    ]);
    const d = OUTER.decode(wire);
    expect(d.unknown).toEqual([
      { type: 99, value: Buffer.from([1, 2, 3]) },
      { type: 100 | NLA_F_NESTED, value: Buffer.alloc(4) },
    ]);
    expect(OUTER.encode(d).toString("hex")).toBe(wire.toString("hex"));
  });
  it("emits fields added after decoding after the original ones", () => {
    const d: Decoded<typeof OUTER.fields> = OUTER.decode(encodeAttr(2, u32.encode(1)));
    d.name = "late";
    expect(parseAttrs(OUTER.encode(d)).map((a) => a.type)).toEqual([2, 1]);
  });
  it("keeps a malformed known attribute as raw bytes instead of failing the message", () => {
    const d = OUTER.decode(encodeAttr(2, Buffer.from([1, 2])));
    expect(d.value).toBeUndefined();
    expect(d.unknown).toEqual([{ type: 2, value: Buffer.from([1, 2]) }]);
  });
  it("names attributes by their kernel names", () => {
    expect(OUTER.nameOf(3 | NLA_F_NESTED)).toBe("T_INNER");
    expect(OUTER.nameOf(42)).toBeUndefined();
  });
});

describe("NLMSG_ERROR with extended ack", () => {
  it("reads errno and the kernel's message after a capped echo", () => {
    const req = encodeMessage({ type: 16, flags: 5, seq: 1, pid: 0 }, Buffer.alloc(16));
    const { payload, flags } = encodeErrorPayload(95, req, "Unknown device type");
    expect(flags).toBe(NLM_F_CAPPED | NLM_F_ACK_TLVS);
    const [msg] = splitMessages(encodeMessage({ type: NLMSG_ERROR, flags, seq: 1, pid: 1 }, payload));
    expect(decodeErrorPayload(msg as never)).toEqual({ errno: 95, extack: "Unknown device type" });
  });
});

describe("IP addresses", () => {
  it.each([
    ["192.0.2.1", "c0000201"],
    ["::", "00000000000000000000000000000000"],
    ["2001:db8::1", "20010db8000000000000000000000001"],
    ["fe80::1:0:0:1", "fe800000000000000001000000000001"],
    ["2001:db8:0:1:1:1:1:1", "20010db8000000010001000100010001"],
    ["::ffff:192.0.2.1", "00000000000000000000ffffc0000201"],
  ])("%s", (text, hex) => {
    expect(parseIp(text).toString("hex")).toBe(hex);
    expect(formatIp(Buffer.from(hex, "hex"))).toBe(text === "::ffff:192.0.2.1" ? "::ffff:c000:201" : text);
  });
  it("rejects garbage", () => expect(() => parseIp("10.0.0.300")).toThrow(/not an IP address/));
});

describe("lazy views", () => {
  const wire = OUTER.encode({ name: "x", value: 7, inner: { id: 3 }, tags: ["a", "b"] });
  it("decode a field when it is read, and look like the eager object to equality, keys and JSON", () => {
    const d = OUTER.decode(wire);
    expect(d.value).toBe(7);
    expect(d.inner?.id).toBe(3);
    expect(Object.keys(d).sort()).toEqual(["inner", "name", "tags", "value"]);
    expect(d).toEqual({ name: "x", value: 7, inner: { id: 3 }, tags: ["a", "b"] });
    expect(JSON.parse(JSON.stringify(d))).toEqual({ name: "x", value: 7, inner: { id: 3 }, tags: ["a", "b"] });
    expect({ ...OUTER.decode(wire) }).toMatchObject({ name: "x", tags: ["a", "b"] });
    expect("blob" in d).toBe(false);
  });
  it("a change to a nest read from a view is emitted", () => {
    const d = OUTER.decode(wire);
    (d.inner as { id: number }).id = 4;
    expect(OUTER.decode(OUTER.encode(d)).inner?.id).toBe(4);
  });
  it("a field removed from a view is not emitted; one read before settling keeps its identity", () => {
    const d = OUTER.decode(wire);
    const inner = d.inner;
    delete d.value;
    expect(d.inner).toBe(inner);
    expect(OUTER.decode(OUTER.encode(d))).toEqual({ name: "x", inner: { id: 3 }, tags: ["a", "b"] });
  });
  it("a malformed known attribute read first is undefined and lands in unknown", () => {
    const d = OUTER.decode(Buffer.concat([encodeAttr(2, Buffer.from([1, 2])), encodeAttr(1, strz.encode("y"))]));
    expect(d.value).toBeUndefined();
    expect(d.name).toBe("y");
    expect(d.unknown).toEqual([{ type: 2, value: Buffer.from([1, 2]) }]);
  });
});

describe("a field read from a lazy view", () => {
  // Each read must give what the eager decode gives (a view settled before any read).
  const eager = (wire: Buffer) => JSON.parse(JSON.stringify(OUTER.decode(wire)));
  const u32le = (v: number) => u32.encode(v);
  it("is the last instance of a repeated single attribute, as the eager decode keeps", () => {
    const wire = Buffer.concat([encodeAttr(2, u32le(1)), encodeAttr(1, strz.encode("a")), encodeAttr(2, u32le(9))]);
    expect(OUTER.decode(wire).value).toBe(9);
    expect(eager(wire).value).toBe(9);
  });
  it("falls back to the eager value when the last instance is malformed", () => {
    const d = OUTER.decode(Buffer.concat([encodeAttr(2, u32le(5)), encodeAttr(2, Buffer.from([1, 2]))]));
    expect(d.value).toBe(5);
    expect(d.unknown).toEqual([{ type: 2, value: Buffer.from([1, 2]) }]);
  });
  it("is every instance of a repeating attribute, in wire order", () => {
    const wire = Buffer.concat([encodeAttr(4, strz.encode("x")), encodeAttr(2, u32le(1)), encodeAttr(4, strz.encode("y"))]);
    expect(OUTER.decode(wire).tags).toEqual(["x", "y"]);
  });
  it("is read once: the same object on every read, and after the view settles", () => {
    const d = OUTER.decode(OUTER.encode({ name: "n", inner: { id: 4 }, tags: ["t"] }));
    const inner = d.inner;
    expect(d.inner).toBe(inner);
    expect(Object.keys(d)).toEqual(["name", "inner", "tags"]);
    expect(d.inner).toBe(inner);
  });
  it("leaves the settled view in the eager key order, whatever was read first", () => {
    const wire = OUTER.encode({ name: "n", value: 3, inner: { id: 4 }, tags: ["t", "u"] });
    const d = OUTER.decode(wire);
    expect([d.tags, d.value]).toEqual([["t", "u"], 3]);
    expect(JSON.stringify(d)).toBe(JSON.stringify(eager(wire)));
  });
  it("does not stop an unchanged view re-emitting its own bytes, nests read or not", () => {
    const wire = Buffer.concat([
      encodeAttr(3 | NLA_F_NESTED, encodeAttr(1, Buffer.from([7, 0]))),
      encodeAttr(9, Buffer.from([1])),
    ]);
    const d = OUTER.decode(wire);
    expect(d.inner?.id).toBe(7);
    expect(OUTER.encode(d).toString("hex")).toBe(wire.toString("hex"));
  });
});
