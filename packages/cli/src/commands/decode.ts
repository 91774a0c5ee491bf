// `underlay decode HEX|-`: a raw netlink message (from strace -xx, nlmon, or our --debug) decoded
// into its header and typed attributes; attributes we have no schema for are shown as hex.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { decodeMessages, parseHex } from "../decoder.js";
import { printJson } from "../output.js";
import { examples } from "./examples.js";

export function registerDecode(decode: Command, ctx: CliContext): void {
  decode
    .argument("<hex>", "the message as hex, or - to read it from standard input")
    .addHelpText("after", examples("decode 3400000012000100…", '-j decode "$(cat msg.hex)"', "decode - < capture.hex"))
    .action((hex: string) => {
      const text = hex === "-" ? readFileSync(0, "utf8") : hex;
      const out = ctx.out;
      // Readable either way: decoding is the point, so -j without -p prints it compact for tools.
      printJson({ ...out, pretty: out.pretty || !out.json }, decodeMessages(parseHex(text)));
    });
}
