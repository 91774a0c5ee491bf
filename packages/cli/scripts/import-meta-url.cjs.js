// Injected into each CommonJS file of the bundle (scripts/bundle.mjs): what import.meta.url was.
export const __import_meta_url = require("node:url").pathToFileURL(__filename).href;
