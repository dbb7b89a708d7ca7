/**
 * Hostile input beyond the fixed-seed fuzz cases (test/fuzz.test.ts): huge single lines, tables
 * and nesting through the engine; a 10 MB document over stdio (cut at the size bound with one
 * Information diagnostic saying so, the server still serving); a rule that throws (isolated);
 * custom rule phrases written like catastrophic regular expressions (matched literally, in
 * linear time). No time is asserted: the bench (`npm run bench`) measures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer, DEFAULT_MAX_LENGTH } from '../server/src/analysis/analyzer';
import { MUTATIONS } from '../scripts/bench/fuzzCases';
import { analysisProblems, diagnosticProblems } from '../scripts/bench/invariants';
import { generateDesignDoc, seededRng } from '../scripts/bench/generateDoc';
import { LspClient } from './helpers/lspClient';

const ROOT = path.resolve(__dirname, '..');
const SEED = 20261122;
const analyzer = new Analyzer();

test('engine: a 1 MB single line, a 2,000-row table, 1,000-deep lists and quotes are analysed', () => {
  const rnd = seededRng(SEED);
  const line = Array.from({ length: 200_000 }, (_, i) => ['Kafka', 'queue', 'retries', '3 s', 'PostgreSQL', '->', 'キュー', '`q`'][i % 8]).join(' ');
  const table = ['| Service | Store | Timeout |', '|---|---|---|', ...Array.from({ length: 2000 }, (_, i) => `| Worker${i} | Redis | ${i % 30} s |`)].join('\n');
  const lists = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i} uses PostgreSQL`).join('\n');
  const quotes = `${'>'.repeat(1000)} SQS queue \`deep\``;
  for (const [name, body] of [['line', line], ['table', table], ['lists', lists], ['quotes', quotes]] as const) {
    const text = `# Design\n\n## Part\n\n${body}\n\n${MUTATIONS.weird!('Tail with SQS.', rnd)}\n`;
    if (name === 'line' || name === 'lists') assert.ok(text.length > 1_000_000, `${name}: ${text.length} characters`);
    const result = analyzer.analyze(text, { force: true });
    assert.equal(result.model.text.length, text.length, `${name}: analysed whole`);
    assert.deepEqual(analysisProblems(text, result), [], name);
    assert.deepEqual(result.ruleErrors, [], name);
    assert.ok(result.model.statements.length > 2, `${name}: statements are read`);
  }
});

test('engine: beyond the size bound the analysis stops at a break before it, with one notice saying what was skipped', () => {
  // a small bound here (the server test below runs the default one on 10 MB)
  const limit = 400_000;
  const text = generateDesignDoc(limit + 150_000, 7);
  const result = analyzer.analyze(text, { force: true, maxLength: limit });
  const cut = result.model.text.length;
  assert.ok(cut <= limit && cut > limit * 0.8, `cut at ${cut}`);
  assert.ok(text.startsWith(result.model.text));
  assert.equal(text.charAt(cut), '#', 'cut before a heading');
  assert.equal(result.notices.length, 1);
  assert.match(result.notices[0]!.message, /^Faultline analysed only the first 0\.4 MB of this 0\.6 MB document \(limit 0\.4 MB\); nothing after this point was reviewed\.$/);
  assert.deepEqual([result.notices[0]!.start, result.notices[0]!.end], [cut, cut]);
  assert.ok(result.findings.length > 0 && result.findings.every((f) => f.end <= cut));
  assert.deepEqual(analysisProblems(text, result), []);
  assert.equal(analyzer.analyze(text, { force: true }).notices.length, 0, `${text.length} characters are within the default bound (${DEFAULT_MAX_LENGTH})`);
});

test('server: a 10 MB document gets its findings up to the bound and one Information diagnostic; the server keeps serving', { timeout: 600_000 }, async () => {
  const client = await LspClient.start({ settings: { faultline: { debounceMs: 0 } } });
  try {
    const smallUri = 'file:///tmp/faultline-hostile/small.md';
    await client.open(smallUri, fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'lsp-payments.en.md'), 'utf8'));
    const small = await client.waitForDiagnostics(smallUri, { version: 1 });
    assert.ok(small.diagnostics.length > 0);
    const huge = generateDesignDoc(10_000_000, 14);
    const uri = 'file:///tmp/faultline-hostile/huge.md';
    await client.open(uri, huge);
    const published = await client.waitForDiagnostics(uri, { version: 1, timeoutMs: 540_000 });
    const notices = published.diagnostics.filter((d) => d.code === undefined);
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.equal(notices[0]!.severity, 3 /* Information */);
    assert.match(String(notices[0]!.message), /^Faultline analysed only the first 3\.0 MB of this 10\.0 MB document \(limit 3\.0 MB\); nothing after this point was reviewed\.$/);
    const cut = client.document(uri).offsetAt(notices[0]!.range.start);
    assert.ok(cut <= DEFAULT_MAX_LENGTH && cut > DEFAULT_MAX_LENGTH * 0.8, `cut at ${cut}`);
    assert.ok(published.diagnostics.length > 1, 'findings before the bound');
    assert.deepEqual(diagnosticProblems(client.document(uri), published.diagnostics), []);
    for (const d of published.diagnostics) assert.ok(client.document(uri).offsetAt(d.range.end) <= cut, 'nothing reported after the cut');
    // still serving: a hover on the small document answers, and an edit there is reviewed
    const hover = await client.hover(smallUri, small.diagnostics[0]!.range.start);
    assert.ok(hover, 'hover answered');
    await client.close(uri);
    assert.equal(client.hasExited, false);
    assert.deepEqual(client.logMessages.filter((m) => m.type === 1).map((m) => m.message), []);
  } finally {
    await client.stop();
  }
});

