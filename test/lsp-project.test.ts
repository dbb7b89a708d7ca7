/**
 * The language server in a real (temporary) workspace: project config files (nearest wins, live
 * changes, broken ones), custom rule packs, diagnostics for design docs that are not open,
 * settings applied without a restart, and incremental re-analysis under random edits.
 * Over stdio against dist/server.js; expectations come from the engine run in-process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Analyzer } from '../server/src/analysis/analyzer';
import type { RuleSettings } from '../server/src/analysis/api';
import { LspClient, REPO_ROOT } from './helpers/lspClient';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const EN = fs.readFileSync(path.join(FIXTURES, 'lsp-payments.en.md'), 'utf8');
const README = fs.readFileSync(path.join(FIXTURES, 'lsp-readme.md'), 'utf8');
const CHANGED = 2;
const DELETED = 3;
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;
const msg = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

const engine = new Analyzer();
const uriOf = (file: string) => pathToFileURL(file).href;
const codes = (p: PublishDiagnosticsParams) => new Set(p.diagnostics.map((d) => String(d.code)));

/** The published list is the engine's (from scratch) for that text and settings. */
function assertEngine(p: PublishDiagnosticsParams, text: string, fileName: string, rules: RuleSettings = {}): void {
  const expected = engine.analyze(text, { rules, fileName }).findings.map((f) => ({ code: f.rule, severity: SEVERITY[f.severity], range: f.range, message: f.message }));
  assert.deepEqual(p.diagnostics.map((d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message })), expected);
}

function workspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-ws-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('project config', () => {
  let dir: string;
  let client: LspClient;
  const rootConfig = () => path.join(dir, '.faultline.jsonc');
  before(async () => {
    dir = workspace({
      '.faultline.jsonc': '{\n  // the whole repository\n  "rules": { "dead-letter-queue": "off" }\n}\n',
      'docs/payments.md': EN,
      'team/.faultline.yaml': 'rules:\n  circuit-breaker: "off"\n',
      'team/payments.md': EN,
    });
    client = await LspClient.start({ settings: { faultline: { workspaceDiagnostics: false } }, workspaceFolders: [dir] });
  });
  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the nearest config applies; file watchers are registered', async () => {
    const registration = await client.waitFor(() => client.registrations.flatMap((r) => r.registrations).find((r) => r.method === 'workspace/didChangeWatchedFiles'), () => JSON.stringify(client.registrations));
    const globs = (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.deepEqual(globs, ['**/{.faultline.jsonc,.faultline.yaml,.faultline.yml}', '**/*.{md,markdown}', '**/*.{yaml,yml}']);

    const docs = uriOf(path.join(dir, 'docs/payments.md'));
    const team = uriOf(path.join(dir, 'team/payments.md'));
    await client.open(docs, EN);
    await client.open(team, EN);
    const p1 = await client.waitForDiagnostics(docs, { version: 1 });
    const p2 = await client.waitForDiagnostics(team, { version: 1 });
    assertEngine(p1, EN, path.join(dir, 'docs/payments.md'), { 'dead-letter-queue': 'off' });
    // the team folder's own config wins: dead-letter-queue is back, circuit-breaker is off
    assertEngine(p2, EN, path.join(dir, 'team/payments.md'), { 'circuit-breaker': 'off' });
    assert.ok(codes(p2).has('dead-letter-queue') && !codes(p2).has('circuit-breaker'));
  });

  test('a changed config applies at once (didChangeWatchedFiles), no restart', async () => {
    const docs = uriOf(path.join(dir, 'docs/payments.md'));
    const since = client.mark();
    fs.writeFileSync(rootConfig(), '{ "rules": { "dual-write": "off" } }\n');
    await client.filesChanged([{ uri: uriOf(rootConfig()), type: CHANGED }]);
    const p = await client.waitForDiagnostics(docs, { since, predicate: (q) => !codes(q).has('dual-write') });
    assert.equal(p.version, 1);
    assertEngine(p, EN, path.join(dir, 'docs/payments.md'), { 'dual-write': 'off' });
  });

  test('a broken config is a diagnostic on the config file at the mistake; the docs keep the defaults', async () => {
    const docs = uriOf(path.join(dir, 'docs/payments.md'));
    const since = client.mark();
    fs.writeFileSync(rootConfig(), '{\n  "rules": {\n    "dual-write": "sometimes"\n  }\n}\n');
    await client.filesChanged([{ uri: uriOf(rootConfig()), type: CHANGED }]);
    const onConfig = await client.waitForDiagnostics(uriOf(rootConfig()), { since });
    assert.equal(onConfig.diagnostics.length, 1);
    const d = onConfig.diagnostics[0]!;
    assert.equal(d.severity, SEVERITY.error);
    assert.equal(d.source, 'faultline');
    assert.deepEqual(d.range.start, { line: 2, character: 18 }, 'on the value "sometimes"');
    assert.match(msg(d), /rules\.dual-write must be one of off, critical, significant, moderate, minor \(got "sometimes"\)/);
    const p = await client.waitForDiagnostics(docs, { since, predicate: (q) => codes(q).has('dual-write') });
    assertEngine(p, EN, path.join(dir, 'docs/payments.md'));
    await client.waitForMessage((m) => m.type === 2 && m.message.includes('.faultline.jsonc') && m.message.includes('dual-write'));

    // a syntax error: the line of the mistake
    let mark = client.mark();
    fs.writeFileSync(rootConfig(), '{\n  "rules": {\n    "dual-write": \n  }\n}\n');
    await client.filesChanged([{ uri: uriOf(rootConfig()), type: CHANGED }]);
    const syntax = await client.waitForDiagnostics(uriOf(rootConfig()), { since: mark, predicate: (q) => q.diagnostics.some((x) => /syntax/.test(msg(x))) });
    assert.equal(syntax.diagnostics[0]!.range.start.line, 3);

    // repaired: the config file's diagnostics are cleared, its settings apply again
    mark = client.mark();
    fs.writeFileSync(rootConfig(), '{ "rules": { "dead-letter-queue": "off" } }\n');
    await client.filesChanged([{ uri: uriOf(rootConfig()), type: CHANGED }]);
    const cleared = await client.waitForDiagnostics(uriOf(rootConfig()), { since: mark });
    assert.deepEqual(cleared.diagnostics, []);
    await client.waitForDiagnostics(docs, { since: mark, predicate: (q) => !codes(q).has('dead-letter-queue') && codes(q).has('dual-write') });
  });

  test('include/exclude: an excluded document gets nothing, and its status says why', async () => {
    fs.writeFileSync(rootConfig(), '{ "exclude": ["docs/**"] }\n');
    const mark = client.statusMark();
    await client.filesChanged([{ uri: uriOf(rootConfig()), type: CHANGED }]);
    const docs = uriOf(path.join(dir, 'docs/payments.md'));
    const status = await client.waitForStatus(docs, { since: mark, predicate: (st) => st.skipped !== undefined });
    assert.match(status.skipped ?? '', /excluded by .*\.faultline\.jsonc \(exclude: "docs\/\*\*"\)/);
    assert.deepEqual(client.publishedFor(docs).at(-1)!.diagnostics, []);
  });
});

