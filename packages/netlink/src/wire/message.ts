// A family message: a fixed header struct followed by attributes (ifinfomsg + IFLA_*, …). Pure.
import type { Codec } from "./codecs.js";
import { align4 } from "./header.js";
import type { Decoded, FieldMap, Schema } from "./schema.js";

export interface FamilyMessage<H, F extends FieldMap> {
  header: H;
  attrs: Decoded<F>;
}

export function familyMessage<H, F extends FieldMap>(
  header: Codec<H> & { size: number },
  attrs: Schema<F>,
): Codec<FamilyMessage<H, F>> {
  const start = align4(header.size);
  return {
    decode: (b, from = 0, to = b.length) => ({ header: header.decode(b, from, to), attrs: attrs.decode(b, from + start, to) }),
    encode: (m) => {
      const h = header.encode(m.header);
      const a = attrs.encode(m.attrs);
      const out = Buffer.allocUnsafe(start + a.length);
      h.copy(out);
      out.fill(0, h.length, start);
      a.copy(out, start);
      return out;
    },
  };
}
