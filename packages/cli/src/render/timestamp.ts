// ip's -t and -ts stamps in front of a monitor line (utils.c's print_timestamp), in local time:
//   -t:  "Timestamp: Thu Nov 26 04:24:33 2026 234186 usec\n"  (asctime, then microseconds)
//   -ts: "[2026-11-26T04:24:33.162605] "

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** Now, in microseconds since the epoch. */
export const nowMicros = (): number => Math.floor((performance.timeOrigin + performance.now()) * 1000);

/** `level` 1 is -t, 2 is -ts; 0 prints nothing. */
export function timestampText(level: number, micros = nowMicros()): string {
  if (!level) return "";
  const d = new Date(Math.floor(micros / 1000));
  const usec = micros % 1_000_000;
  const hms = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  if (level > 1)
    return `[${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${hms}.${String(usec).padStart(6, "0")}] `;
  const day = String(d.getDate()).padStart(2, " ");
  return `Timestamp: ${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day} ${hms} ${d.getFullYear()} ${usec} usec\n`;
}
