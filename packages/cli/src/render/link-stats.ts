// `ip -s link` and `ip -s -s link`: a link's counters (ipaddress.c's print_stats64), as 6.1 lays
// them out: RX and TX tables with columns as wide as their widest number, the error rows with -s -s.
import type { LinkStats64 } from "@underlay/netlink";
import { type IpPrint, u64 } from "./ip-print.js";

type S = LinkStats64;

type Counter = keyof S;
/** [JSON key, counter, shown: always, when not zero, or from -s -s on (2)] */
type JsonRow = [string, Counter, "always" | "nonzero" | 2];
const RX_JSON: JsonRow[] = [
  ["bytes", "rx_bytes", "always"],
  ["packets", "rx_packets", "always"],
  ["errors", "rx_errors", "always"],
  ["dropped", "rx_dropped", "always"],
  ["over_errors", "rx_over_errors", "always"],
  ["multicast", "multicast", "always"],
  ["compressed", "rx_compressed", "nonzero"],
  ["length_errors", "rx_length_errors", 2],
  ["crc_errors", "rx_crc_errors", 2],
  ["frame_errors", "rx_frame_errors", 2],
  ["fifo_errors", "rx_fifo_errors", 2],
  ["missed_errors", "rx_missed_errors", 2],
];
const TX_JSON: JsonRow[] = [
  ["bytes", "tx_bytes", "always"],
  ["packets", "tx_packets", "always"],
  ["errors", "tx_errors", "always"],
  ["dropped", "tx_dropped", "always"],
  ["carrier_errors", "tx_carrier_errors", "always"],
  ["collisions", "collisions", "always"],
  ["compressed", "tx_compressed", "nonzero"],
  ["aborted_errors", "tx_aborted_errors", 2],
  ["fifo_errors", "tx_fifo_errors", 2],
  ["window_errors", "tx_window_errors", 2],
  ["heartbeat_errors", "tx_heartbeat_errors", 2],
];

function printJsonRows(p: IpPrint, s: S, rows: JsonRow[], level: number): void {
  for (const [key, counter, when] of rows)
    if (when === "always" || (when === "nonzero" && s[counter]) || (when === 2 && level > 1)) p.js(key, u64(s[counter]));
}

function printJson(p: IpPrint, s: S, carrierChanges: number | undefined, level: number): void {
  p.open("rx");
  printJsonRows(p, s, RX_JSON, level);
  if (level > 1) {
    if (s.rx_nohandler) p.js("nohandler", u64(s.rx_nohandler));
    if (s.rx_otherhost_dropped) p.js("otherhost", u64(s.rx_otherhost_dropped));
  }
  p.close();
  p.open("tx");
  printJsonRows(p, s, TX_JSON, level);
  if (level > 1 && carrierChanges !== undefined) p.js("carrier_changes", carrierChanges);
  p.close();
}

/** size_columns(): each column as wide as its header or its widest number. */
function widenTo(cols: number[], values: (bigint | number)[]): void {
  values.forEach((v, i) => {
    cols[i] = Math.max(cols[i] as number, `${v}`.length);
  });
}

/**
 * print_num(): right-aligned in `w`, then a space; with -h from 1000 up a value scaled to k, M, G…
 * with as many decimals (2, 1, 0) as keep it short.
 */
export function statText(v: bigint | number, human = false): string {
  const count = Number(v);
  const base = 1000;
  if (!human || count < base) return `${v}`;
  const prefixes = "kMGTPE";
  let at = 0;
  let powi = 1;
  for (;;) {
    powi *= base;
    if (Math.floor(count / base) < powi || at === prefixes.length - 1) break;
    at++;
  }
  let precision = 2;
  for (let powj = 10; precision > 0; precision--, powj *= 10) if (Math.floor(count / powi) < powj) break;
  return `${(count / powi).toFixed(precision)}${prefixes[at]}`;
}

