// Raw netlink bytes to readable messages: the header with its type named, and the payload decoded
// with our schemas. Attributes without a schema stay raw bytes. Shared by `decode` and --debug.
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

const TYPES: Record<number, string> = Object.fromEntries(
  Object.entries(C)
    .filter(([k, v]) => k.startsWith("RTM_") && typeof v === "number")
    .map(([k, v]) => [v as number, k]),
);

export function typeName(type: number): string {
  if (type === NLMSG_ERROR) return "NLMSG_ERROR";
  if (type === NLMSG_DONE) return "NLMSG_DONE";
  return TYPES[type] ?? `type ${type}`;
}

function decodePayload(type: number, payload: Buffer): unknown {
  if (type >= C.RTM_NEWLINK && type <= C.RTM_SETLINK) return linkMessage.decode(payload);
  if (type >= C.RTM_NEWADDR && type <= C.RTM_GETADDR) return addrMessage.decode(payload);
  if (type >= C.RTM_NEWROUTE && type <= C.RTM_GETROUTE) return routeMessage.decode(payload);
  return { raw: payload.toString("hex") };
}

export interface DecodedMessage {
  header: { len: number; type: string; flags: number; seq: number; pid: number };
  message: unknown;
}

export function decodeMessages(bytes: Buffer): DecodedMessage[] {
  return splitMessages(bytes).map((m) => ({
    header: { ...m.header, type: typeName(m.header.type) },
    message: m.header.type === NLMSG_ERROR ? decodeErrorPayload(m) : decodePayload(m.header.type, m.payload),
  }));
}

export function parseHex(text: string): Buffer {
  const hex = text.replace(/\\x|0x|[\s:,"]/g, "");
  if (!/^([0-9a-fA-F]{2})+$/.test(hex))
    throw new Error("not hex bytes: give the message as hex (spaces, colons, \\x and 0x are ignored)");
  return Buffer.from(hex, "hex");
}
