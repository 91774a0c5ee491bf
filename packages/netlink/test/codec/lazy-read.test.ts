// How a lazy view reads one field from its bytes (wire/view.ts, schema.ts decodeField): each read
// must give what the eager decode gives, for repeated, malformed and multi attributes too, and a
// view settled after reads must be the eager object, key order and identities included.
import { encodeAttr, many, NLA_F_NESTED, one, schema } from "@underlay/netlink";
import { describe, expect, it } from "vitest";
import { strz, u16, u32 } from "../../src/wire/codecs.js";

const INNER = schema("L_INNER", { id: one(1, "L_ID", u16) });
const S = schema("L", {
  name: one(1, "L_NAME", strz),
  value: one(2, "L_VALUE", u32),
  inner: one(3, "L_INNER", INNER, NLA_F_NESTED),
  tags: many(4, "L_TAG", strz),
});
const attr = (type: number, bytes: number[] | Buffer) => encodeAttr(type, Buffer.from(bytes));
const u32le = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
/** The eager result: a view settled before any field is read. */
const eager = (wire: Buffer) => JSON.parse(JSON.stringify(S.decode(wire)));

describe("a field read from a lazy view", () => {
  it("is the last instance of a repeated single attribute, as the eager decode keeps", () => {
    const wire = Buffer.concat([attr(2, u32le(1)), attr(1, strz.encode("a")), attr(2, u32le(9))]);
    expect(S.decode(wire).value).toBe(9);
    expect(eager(wire).value).toBe(9);
  });
  it("falls back to the eager value when the last instance is malformed", () => {
    const wire = Buffer.concat([attr(2, u32le(5)), attr(2, [1, 2])]);
    const d = S.decode(wire);
    expect(d.value).toBe(5);
    expect(d.unknown).toEqual([{ type: 2, value: Buffer.from([1, 2]) }]);
  });
  it("is every instance of a repeating attribute, in wire order", () => {
    const wire = Buffer.concat([attr(4, strz.encode("x")), attr(2, u32le(1)), attr(4, strz.encode("y"))]);
    expect(S.decode(wire).tags).toEqual(["x", "y"]);
  });
  it("is read once: the same object on every read, and after the view settles", () => {
    const wire = S.encode({ name: "n", inner: { id: 4 }, tags: ["t"] });
    const d = S.decode(wire);
    const inner = d.inner;
    expect(d.inner).toBe(inner);
    expect(Object.keys(d)).toEqual(["name", "inner", "tags"]);
    expect(d.inner).toBe(inner);
  });
  it("leaves the settled view in the eager key order, whatever was read first", () => {
    const wire = S.encode({ name: "n", value: 3, inner: { id: 4 }, tags: ["t", "u"] });
    const d = S.decode(wire);
    expect([d.tags, d.value]).toEqual([["t", "u"], 3]);
    expect(JSON.stringify(d)).toBe(JSON.stringify(eager(wire)));
  });
  it("does not stop an unchanged view re-emitting its own bytes, nests read or not", () => {
    const wire = Buffer.concat([attr(3 | NLA_F_NESTED, attr(1, [7, 0])), attr(9, [1, 2, 3])]);
    const d = S.decode(wire);
    expect(d.inner?.id).toBe(7);
    expect(S.encode(d).toString("hex")).toBe(wire.toString("hex"));
  });
});
