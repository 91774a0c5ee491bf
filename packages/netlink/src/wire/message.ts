// A family message: a fixed header struct followed by attributes (ifinfomsg + IFLA_*, …). Pure.
import { type Codec, writeWith } from "./codecs.js";
import { align4, NLMSG_HDRLEN } from "./header.js";
import type { Decoded, FieldMap, Schema } from "./schema.js";
import { Writer } from "./writer.js";

export interface FamilyMessage<H, F extends FieldMap> {
  header: H;
  attrs: Decoded<F>;
}

export function familyMessage<H, F extends FieldMap>(
  header: Codec<H> & { size: number },
  attrs: Schema<F>,
): Codec<FamilyMessage<H, F>> {
  const start = align4(header.size);
  const write = (w: Writer, m: FamilyMessage<H, F>) => {
    const at = w.off;
    writeWith(header, w, m.header);
    w.zeros(start - (w.off - at));
    attrs.write(w, m.attrs);
  };
  return {
    decode: (b, from = 0, to = b.length) => ({ header: header.decode(b, from, to), attrs: attrs.decode(b, from + start, to) }),
    // Requests are what gets encoded: written with room for the nlmsghdr, which encodeRequest
    // then puts in front without copying the message.
    encode: (m) => {
      const w = new Writer(NLMSG_HDRLEN);
      write(w, m);
      return w.finishPayload();
    },
    write,
  };
}
