// The CLI's version, from its package.json. This file sits directly in src/ (dist/ once built, and
// the bundle's folder once installed), so ../package.json is the package's in every layout.
import { createRequire } from "node:module";

export const VERSION: string = createRequire(import.meta.url)("../package.json").version;
