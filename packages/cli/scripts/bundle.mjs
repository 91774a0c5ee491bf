#!/usr/bin/env node
// The CLI as installed: dist/ bundled by esbuild into a few files, split at the dynamic imports,
// so a command loads one chunk of its own instead of ~100 modules (Node's ESM loader resolves,
// reads and links each one: a third of a one-off command's time), and `-V` loads no command.
// koffi stays outside: it finds its native binary by path.
//   node packages/cli/scripts/bundle.mjs [OUTDIR]     (default packages/cli/bundle)
// OUTDIR must sit one level below a copy of package.json (program.ts reads ../package.json), and
// koffi must resolve from it (a node_modules beside or above).
import { rmSync } from "node:fs";
import { build } from "esbuild";

const cli = new URL("..", import.meta.url).pathname;
const outdir = process.argv[2] ?? `${cli}bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${cli}dist/main.js` },
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
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});