function printText(p: IpPrint, s: S, carrierChanges: number | undefined, level: number): void {
  const human = Boolean(p.mode.human);
  const cell = (w: number, v: bigint | number) => `${statText(v, human).padStart(w)} `;
  // size_columns() leaves the headers' widths alone with -h.
  const widen = (cols: number[], values: (bigint | number)[]) => {
    if (!human) widenTo(cols, values);
  };
  const cols = ["*X errors:", "packets", "errors", "dropped", "heartbt", "overrun", "compressed", "otherhost"].map(
    (h) => h.length,
  );
  const rx = [s.rx_bytes, s.rx_packets, s.rx_errors, s.rx_dropped, s.rx_missed_errors, s.multicast, s.rx_compressed, 0];
  const rxErr = [0, s.rx_length_errors, s.rx_crc_errors, s.rx_frame_errors, s.rx_fifo_errors, s.rx_over_errors];
  const rxErrTail = [s.rx_nohandler, s.rx_otherhost_dropped];
  const tx = [s.tx_bytes, s.tx_packets, s.tx_errors, s.tx_dropped, s.tx_carrier_errors, s.collisions, s.tx_compressed, 0];
  const txErr = [0, 0, s.tx_aborted_errors, s.tx_fifo_errors, s.tx_window_errors, s.tx_heartbeat_errors, carrierChanges ?? 0, 0];
  widen(cols, rx);
  if (level > 1) widen(cols, [...rxErr, ...rxErrTail]);
  widen(cols, tx);
  if (level > 1) widen(cols, txErr);
  const c = (i: number) => cols[i] as number;
  const head = (first: string, words: string[], last: string) =>
    `    ${first}: ${"bytes".padStart(c(0) - 4)} ${words.map((w, i) => w.padStart(c(i + 1))).join(" ")} ${last.padStart(c(6))}${p.sl}`;
  const row = (values: (bigint | number)[], upto: number) =>
    values
      .slice(0, upto)
      .map((v, i) => cell(c(i), v))
      .join("");

  p.fp(head("RX", ["packets", "errors", "dropped", "missed", "mcast"], s.rx_compressed ? "compressed" : ""));
  p.fp(`    ${row(rx, s.rx_compressed ? 7 : 6)}`);
  if (level > 1) {
    const nohandler = s.rx_nohandler ? `${" nohandler".padStart(c(6) + 1)}` : "";
    const otherhost = s.rx_otherhost_dropped ? `${" otherhost".padStart(c(7) + 1)}` : "";
    const words = ["length", "crc", "frame", "fifo", "overrun"].map((w, i) => w.padStart(c(i + 1))).join(" ");
    p.fp(`${p.sl}    RX errors:${"".padStart(c(0) - 10)} ${words}${nohandler}${otherhost}${p.sl}`);
    p.fp(
      `${"".padStart(c(0) + 5)}${rxErr
        .slice(1)
        .map((v, i) => cell(c(i + 1), v))
        .join("")}`,
    );
    if (s.rx_nohandler) p.fp(cell(c(6), s.rx_nohandler));
    if (s.rx_otherhost_dropped) p.fp(cell(c(7), s.rx_otherhost_dropped));
  }
  p.fp(p.sl);
  p.fp(head("TX", ["packets", "errors", "dropped", "carrier", "collsns"], s.tx_compressed ? "compressed" : ""));
  p.fp(`    ${row(tx, s.tx_compressed ? 7 : 6)}`);
  if (level > 1) {
    const words = ["aborted", "fifo", "window", "heartbt"].map((w, i) => w.padStart(c(i + 1))).join(" ");
    const transns = (carrierChanges !== undefined ? "transns" : "").padStart(c(5));
    p.fp(`${p.sl}    TX errors:${"".padStart(c(0) - 10)} ${words} ${transns}${p.sl}`);
    p.fp(
      `${"".padStart(c(0) + 5)}${txErr
        .slice(2, 6)
        .map((v, i) => cell(c(i + 1), v))
        .join("")}`,
    );
    if (carrierChanges !== undefined) p.fp(cell(c(5), carrierChanges));
  }
}

/** print_stats64(): under `stats64` in JSON. `level` is the count of -s. */
export function printStats64(p: IpPrint, s: S, carrierChanges: number | undefined, level: number): void {
  if (!p.json) {
    printText(p, s, carrierChanges, level);
    return;
  }
  p.open("stats64");
  printJson(p, s, carrierChanges, level);
  p.close();
}
