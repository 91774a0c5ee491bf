// IFLA_LINKINFO as `ip -d link show` prints it (print_linktype in iproute2's ip/ipaddress.c): the
// `    KIND ` line and its data, then `    KIND_slave ` and the port's data. Each kind's printer
// (packages/cli/src/kinds/) writes text and JSON (info_data) alike.
import type { LinkInfo } from "@underlay/netlink";
import type { KindPrinter, NameOf } from "../kinds/kind.js";
import { cliKind } from "../kinds/registry.js";
import type { IpPrint } from "./ip-print.js";

type Data = Record<string, unknown>;

/** One IFLA_INFO_KIND line and its data object; ip opens none for a kind without print_opt (veth, dummy). */
function printKind(
  p: IpPrint,
  key: string,
  text: string,
  value: string,
  printer: KindPrinter | undefined,
  data: unknown,
  nameOf: NameOf,
) {
  p.nl();
  p.any(key, value, text);
  if (!printer) return;
  p.open(key === "info_kind" ? "info_data" : "info_slave_data");
  if (data && (key !== "info_kind" || !Buffer.isBuffer(data))) printer(p, data as Data, nameOf);
  p.close();
}

/** print_linktype(): the kind line (and the port line of an enslaved link), linkinfo in JSON. */
export function printLinkinfo(p: IpPrint, info: LinkInfo, nameOf: NameOf = (i) => `if${i}`): void {
  p.open("linkinfo");
  if (info.kind) printKind(p, "info_kind", `    ${info.kind} `, info.kind, cliKind(info.kind)?.print, info.data, nameOf);
  if (info.slaveKind) {
    const k = info.slaveKind;
    printKind(p, "info_slave_kind", `    ${k}_slave `, k, cliKind(k)?.slavePrint, info.slaveData, nameOf);
  }
  p.close();
}
