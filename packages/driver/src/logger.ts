// Structured logs (pino): JSON lines for machines, a readable form on a TTY.
import pino, { type Logger } from "pino";

export type { Logger };

/** pino-pretty only on a TTY: imported then, not at every start (it is a tenth of the driver's code). */
export async function createLogger(level = process.env.UNDERLAY_LOG_LEVEL ?? "info"): Promise<Logger> {
  if (process.stderr.isTTY) {
    const { default: pretty } = await import("pino-pretty");
    return pino({ level }, pretty({ destination: 2, colorize: true, sync: true }));
  }
  return pino({ level }, pino.destination({ dest: 2, sync: true }));
}

/** Logs nothing: for a driver made without a logger (tests, the CLI's read-only commands). */
export const silentLogger = (): Logger => pino({ level: "silent" });
