// --debug: every datagram the handle sends or receives, as a hex dump and decoded, on stderr (so
// stdout stays clean for -j). The decoding is the same as `underlay decode`'s.
import { decodeMessages } from "./decoder.js";
import { jsonText } from "./output.js";

/** 16 bytes a line, offset first, like `xxd` without the ASCII column. */
export function hexDump(bytes: Buffer, indent = "  "): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const hex = [...bytes.subarray(off, off + 16)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    lines.push(`${indent}${off.toString(16).padStart(4, "0")}  ${hex}`);
  }
  return lines.join("\n");
}

export function debugTap(write: (text: string) => void) {
  return (direction: "send" | "recv", bytes: Buffer): void => {
    const arrow = direction === "send" ? ">>> sent" : "<<< received";
    let decoded: string;
    try {
      decoded = decodeMessages(bytes)
        .map((m) => `  ${m.header.type} ${jsonText(m)}`)
        .join("\n");
    } catch (e) {
      decoded = `  (not decodable: ${(e as Error).message})`;
    }
    write(`${arrow} ${bytes.length} bytes\n${hexDump(bytes)}\n${decoded}\n`);
  };
}