test('server: while a 10 M-character document is analysed, requests on another document are answered first', { timeout: 600_000 }, async () => {
  const client = await LspClient.start({ settings: { faultline: { debounceMs: 0 } } });
  try {
    const smallUri = 'file:///tmp/faultline-hostile/busy-small.md';
    const smallText = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'lsp-payments.en.md'), 'utf8');
    await client.open(smallUri, smallText);
    const small = await client.waitForDiagnostics(smallUri, { version: 1 });
    const finding = small.diagnostics.find((d) => d.code !== undefined)!;
    assert.ok(finding, 'the small document has a finding to hover');
    const hugeUri = 'file:///tmp/faultline-hostile/busy-huge.md';
    await client.open(hugeUri, generateDesignDoc(10_000_000, 14));
    const hugePublished = () => client.publishedFor(hugeUri).length > 0;
    // let the server take the huge document in and start on it
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(hugePublished(), false, 'the huge document is still being analysed');

    // a hover on the other document: answered from its last result, before the huge one is published
    const hover = await client.hover(smallUri, finding.range.start);
    assert.ok(hover, 'hover answered');
    assert.equal(hugePublished(), false, 'the hover was answered before the huge document\'s diagnostics were published');
    // code actions too
    const actions = await client.codeActions(smallUri, finding.range, [finding]);
    assert.ok(actions && actions.length > 0, 'code actions answered');
    assert.equal(hugePublished(), false, 'the code actions were answered before the huge document\'s diagnostics were published');
    // and an edit of the other document is reviewed without waiting for the huge one
    const since = client.mark();
    const edited = await client.change(smallUri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'An edit while the server is busy.\n' }]);
    await client.waitForDiagnostics(smallUri, { since, version: edited.version, timeoutMs: 60_000 });
    assert.equal(hugePublished(), false, 'the edited document was published before the huge one');

    const published = await client.waitForDiagnostics(hugeUri, { version: 1, timeoutMs: 540_000 });
    assert.equal(published.diagnostics.filter((d) => d.code === undefined).length, 1, 'one notice: cut at the size bound');
    assert.deepEqual(client.logMessages.filter((m) => m.type === 1).map((m) => m.message), []);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a rule that throws is isolated: the others still report, its error is returned once', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'lsp-payments.en.md'), 'utf8');
  const isolated = new Analyzer();
  const before = isolated.analyze(text, { force: true });
  const victim = before.findings[0]!.rule;
  const rule = isolated.rule(victim)!;
  Object.defineProperty(rule, 'detect', { get() { throw new Error('boom from the test'); } });
  const after = isolated.analyze(text, { force: true });
  assert.deepEqual(after.ruleErrors, [{ rule: victim, message: 'boom from the test' }]);
  assert.deepEqual(after.findings.map((f) => `${f.rule}@${f.start}`), before.findings.filter((f) => f.rule !== victim).map((f) => `${f.rule}@${f.start}`));
  assert.ok(after.findings.length > 0, 'the other rules still report');
});

test('custom rule phrases are literal: regular-expression-like phrases cannot hang the analysis', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-evil-'));
  try {
    const base = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'lsp-payments.en.md'), 'utf8');
    // a built-in rule that reports on the fixture and is covered by one concept, under a new id,
    // covered by a concept of its own whose phrases look like catastrophic regular expressions
    const fired = [...new Set(analyzer.analyze(base, { force: true }).findings.map((f) => f.rule))];
    const model = fired.map((id) => ({ id, source: fs.readFileSync(path.join(ROOT, 'rules', `${id}.yaml`), 'utf8') }))
      .find((r) => /^ {2}coveredBy: \[[a-z-]+\]$/m.test(r.source) && !/^concepts:/m.test(r.source))!;
    assert.ok(model, 'a built-in rule to model the custom one on');
    const { source } = model;
    const evil = ['(a+)+$', '(a|aa)+b', '(.*a){25}', '^(\\w+\\s?)*$', 'x{1000000}'];
    const custom = source
      .replace(new RegExp(`^id: ${model.id}$`, 'm'), 'id: team-evil-phrases')
      .replace(/^ {2}coveredBy: \[[a-z-]+\]$/m, '  coveredBy: [team-evil]')
      .concat(`\nconcepts:\n  team-evil:\n    terms:\n${evil.map((t) => `      - ${JSON.stringify(t)}`).join('\n')}\n`);
    assert.notEqual(custom, source);
    fs.writeFileSync(path.join(dir, 'team-evil-phrases.yaml'), custom);
    const withPack = new Analyzer({ extraRuleDirs: [dir] });
    assert.deepEqual(withPack.problems, []);
    assert.ok(withPack.rule('team-evil-phrases'));
    // inputs that take a backtracking matcher exponential or quadratic time in these patterns
    const hostile = `${'a'.repeat(200_000)}!\n\n${'aa'.repeat(50_000)}c\n\n${'word '.repeat(40_000)}!\n`;
    const uncovered = withPack.analyze(`${base}\n\n## Notes\n\n${hostile}`, { force: true });
    assert.deepEqual(uncovered.ruleErrors, []);
    assert.ok(uncovered.findings.some((f) => f.rule === 'team-evil-phrases'), 'not covered: no phrase is written literally');
    // written literally, a phrase covers the rule
    const covered = withPack.analyze(`${base}\n\n## Notes\n\nEvery service follows (a+)+$ for this.\n\n${hostile}`, { force: true });
    assert.equal(covered.findings.some((f) => f.rule === 'team-evil-phrases'), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
