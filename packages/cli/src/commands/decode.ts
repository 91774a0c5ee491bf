// `underlay decode HEX|-`: a raw netlink message (from strace -xx, nlmon, or our --debug) decoded
// into its header and typed attributes; attributes we have no schema for are shown as hex.
import { readFileSync } from "node:fs";
import {
  addrMessage,
  constants as C,
  decodeErrorPayload,
  linkMessage,
  NLMSG_DONE,
  NLMSG_ERROR,
  routeMessage,
  splitMessages,
} from "@underlay/netlink";
import type { Command } from "commander";
import { type GlobalOptions, printJson } from "../context.js";

const TYPES: Record<number, string> = Object.fromEntries(
  Object.entries(C)
    .filter(([k, v]) => k.startsWith("RTM_") && typeof v === "number")
    .map(([k, v]) => [v as number, k]),
);

export function parseHex(text: string): Buffer {
  const hex = text.replace(/\\x|0x|[\s:,"]/g, "");
  if (!/^([0-9a-fA-F]{2})+$/.test(hex))
    throw new Error("not hex bytes: give the message as hex (spaces, colons, \\x and 0x are ignored)");
  return Buffer.from(hex, "hex");
}

function decodeOne(type: number, payload: Buffer): unknown {
  if (type >= C.RTM_NEWLINK && type <= C.RTM_SETLINK) return linkMessage.decode(payload);
  if (type >= C.RTM_NEWADDR && type <= C.RTM_GETADDR) return addrMessage.decode(payload);
  if (type >= C.RTM_NEWROUTE && type <= C.RTM_GETROUTE) return routeMessage.decode(payload);
  return { raw: payload.toString("hex") };
}

export function decodeHex(text: string): unknown[] {
  return splitMessages(parseHex(text)).map((m) => {
    const name =
      m.header.type === NLMSG_ERROR
        ? "NLMSG_ERROR"
        : m.header.type === NLMSG_DONE
          ? "NLMSG_DONE"
          : (TYPES[m.header.type] ?? `type ${m.header.type}`);
    const body = m.header.type === NLMSG_ERROR ? decodeErrorPayload(m) : decodeOne(m.header.type, m.payload);
    return { header: { ...m.header, type: name }, message: body };
  });
}

export function registerDecode(program: Command, g: () => GlobalOptions): void {
  program
    .command("decode")
    .argument("<hex>", "the message as hex, or - to read it from standard input")
    .description("decode a raw netlink message into readable attributes")
    .addHelpText(
      "after",
      "\nExamples:\n  underlay decode 3400000012000100…\n  strace -xx … | grep -o '\\\\x..' | tr -d '\\n' | underlay decode -",
    )
    .action((hex: string) => {
      const text = hex === "-" ? readFileSync(0, "utf8") : hex;
      // Readable either way: decoding is the point, so -j only changes the indentation.
      printJson({ ...g(), pretty: g().pretty ?? !g().json }, decodeHex(text));
    });
}
