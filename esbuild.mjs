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

// V8 grows a thread's young generation under allocation bursts (loading the rules, an analysis)
// up to 16 MB per semi-space and keeps it resident: about 15 MB per thread of the server's idle
// memory. Set first thing, before any module allocates; process-wide, so the analysis worker
// threads (server/src/adapters/lsp/analysisWorker.ts) get it too.
const HEAP_FLAGS = "require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');";

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // the language server: its young generation stays at its first size (HEAP_FLAGS)
  { entryPoints: ['server/src/adapters/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: `${common.banner.js}\n${HEAP_FLAGS}` } },
  // the server's analysis worker thread, loaded from next to dist/server.js
  { entryPoints: ['server/src/adapters/lsp/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  { entryPoints: ['server/src/adapters/cli/main.ts'], outfile: 'dist/cli.js' },
];

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
