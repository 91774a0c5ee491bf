#!/usr/bin/env node
// The CLI as installed: dist/ bundled by esbuild into a few files, split at the dynamic imports,
// so a command loads one chunk of its own instead of ~100 modules (Node's ESM loader resolves,
// reads and links each one: a third of a one-off command's time), and `-V` loads no command.
// koffi stays outside: it finds its native binary by path.
//   node packages/cli/scripts/bundle.mjs [OUTDIR]     (default packages/cli/bundle)
// OUTDIR must sit one level below a copy of package.json (program.ts reads ../package.json), and
// koffi must resolve from it (a node_modules beside or above).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";

const cli = new URL("..", import.meta.url).pathname;
/** Also in scripts/plugin/config.json's entrypoint (see the end). */
const SEMI_SPACE_MB = 2;
const outdir = process.argv[2] ?? `${cli}bundle`;
rmSync(outdir, { recursive: true, force: true });
/**
 * zod's `locales` namespace holds its messages in 40-odd languages, 58% of zod in the bundle
 * (the driver's chunk, compiled at every `driver serve`); we use only English, its default.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

// The driver's link reaper runs in a worker thread, from a file beside its own module: beside the
// chunks here (without it, the reaper works on the main thread).
const reaper = `${cli}../driver/dist/link-reaper-worker.js`;

await build({
  entryPoints: { main: `${cli}dist/main.js`, ...(existsSync(reaper) ? { "link-reaper-worker": reaper } : {}) },
  outdir,
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  external: ["koffi"],
  logLevel: "warning",
  // Bundled CommonJS (commander, pino…) calls require(); an ES module has none of its own.
  plugins: [zodEnglishOnly],
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});

// The installed command runs with V8's young generation capped: a burst of short-lived objects
// (the driver's start-up reconcile of 10,000 endpoints) otherwise grows it to its 3 × 16 MB and
// it stays that size: 20 MB more RSS for as long as the driver runs, for no measurable speed.
const main = `${outdir}/main.js`;
const code = readFileSync(main, "utf8").replace(/^#!.*\n/, "");
writeFileSync(main, `#!/usr/bin/env -S node --max-semi-space-size=${SEMI_SPACE_MB}\n${code}`);
