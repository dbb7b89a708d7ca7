// Neovim (Debian's 0.7.2) as a second LSP client: headless, starts `node dist/server.js --stdio`
// from the packaged extension, waits for diagnostics, applies the dead-letter-queue quick fix
// and prints JSON (nvim/test.lua); the assertions are here.
// Env: E2E_RUN, ARTIFACTS, FAULTLINE_LS (the server bundle; default: the repo's dist/server.js).
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUN = process.env.E2E_RUN ?? path.resolve('.e2e/run');
const SHOTS = process.env.ARTIFACTS ?? path.resolve('test-artifacts/e2e');
const server = path.resolve(process.env.FAULTLINE_LS ?? path.join(here, '../../dist/server.js'));
const WS = path.join(RUN, 'workspace-nvim');
const FILE = path.join(WS, 'order-service.md');
const EXPECTED_RULES = ['dual-write', 'dead-letter-queue', 'circuit-breaker'];

fs.rmSync(WS, { recursive: true, force: true });
fs.mkdirSync(WS, { recursive: true });
fs.mkdirSync(SHOTS, { recursive: true });
fs.copyFileSync(path.join(here, 'fixtures/order-service.md'), FILE);
const original = fs.readFileSync(FILE, 'utf8');
const xdg = path.join(RUN, 'nvim-xdg');

const t0 = Date.now();
const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(here, 'nvim/init.lua'), FILE,
  '-c', `luafile ${path.join(here, 'nvim/test.lua')}`], {
  encoding: 'utf8', timeout: 90_000,
  env: { ...process.env, FAULTLINE_LS: server, XDG_CONFIG_HOME: `${xdg}/config`, XDG_CACHE_HOME: `${xdg}/cache`,
         XDG_DATA_HOME: `${xdg}/data`, XDG_STATE_HOME: `${xdg}/state` },
});
const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
fs.writeFileSync(path.join(SHOTS, 'nvim-output.txt'), output);
const line = output.split(/\r?\n/).find((l) => l.startsWith('RESULT '));
if (!line) {
  console.error(`nvim exited ${r.status} (signal ${r.signal}, ${r.error ?? 'no spawn error'}) without a RESULT line:\n${output}`);
  process.exit(1);
}
const res = JSON.parse(line.slice('RESULT '.length));
const v = res.nvim ? `${res.nvim.major}.${res.nvim.minor}.${res.nvim.patch}` : '?';
console.log(`nvim ${v}, server ${server}, ${Date.now() - t0} ms in all`);
for (const s of res.steps ?? []) console.log(`  ${String(s.ms).padStart(6)} ms  ${s.name}`);
const rules = (list) => [...new Set((list ?? []).map((d) => d.code))].sort();
console.log(`diagnostics: ${rules(res.diagnostics).join(', ')}`);
console.log(`code actions at dead-letter-queue: ${JSON.stringify((res.actions ?? []).map((a) => a.title))}`);
try {
  assert.equal(res.error ?? null, null, `nvim side failed: ${res.error}`);
  assert.equal(r.status, 0, `nvim exit status ${r.status}`);
  assert.equal(res.filetype, 'markdown');
  for (const rule of EXPECTED_RULES) assert.ok(rules(res.diagnostics).includes(rule), `${rule} diagnostic in Neovim`);
  assert.ok(res.diagnostics.every((d) => d.source === 'faultline'), 'every diagnostic has source faultline');
  assert.match(res.applied, /dead-letter queue/i);
  const onDisk = fs.readFileSync(FILE, 'utf8');
  assert.equal(onDisk.replace(/\n$/, ''), res.on_disk.replace(/\n$/, ''));
  assert.match(onDisk, /^#+ .*dead-letter queue/im, 'section inserted on disk');
  for (const l of original.split('\n')) assert.ok(onDisk.includes(l), `original line kept: ${l}`);
  assert.ok(!rules(res.diagnostics_after).includes('dead-letter-queue'), 'dead-letter-queue diagnostic cleared');
  assert.ok(rules(res.diagnostics_after).includes('dual-write'), 'other diagnostics kept');
  console.log(`after the fix: ${rules(res.diagnostics_after).join(', ')}`);
  // the protocol beyond LSP, from a client that is not VS Code
  assert.deepEqual([...(res.commands ?? [])].sort(), ['faultline.server.generateReview', 'faultline.server.showDocumentation']);
  const counts = res.status?.counts ?? {};
  const open = res.diagnostics_after.filter((d) => d.code);
  assert.equal(counts.critical + counts.significant + counts.moderate + counts.minor + res.status.accepted, open.length,
    `faultline/status counts ${JSON.stringify(res.status)} = the ${open.length} findings shown`);
  assert.equal(counts.critical, open.filter((d) => d.severity === 1).length, 'critical = errors');
  console.log(`faultline/status: ${JSON.stringify(counts)} (${res.status.durationMs} ms)`);
  assert.equal(res.review.language, 'en');
  assert.ok(res.review.headings.some((h) => /^#+ Phase 1\b/.test(h)) && res.review.headings.some((h) => /^#+ Phase 2\b/.test(h)),
    `review report headings: ${JSON.stringify(res.review.headings.slice(0, 8))}`);
  console.log(`generateReview: ${res.review.length} chars, ${res.review.headings.length} headings`);
  assert.match(res.documentation?.uri ?? '', /^file:\/\/.*\/docs\/rules\/timeout\.md$/);
  assert.ok(fs.existsSync(new URL(res.documentation.uri)), `${res.documentation.uri} exists`);
  console.log(`showDocumentation: ${res.documentation.uri}`);
  console.log(`(info) code actions on the "→" flow line at dual-write: ${JSON.stringify(res.dual_write_actions)}`);
  console.log('NVIM E2E PASS');
} catch (e) {
  console.error(`NVIM E2E FAIL: ${e.message}\n${output.slice(-4000)}`);
  process.exit(1);
}
