// `underlay route get ADDRESS [from A] [iif DEV] [oif DEV] [mark N] [fibmatch] …`: iproute.c's
// iproute_get — one RTM_GETROUTE, the kernel's answer printed as ip prints it.
import { constants as C, routeConstants as R, type RouteAttrs, routeGet } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import { EXIT_FAILURE, ExitError } from "../dispatch/exit-codes.js";
import type { IpVerb } from "../dispatch/ip-object.js";
import { inetPrefix } from "../grammar/inet-prefix.js";
import { exact, kw, readIp, tosKeywords } from "../grammar/ip-keywords.js";
import { darkBackground, ipJsonText } from "../render/ip-print.js";
import { routeJson } from "../render/route.js";
import { routeText } from "../render/route-text.js";
import { UsageError, Words } from "../words.js";
import { ifindexOf } from "./ifnames.js";
import { nameOf } from "./route.js";

const COMMAND = "route get";

// inet_proto_a2n's names (/etc/protocols) for the protocols a route lookup is asked about.
const IP_PROTOS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, "ipv6-icmp": 58, sctp: 132 };

const unsupported = (w: Words, word: string): never => {
  throw new UsageError(`${w.command}: "${word}" is not supported by underlay`);
};

function get(ctx: CliContext, words: string[]) {
  const w = new Words(words, COMMAND);
  let family = ctx.family;
  const h = { family: 0, dstLen: 0, srcLen: 0, tos: 0, table: 0, protocol: 0, scope: 0, type: 0, flags: 0 };
  const a: RouteAttrs = {};
  let idev: string | undefined;
  let odev: string | undefined;
  let found = false;
  const prefix = (word: string) => {
    const p = inetPrefix(word, family, COMMAND);
    family ??= p.family;
    return p;
  };
  readIp(
    w,
    [
      ...tosKeywords((tos) => {
        h.tos = tos;
      }),
      kw("from", (w, k) => {
        const p = prefix(w.value(k));
        if (p.address) a.src = p.address;
        h.srcLen = p.bitlen;
      }),
      kw("iif", (w, k) => {
        idev = w.value(k);
      }),
      kw("mark", (w, k) => {
        a.mark = w.int(k, 0, 0xffffffff);
      }),
      kw("oif", (w, k) => {
        odev = w.value(k);
      }),
      exact("dev", (w, k) => {
        odev = w.value(k);
      }),
      kw("notify", () => {
        h.flags |= R.RTM_F_NOTIFY;
      }),
      kw(["connected", "vrf"], unsupported),
      kw("uid", (w, k) => {
        a.uid = w.int(k, 0, 0xffffffff);
      }),
      kw("fibmatch", () => {
        h.flags |= R.RTM_F_FIB_MATCH;
      }),
      exact("as", unsupported),
      kw("sport", (w, k) => {
        a.sport = w.int(k, 0, 0xffff);
      }),
      kw("dport", (w, k) => {
        a.dport = w.int(k, 0, 0xffff);
      }),
      kw("ipproto", (w, k) => {
        const v = w.value(k);
        const n = IP_PROTOS[v] ?? (/^\d+$/.test(v) && Number(v) < 256 ? Number(v) : undefined);
        if (n === undefined)
          throw new UsageError(
            `${w.command}: invalid ipproto "${v}": allowed values are ${Object.keys(IP_PROTOS).join(", ")} or a number`,
          );
        a.ipProto = n;
      }),
    ],
    (word) => {
      const p = prefix(word === "to" ? w.value("to") : word);
      if (p.address) a.dst = p.address;
      const host = p.family === 6 ? 128 : 32;
      if (p.bitlen !== host)
        process.stderr.write(`Warning: /${p.bitlen} as prefix is invalid, only /${host} (or none) is supported.\n`);
      h.dstLen = host;
      found = true;
    },
  );
  if (!found) throw new ExitError("need at least a destination address", EXIT_FAILURE);
  if (idev !== undefined) a.iif = ifindexOf(ctx, idev, COMMAND);
  if (odev !== undefined) a.oif = ifindexOf(ctx, odev, COMMAND);
  if (!a.mark) delete a.mark;
  h.family = family === 6 ? C.AF_INET6 : C.AF_INET;
  // Only IPv4 knows RTM_F_LOOKUP_TABLE (the table the route came from, in the answer).
  if (h.family === C.AF_INET) h.flags |= R.RTM_F_LOOKUP_TABLE;
  const handle = ctx.handle();
  const r = handle.run(routeGet({ header: h, attrs: a }, `${COMMAND} ${words.join(" ")}`));
  const name = nameOf(handle);
  const o = ctx.options;
  if (ctx.out.json)
    return ctx.out.write(
      ipJsonText([routeJson(r, name, { details: Number(o.details ?? 0), stats: Number(o.stats ?? 0) })], ctx.out.pretty),
    );
  ctx.out.write(
    routeText(r, {
      name,
      details: Number(o.details ?? 0),
      stats: Number(o.stats ?? 0),
      oneline: Boolean(o.oneline),
      color: ctx.out.color,
      dark: darkBackground(),
    }),
  );
}

export const routeGetVerb: IpVerb = { names: ["get"], run: get };
