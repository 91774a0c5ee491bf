// Structured logs (pino): JSON lines for machines, a readable form on a TTY.
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export function createLogger(level = process.env.UNDERLAY_LOG_LEVEL ?? "info"): Logger {
  if (process.stderr.isTTY) return pino({ level }, pretty({ destination: 2, colorize: true, sync: true }));
  return pino({ level }, pino.destination({ dest: 2, sync: true }));
}

/** Logs nothing: for a driver made without a logger (tests, the CLI's read-only commands). */
export const silentLogger = (): Logger => pino({ level: "silent" });
