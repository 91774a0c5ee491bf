// ip's exit codes, which scripts test: 255 (exit(-1)) for words it cannot parse, 2 when the kernel
// refuses a request ("RTNETLINK answers: …"), 1 for other failures. A device that does not exist is
// 1 as well: ip looks names up before it sends anything ("Cannot find device").
import { UsageError } from "../words.js";

export const EXIT_USAGE = 255;
export const EXIT_KERNEL = 2;
export const EXIT_FAILURE = 1;

/** A failure that carries its own exit code (commander's, or ip's for the same failure). */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** What an error thrown by a command exits with. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT_USAGE;
  if (e instanceof ExitError) return e.exitCode;
  // By name, not instanceof: netlink is loaded lazily (koffi), and not at all for -V.
  if (e instanceof Error && e.name === "NetlinkError")
    return (e as { code?: string }).code === "ENODEV" ? EXIT_FAILURE : EXIT_KERNEL;
  return EXIT_FAILURE;
}