describe('custom rule packs', () => {
  test('a broken rule file is a diagnostic with the reason, on the file and on the config entry; the good rules load', async () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'rules', 'dead-letter-queue.yaml'), 'utf8');
    const dir = workspace({
      '.faultline.yaml': 'customRules:\n  - ./team-rules\n',
      'team-rules/team-dlq.yaml': source.replace(/^id: dead-letter-queue$/m, 'id: team-dlq'),
      'team-rules/bad-rule.yaml': 'id: bad-rule\ntier: loud\n',
      'design.md': EN,
    });
    const client = await LspClient.start({ settings: { faultline: { workspaceDiagnostics: false } }, workspaceFolders: [dir] });
    try {
      const doc = uriOf(path.join(dir, 'design.md'));
      await client.open(doc, EN);
      const p = await client.waitForDiagnostics(doc, { version: 1 });
      assert.ok(codes(p).has('team-dlq'), 'the good custom rule reports');
      assert.ok(codes(p).has('dead-letter-queue'), 'the built-in rules still report');
      const bad = await client.waitForDiagnostics(uriOf(path.join(dir, 'team-rules/bad-rule.yaml')));
      assert.ok(bad.diagnostics.length >= 1);
      assert.ok(bad.diagnostics.every((d) => d.severity === SEVERITY.error && /custom rule pack/.test(msg(d))));
      assert.ok(bad.diagnostics.some((d) => /tier/.test(msg(d))), JSON.stringify(bad.diagnostics.map(msg)));
      const config = await client.waitForDiagnostics(uriOf(path.join(dir, '.faultline.yaml')));
      assert.equal(config.diagnostics.length, 1);
      assert.equal(config.diagnostics[0]!.range.start.line, 1, 'on the customRules entry');
      assert.match(msg(config.diagnostics[0]!), /custom rule pack "team-rules" has 1 broken rule file/);

      // the pack is repaired on disk: reloaded, diagnostics cleared
      const since = client.mark();
      fs.rmSync(path.join(dir, 'team-rules/bad-rule.yaml'));
      await client.filesChanged([{ uri: uriOf(path.join(dir, 'team-rules/bad-rule.yaml')), type: DELETED }]);
      const cleared = await client.waitForDiagnostics(uriOf(path.join(dir, 'team-rules/bad-rule.yaml')), { since });
      assert.deepEqual(cleared.diagnostics, []);
      assert.deepEqual((await client.waitForDiagnostics(uriOf(path.join(dir, '.faultline.yaml')), { since })).diagnostics, []);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('an untrusted workspace loads no custom rule pack, and says so on the config', async () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'rules', 'dead-letter-queue.yaml'), 'utf8');
    const dir = workspace({
      '.faultline.yaml': 'customRules:\n  - ./team-rules\n',
      'team-rules/team-dlq.yaml': source.replace(/^id: dead-letter-queue$/m, 'id: team-dlq'),
      'design.md': EN,
    });
    const client = await LspClient.start({ settings: { faultline: { workspaceDiagnostics: false } }, workspaceFolders: [dir], initializationOptions: { trusted: false } });
    try {
      const doc = uriOf(path.join(dir, 'design.md'));
      await client.open(doc, EN);
      const p = await client.waitForDiagnostics(doc, { version: 1 });
      assert.ok(!codes(p).has('team-dlq'));
      assertEngine(p, EN, path.join(dir, 'design.md'));
      const config = await client.waitForDiagnostics(uriOf(path.join(dir, '.faultline.yaml')));
      assert.equal(config.diagnostics[0]!.range.start.line, 1);
      assert.match(msg(config.diagnostics[0]!), /not loaded in an untrusted workspace/);
      // the harness hook: the server's process id
      assert.equal(await client.connection.sendRequest('faultline/pid'), client.process.pid);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workspace diagnostics (documents that are not open)', () => {
  let dir: string;
  let client: LspClient;
  const design = () => path.join(dir, 'design.md');
  before(async () => {
    dir = workspace({
      'README.md': README,
      'archive/old-design.md': EN,
      '.faultline.jsonc': '{ "exclude": ["archive/**"] }',
      'design.md': EN,
      'node_modules/some-package/design.md': EN,
    });
    client = await LspClient.start({ settings: { faultline: {} }, workspaceFolders: [dir] });
  });
  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an unopened design doc gets its findings; README, excluded and node_modules files get none', async () => {
    const p = await client.waitForDiagnostics(uriOf(design()));
    assert.equal(p.version, undefined, 'read from disk: no version');
    assertEngine(p, EN, design());
    const status = await client.waitForStatus(uriOf(design()));
    assert.equal(status.version, null);
    // files are reviewed in path order: README.md and archive/ came before design.md
    const others = client.published.filter((q) => q.uri !== uriOf(design()));
    assert.deepEqual(others.map((q) => q.uri), []);
  });

  test('kept current as files change on disk', async () => {
    let since = client.mark();
    const edited = EN.replace('The ledger worker consumes the SQS queue `payment-events`', 'The ledger worker reads rows from PostgreSQL');
    fs.writeFileSync(design(), edited);
    await client.filesChanged([{ uri: uriOf(design()), type: CHANGED }]);
    const p = await client.waitForDiagnostics(uriOf(design()), { since });
    assertEngine(p, edited, design());

    since = client.mark();
    const created = path.join(dir, 'notes', 'queue-design.md');
    fs.mkdirSync(path.dirname(created));
    fs.writeFileSync(created, EN);
    await client.filesChanged([{ uri: uriOf(created), type: 1 }]);
    assertEngine(await client.waitForDiagnostics(uriOf(created), { since }), EN, created);

    since = client.mark();
    fs.rmSync(created);
    await client.filesChanged([{ uri: uriOf(created), type: DELETED }]);
    assert.deepEqual((await client.waitForDiagnostics(uriOf(created), { since })).diagnostics, []);
  });

  test('open and close: the editor text while open, the file on disk after', async () => {
    const uri = uriOf(design());
    const text = fs.readFileSync(design(), 'utf8');
    let since = client.mark();
    await client.open(uri, `${text}\n## Extra\n\nThe worker consumes the SQS queue \`audit-events\`.\n`);
    const open = await client.waitForDiagnostics(uri, { since, version: 1 });
    assert.ok(open.diagnostics.some((d) => msg(d).includes('audit-events')));
    since = client.mark();
    await client.close(uri);
    const closed = await client.waitForDiagnostics(uri, { since });
    assert.equal(closed.version, undefined);
    assertEngine(closed, text, design());
  });

  test('the setting turns it off and on without a restart', async () => {
    const uri = uriOf(design());
    let since = client.mark();
    await client.changeConfiguration({ faultline: { workspaceDiagnostics: false } });
    assert.deepEqual((await client.waitForDiagnostics(uri, { since })).diagnostics, []);
    since = client.mark();
    await client.changeConfiguration({ faultline: { workspaceDiagnostics: true, rules: { 'dual-write': 'off' } } });
    const p = await client.waitForDiagnostics(uri, { since, predicate: (q) => q.diagnostics.length > 0 });
    assertEngine(p, fs.readFileSync(design(), 'utf8'), design(), { 'dual-write': 'off' });
  });
});

