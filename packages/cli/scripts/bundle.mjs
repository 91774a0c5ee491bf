#!/usr/bin/env node
// The CLI as installed: dist/ bundled by esbuild into CommonJS, one file per workspace package
// (main.js: the CLI with commander; netlink.js, state.js, sriov.js, driver.js with pino; zod.js),
// each requiring the others by path, so a package is loaded once and only by the commands that
// need it: `-V` loads main.js alone, `link show` main.js and netlink.js. CommonJS, because Node's
// ESM loader costs a one-off command ~30 ms more (resolving, linking and evaluating modules
// asynchronously), and one file per package, because two copies of a package in one process
// would each have their own classes (`instanceof NetlinkError` would fail across them).
// koffi stays outside: it finds its native binary by path.
//   node packages/cli/scripts/bundle.mjs [OUTDIR]     (default packages/cli/bundle)
// OUTDIR must sit one level below a copy of package.json (program.ts reads ../package.json), and
// koffi must resolve from it (a node_modules beside or above).
import { chmodSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";

const cli = new URL("..", import.meta.url).pathname;
const packages = `${cli}..`;
const outdir = process.argv[2] ?? `${cli}bundle`;

/** Each file's entry; the driver's link reaper runs in a worker thread from a file beside its module. */
const ENTRIES = {
  main: `${cli}dist/main.js`,
  netlink: `${packages}/netlink/dist/index.js`,
  state: `${packages}/state/dist/index.js`,
  sriov: `${packages}/sriov/dist/index.js`,
  driver: `${packages}/driver/dist/index.js`,
  "link-reaper-worker": `${packages}/driver/dist/link-reaper-worker.js`,
  // `underlay completion`'s generator: 20 kB that no other command needs (main.js hands it the tables).
  completion: `${cli}dist/completion/index.js`,
};
/** Imports by name, and the file that holds them (a subpath its package's index exports too). */
const FILES = {
  "@underlay/netlink": "netlink",
  "@underlay/netlink/codec": "netlink",
  "@underlay/state": "state",
  "@underlay/sriov": "sriov",
  "@underlay/driver": "driver",
  "@underlay/driver/status": "driver",
  zod: "zod",
};

const toFiles = {
  name: "one-file-per-package",
  setup(b) {
    b.onResolve({ filter: /^(@underlay\/[a-z/]+|zod)$/ }, (args) => {
      const file = FILES[args.path];
      return file ? { path: `./${file}.js`, external: true } : undefined;
    });
    b.onResolve({ filter: /\/completion\/index\.js$/ }, (args) =>
      args.kind === "entry-point" ? undefined : { path: "./completion.js", external: true },
    );
  },
};

/**
 * zod's `locales` namespace holds its messages in 40-odd languages, 58% of zod (compiled at every
 * start of a command that validates); we use only English, its default.
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

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  external: ["koffi"],
  logLevel: "warning",
  // import() of another file becomes require(): the ESM loader stays unused.
  supported: { "dynamic-import": false },
  // import.meta.url (program.ts's ../package.json, the reaper's worker file) from __filename.
  define: { "import.meta.url": "__import_meta_url" },
  inject: [new URL("./import-meta-url.cjs.js", import.meta.url).pathname],
};

rmSync(outdir, { recursive: true, force: true });
const builds = Object.entries(ENTRIES)
  .filter(([, entry]) => existsSync(entry))
  .map(([name, entry]) => build({ ...common, entryPoints: [entry], outfile: `${outdir}/${name}.js`, plugins: [toFiles] }));
builds.push(
  build({
    ...common,
    stdin: { contents: 'export * from "zod";', resolveDir: `${packages}/driver` },
    outfile: `${outdir}/zod.js`,
    plugins: [zodEnglishOnly],
  }),
);
await Promise.all(builds);
// The package is ESM ("type": "module"); these files are CommonJS.
writeFileSync(`${outdir}/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`);

// What /usr/local/bin/underlay runs, through the #! line it keeps from dist/main.js.
chmodSync(`${outdir}/main.js`, 0o755);
