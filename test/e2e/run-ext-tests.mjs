// Runs the extension's mocha suite (test/e2e/suite/index.js) inside code-server's real Node
// extension host, the way @vscode/test-web does: the workbench URL carries a `payload` with
// extensionDevelopmentPath + extensionTestsPath (as vscode-remote:// URIs), and the workbench
// calls window.codeAutomationExit(code) when the run ends.
// Env: CS_URL, E2E_RUN, ARTIFACTS, EXT_DIR (the extension to load: the unpacked .vsix).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { launchBrowser, lapTimer } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = process.env.CS_URL ?? 'http://127.0.0.1:8123';
const AUTHORITY = new URL(BASE).host;                 // code-server's remote authority = Host header
const RUN = process.env.E2E_RUN ?? path.resolve('.e2e/run');
const SHOTS = process.env.ARTIFACTS ?? path.resolve('test-artifacts/e2e');
const EXT = process.env.EXT_DIR ?? path.resolve(here, '../..');
const TESTS = path.join(here, 'suite', 'index.js');
const WS = path.join(RUN, 'workspace-ext');
const TIMEOUT = Number(process.env.EXT_TEST_TIMEOUT_MS ?? 180_000);
const resultsFile = process.env.FAULTLINE_E2E_RESULTS ?? path.join(RUN, 'ext-test-results.json');

const remote = (p) => `vscode-remote://${AUTHORITY}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(EXT)],
  ['extensionTestsPath', remote(TESTS)],
]);

const lap = lapTimer();
fs.rmSync(resultsFile, { force: true });              // never report a stale result
// a multi-root workspace (two folders): see suite/workspace.js
const { createWorkspace } = createRequire(import.meta.url)('./suite/workspace.js');
const workspaceFile = createWorkspace(WS);
const url = `${BASE}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(payload)}`;
fs.mkdirSync(SHOTS, { recursive: true });

const { context, page } = await launchBrowser(path.join(RUN, 'chrome-ext-tests'));
let resolveExit;
const exited = new Promise((r) => { resolveExit = r; });
await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
// Extension-host console output (mocha's spec reporter) is forwarded to the page console as
// [prefix, fmt, ...values] (e.g. ' INFO', '%d passing (%s)', 2, '2s'): format it like printf.
const consoleLog = fs.createWriteStream(path.join(SHOTS, 'ext-tests-browser-console.log'));
page.on('console', async (m) => {
  const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
  const i = args.findIndex((a, k) => k > 0 && typeof a === 'string' && /%[sdifjoOc]/.test(a));
  const text = !args.length ? m.text()
    : i > 0 ? `${util.format(...args.slice(0, i))} ${util.format(...args.slice(i))}` : util.format(...args);
  consoleLog.write(`[${m.type()}] ${text}\n`);
  if (/INFO\s+(Resolv|Creat)|Service Worker|ChatSessionStore|copilot-instructions|builtin extensions cache/.test(text)) return; // chatter
  console.log(`  [ext-host:${m.type()}] ${text}`);
});

lap(`open workbench with extensionDevelopmentPath=${EXT}`);
await page.goto(url);
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT))]);
lap(`codeAutomationExit(${code})`);
let ranNone = false;
if (fs.existsSync(resultsFile)) {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  console.log(`extension-host suite: ${r.passes.length} passing, ${r.failures.length} failing`);
  for (const f of r.failures) console.log(`  FAILED ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
  ranNone = r.passes.length + r.failures.length === 0;
  if (ranNone) console.log('no test ran: that is a failure');
} else {
  console.log(`(no results file at ${resultsFile})`);
}
await page.screenshot({ path: path.join(SHOTS, 'ext-tests-done.png') }).catch(() => {});
await context.close();
consoleLog.end();
process.exit(code === 0 && !ranNone ? 0 : 1);