describe('incremental analysis while typing', () => {
  /** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const SNIPPETS = [
    'The audit worker consumes the SQS queue `audit-events`.\n',
    '## Retries\n\nCalls to the Stripe API are retried with exponential backoff, at most 3 times.\n',
    'Timeouts: 2 s for the Stripe API.\n',
    '- A circuit breaker opens after 5 failures.\n',
    '### Backups\n\nPostgreSQL is backed up daily; RPO 24 h, RTO 4 h.\n',
    'x',
    '\n',
    '支払いは PostgreSQL に保存する。\n',
  ];

  test('random edit sequences: every publish equals a from-scratch analysis of that version', async () => {
    const client = await LspClient.start({ settings: { faultline: { debounceMs: 10 } } });
    try {
      for (const seed of [1, 2, 3]) {
        const random = prng(seed);
        const uri = `file:///tmp/faultline-lsp-random/${seed}-design.md`;
        const fsPath = `/tmp/faultline-lsp-random/${seed}-design.md`;
        await client.open(uri, EN);
        await client.waitForDiagnostics(uri, { version: 1 });
        for (let round = 0; round < 8; round++) {
          const since = client.mark();
          const texts = new Map<number, string>();
          // a burst of edits, sent without waiting
          const burst = 1 + Math.floor(random() * 3);
          for (let i = 0; i < burst; i++) {
            const doc = client.document(uri);
            const text = doc.getText();
            const at = Math.floor(random() * (text.length + 1));
            if (random() < 0.55) {
              const snippet = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
              const lineStart = text.lastIndexOf('\n', at - 1) + 1;
              const pos = doc.positionAt(snippet.length > 1 ? lineStart : at);
              await client.change(uri, [{ range: { start: pos, end: pos }, text: snippet }]);
            } else {
              const end = Math.min(text.length, at + 1 + Math.floor(random() * 80));
              await client.change(uri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: '' }]);
            }
            texts.set(client.document(uri).version, client.document(uri).getText());
          }
          const version = client.document(uri).version;
          const p = await client.waitForDiagnostics(uri, { since, version });
          const published = client.publishedFor(uri, since);
          assert.equal(published.at(-1), p, `seed ${seed} round ${round}: the last publish carries the last version`);
          const versions = published.map((q) => q.version!);
          assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'never an older version after a newer one');
          // each publish is exactly the from-scratch analysis of the text of its version
          for (const q of published) assertEngine(q, texts.get(q.version!)!, fsPath);
        }
        await client.close(uri);
      }
    } finally {
      await client.stop();
    }
  });
});
