// Interface name rules, checked before any syscall (the kernel's dev_valid_name()).
import { ValidationError } from "../wire/errors.js";

export const IFNAMSIZ = 16;

export function validateIfName(name: string, what = "interface name"): void {
  const bytes = Buffer.byteLength(name);
  if (bytes === 0) throw new ValidationError(`invalid ${what}: it is empty`);
  // The kernel reads IFLA_IFNAME as a C string: "eth0\0x" would name (and delete) eth0.
  if (/\p{Cc}/u.test(name)) {
    throw new ValidationError(`invalid ${what} ${JSON.stringify(name)}: must not contain NUL or other control characters`);
  }
  if (bytes >= IFNAMSIZ) {
    throw new ValidationError(`invalid ${what} ${JSON.stringify(name)}: ${bytes} bytes, the limit is ${IFNAMSIZ - 1}`);
  }
  if (name === "." || name === ".." || /[/:\s]/.test(name)) {
    throw new ValidationError(
      `invalid ${what} ${JSON.stringify(name)}: must not be "." or ".." or contain "/", ":" or white space`,
    );
  }
}
