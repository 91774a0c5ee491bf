// `ip -s link` and `ip -s -s link`: a link's counters (ipaddress.c's print_stats64), as 6.1 lays
// them out: RX and TX tables with columns as wide as their widest number, the error rows with -s -s.
import type { LinkStats64 } from "@underlay/netlink";
import { type IpPrint, u64 } from "./ip-print.js";

type S = LinkStats64;

function printJson(p: IpPrint, s: S, carrierChanges: number | undefined, level: number): void {
  const put = (key: string, v: bigint | number) => p.js(key, u64(v));
  p.open("rx");
  put("bytes", s.rx_bytes);
  put("packets", s.rx_packets);
  put("errors", s.rx_errors);
  put("dropped", s.rx_dropped);
  put("over_errors", s.rx_over_errors);
  put("multicast", s.multicast);
  if (s.rx_compressed) put("compressed", s.rx_compressed);
  if (level > 1) {
    put("length_errors", s.rx_length_errors);
    put("crc_errors", s.rx_crc_errors);
    put("frame_errors", s.rx_frame_errors);
    put("fifo_errors", s.rx_fifo_errors);
    put("missed_errors", s.rx_missed_errors);
    if (s.rx_nohandler) put("nohandler", s.rx_nohandler);
    if (s.rx_otherhost_dropped) put("otherhost", s.rx_otherhost_dropped);
  }
  p.close();
  p.open("tx");
  put("bytes", s.tx_bytes);
  put("packets", s.tx_packets);
  put("errors", s.tx_errors);
  put("dropped", s.tx_dropped);
  put("carrier_errors", s.tx_carrier_errors);
  put("collisions", s.collisions);
  if (s.tx_compressed) put("compressed", s.tx_compressed);
  if (level > 1) {
    put("aborted_errors", s.tx_aborted_errors);
    put("fifo_errors", s.tx_fifo_errors);
    put("window_errors", s.tx_window_errors);
    put("heartbeat_errors", s.tx_heartbeat_errors);
    if (carrierChanges !== undefined) put("carrier_changes", carrierChanges);
  }
  p.close();
}

/** size_columns(): each column as wide as its header or its widest number. */
function widen(cols: number[], values: (bigint | number)[]): void {
  values.forEach((v, i) => {
    cols[i] = Math.max(cols[i] as number, `${v}`.length);
  });
}

/** print_num() without -h: right-aligned in `w`, then a space. */
const cell = (w: number, v: bigint | number) => `${`${v}`.padStart(w)} `;

function printText(p: IpPrint, s: S, carrierChanges: number | undefined, level: number): void {
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
