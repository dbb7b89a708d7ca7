// Bundles the three entry points. The client keeps `vscode` external (the editor provides it);
// the server and the CLI are self-contained so that `npx faultline-ls --stdio` runs anywhere.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // remark and friends are ESM-only; bundling converts them.
  mainFields: ['module', 'main'],
  // some ESM dependencies (fdir, under tinyglobby) call createRequire(import.meta.url) at load:
  // give them the bundle's own file URL, since CJS output has no import.meta.
  define: { 'import.meta.url': '__faultline_import_meta_url' },
  banner: { js: "const __faultline_import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

// V8 grows a thread's young generation under allocation bursts (loading the rules, publishing
// diagnostics) up to 16 MB per semi-space and keeps it resident: about 15 MB of the server's
// memory. Set first thing, before any module allocates. Starting a worker thread resets it, so
// the server sets it again then (keepYoungGenerationSmall, server/src/adapters/lsp/collect.ts);
// the ordinary documents' worker has a young-generation limit of its own (analysisBackend.ts).
const HEAP_FLAGS = "require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');";

// The server's protocol thread runs the engine only in-process (tests, running from sources); the
// bundle always has its analysis worker next to it, so it leaves the engine out (server.ts,
// inProcessBackend): half the code to load, and none of the engine's memory in that thread.
const engineLeftOut = {
  name: 'engine-left-out',
  setup(build) {
    build.onResolve({ filter: /\/inProcessBackend$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // the language server: its young generation stays at its first size (HEAP_FLAGS)
  { entryPoints: ['server/src/adapters/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: `${common.banner.js}\n${HEAP_FLAGS}` }, plugins: [engineLeftOut] },
  // the server's analysis worker thread, loaded from next to dist/server.js
  { entryPoints: ['server/src/adapters/lsp/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  { entryPoints: ['server/src/adapters/cli/main.ts'], outfile: 'dist/cli.js' },
];

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
