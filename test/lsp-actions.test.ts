/**
 * The language server's code actions beyond the quick fix (disable for a section / file, accept
 * the risk, show documentation), the status notification and the server commands — over stdio
 * against dist/server.js, compared with the engine run in-process on the same text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, Command, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Analyzer } from '../server/src/analysis/analyzer';
import { buildReport } from '../server/src/report/reviewReport';
import { applyWorkspaceEdit, editsFor, LspClient, REPO_ROOT, textAt } from './helpers/lspClient';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const SECTIONS = fs.readFileSync(path.join(FIXTURES, 'lsp-sections.md'), 'utf8');
const README = fs.readFileSync(path.join(FIXTURES, 'lsp-readme.md'), 'utf8');
const HINT = 4;
const msg = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

const engine = new Analyzer();
let counter = 0;
const uniqueUri = (name: string) => `file:///tmp/faultline-lsp-actions/${++counter}-${name}`;
const lineOf = (text: string, needle: string) => {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
};

function isCodeAction(a: CodeAction | Command): a is CodeAction {
  return typeof (a as Command).command !== 'string';
}

describe('code actions, status and commands', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: { faultline: {} } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
  });

  /** Open the sections fixture; the circuit-breaker diagnostic on `subject`. */
  async function openWith(subject: string, text = SECTIONS) {
    const uri = uniqueUri('orders.md');
    await client.open(uri, text);
    const p = await client.waitForDiagnostics(uri, { version: 1 });
    const d = p.diagnostics.find((x) => x.code === 'circuit-breaker' && textAt(client.document(uri), x.range) === subject);
    assert.ok(d, `a circuit-breaker diagnostic on ${subject}`);
    return { uri, p, d };
  }

  async function action(uri: string, d: Diagnostic, title: string): Promise<CodeAction> {
    const actions = (await client.codeActions(uri, d.range, [d]))!.filter(isCodeAction);
    const a = actions.find((x) => x.title === title);
    assert.ok(a, `"${title}" among ${JSON.stringify(actions.map((x) => x.title))}`);
    return a;
  }

  /** Apply a one-insert action as the editor would; returns the next publish. */
  async function apply(uri: string, a: CodeAction, expected: { line: number; text: string }): Promise<{ text: string; p: PublishDiagnosticsParams }> {
    const doc = client.document(uri);
    const before = doc.getText();
    const { version, edits } = editsFor(a.edit, uri);
    assert.equal(version, doc.version, 'pinned to the version it was computed for');
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0]!.range, { start: { line: expected.line, character: 0 }, end: { line: expected.line, character: 0 } }, 'an insertion at a line start');
    assert.equal(edits[0]!.newText, expected.text);
    const text = applyWorkspaceEdit(doc, a.edit);
    const at = doc.offsetAt(edits[0]!.range.start);
    assert.equal(text.slice(0, at) + text.slice(at + expected.text.length), before, 'the rest is byte-identical');
    const since = client.mark();
    await client.change(uri, [{ range: edits[0]!.range, text: expected.text }]);
    const p = await client.waitForDiagnostics(uri, { since, version: doc.version });
    return { text, p };
  }

  const onSubject = (uri: string, p: PublishDiagnosticsParams, rule: string) =>
    p.diagnostics.filter((d) => d.code === rule).map((d) => textAt(client.document(uri), d.range)).sort();

  test('disable for this section: a comment after the heading silences exactly that section', async () => {
    const { uri, d } = await openWith('SendGrid');
    const a = await action(uri, d, 'Disable circuit-breaker for this section');
    assert.equal(a.kind, 'quickfix');
    assert.deepEqual(a.diagnostics, [d]);
    const heading = lineOf(SECTIONS, '## Notifications');
    const { text, p } = await apply(uri, a, { line: heading + 1, text: '<!-- faultline-disable circuit-breaker -->\n' });
    assert.deepEqual(onSubject(uri, p, 'circuit-breaker'), ['Stripe API', 'Twilio'], 'the other sections still report');
    assert.ok(onSubject(uri, p, 'timeout').includes('SendGrid'), 'other rules still report in the section');
    // exactly what the engine says for the new text
    assert.deepEqual(p.diagnostics.map((x) => `${x.code}@${x.range.start.line}`), engine.analyze(text, { fileName: fileURLToPath(uri) }).findings.map((f) => `${f.rule}@${f.range.start.line}`));
    // cannot be applied twice: the old diagnostic is stale, and the finding is gone
    assert.deepEqual(await client.codeActions(uri, d.range, [d]), []);
  });

  test('disable for a subsection leaves its parent section alone', async () => {
    const { uri, d } = await openWith('Twilio');
    const a = await action(uri, d, 'Disable circuit-breaker for this section');
    const { p } = await apply(uri, a, { line: lineOf(SECTIONS, '### Fulfilment') + 1, text: '<!-- faultline-disable circuit-breaker -->\n' });
    assert.deepEqual(onSubject(uri, p, 'circuit-breaker'), ['SendGrid', 'Stripe API']);
  });

  test('disable for this file: after the front matter, every finding of the rule goes', async () => {
    const { uri, d } = await openWith('Stripe API');
    const a = await action(uri, d, 'Disable circuit-breaker for this file');
    const { p } = await apply(uri, a, { line: lineOf(SECTIONS, 'owner:') + 2, text: '<!-- faultline-disable-file circuit-breaker -->\n' });
    assert.deepEqual(onSubject(uri, p, 'circuit-breaker'), []);
    assert.ok(onSubject(uri, p, 'timeout').length >= 3, 'other rules still report');
    // without front matter the comment goes on the first line
    const bare = SECTIONS.slice(SECTIONS.indexOf('# Order Service'));
    const second = await openWith('Stripe API', bare);
    const edit = editsFor((await action(second.uri, second.d, 'Disable circuit-breaker for this file')).edit, second.uri).edits[0]!;
    assert.deepEqual(edit.range.start, { line: 0, character: 0 });
  });

  test('accept the risk: a record before the block turns the finding into a hint, listed in the report', async () => {
    const { uri, p: first, d } = await openWith('SendGrid');
    const statusBefore = await client.waitForStatus(uri, { predicate: (s) => s.version === 1 });
    const a = await action(uri, d, 'Accept the risk of circuit-breaker (record it in the document)');
    const record = '<!-- faultline-accept circuit-breaker: why this risk is acceptable, TICKET-ID -->\n';
    // the finding sits in the second item of a list: the record goes before the whole list
    const statusMark = client.statusMark();
    const { text, p } = await apply(uri, a, { line: lineOf(SECTIONS, '- Customers get a receipt'), text: record });
    const accepted = p.diagnostics.filter((x) => x.code === 'circuit-breaker');
    // a record names a rule, not a subject: it covers the rule's findings in the whole document
    assert.equal(accepted.length, first.diagnostics.filter((x) => x.code === 'circuit-breaker').length);
    for (const x of accepted) {
      assert.equal(x.severity, HINT);
      assert.match(msg(x), /^Accepted risk: why this risk is acceptable, TICKET-ID — /);
    }
    const sendgrid = accepted.find((x) => textAt(client.document(uri), x.range) === 'SendGrid')!;
    const engineFinding = engine.analyze(text).findings.find((f) => f.rule === 'circuit-breaker' && f.subject?.name.includes('SendGrid'))!;
    assert.equal(msg(sendgrid), `Accepted risk: why this risk is acceptable, TICKET-ID — ${engineFinding.message}`);
    // the list is still one list: nothing of the document's structure changed
    assert.equal(engine.analyze(text).model.statements.filter((s) => s.kind === 'listItem' && s.list === engine.analyze(text).model.statements.find((x) => x.kind === 'listItem')!.list).length, 2);

    // no second record, no insertion for an accepted risk; disable and documentation still offered
    const titles = (await client.codeActions(uri, sendgrid.range, [sendgrid]))!.map((x) => x.title);
    assert.deepEqual(titles, ['Disable circuit-breaker for this section', 'Disable circuit-breaker for this file', 'Show documentation for circuit-breaker']);

    // status: the accepted ones leave the counts
    const status = await client.waitForStatus(uri, { since: statusMark, predicate: (s) => s.version === 2 });
    assert.equal(status.accepted, accepted.length);
    assert.equal(status.counts.critical, statusBefore.counts.critical - accepted.length);

    // the report lists it under accepted risks
    const { markdown } = await client.executeCommand<{ markdown: string }>('faultline.server.generateReview', [uri]);
    const section = markdown.slice(markdown.indexOf('### Accepted risks'));
    assert.ok(markdown.includes('### Accepted risks'), markdown);
    assert.match(section, /`circuit-breaker` — .*SendGrid.*: why this risk is acceptable, TICKET-ID/);
  });

  test('show documentation: a command action, and the command opens the rule page', async () => {
    const { uri, d } = await openWith('Stripe API');
    const a = await action(uri, d, 'Show documentation for circuit-breaker');
    assert.deepEqual(a.command, { title: 'Show documentation for circuit-breaker', command: 'faultline.server.showDocumentation', arguments: ['circuit-breaker'] });
    assert.equal(a.edit, undefined);
    const href = pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'circuit-breaker.md')).href;
    assert.equal(d.codeDescription?.href, href);
    assert.ok(fs.existsSync(fileURLToPath(href)), 'the page exists');

    const shown = client.shownDocuments.length;
    const result = await client.executeCommand('faultline.server.showDocumentation', ['circuit-breaker']);
    assert.deepEqual(result, { uri: href });
    assert.deepEqual(client.shownDocuments.slice(shown), [{ uri: href, external: false }]);
    await assert.rejects(client.executeCommand('faultline.server.showDocumentation', ['no-such-rule']), /no documentation for rule "no-such-rule" \(unknown rule\)/);
    await assert.rejects(client.executeCommand('faultline.server.showDocumentation', []), /expects \[ruleId: string\]/);
  });

  test('every diagnostic links an existing rule page', async () => {
    const { p } = await openWith('Stripe API');
    for (const d of p.diagnostics) {
      const href = d.codeDescription?.href;
      assert.ok(href, `${String(d.code)} has a codeDescription`);
      assert.equal(path.basename(fileURLToPath(href)), `${String(d.code)}.md`);
      assert.ok(fs.existsSync(fileURLToPath(href)), href);
    }
  });

  test('a client counting columns in bytes still gets its actions (found by diagnostic data)', async () => {
    const text = SECTIONS.replace('Card charges go through the Stripe API.', 'Card charges — “über” fast — go through the Stripe API.');
    const { uri, d } = await openWith('Stripe API', text);
    // the same line, columns counted in UTF-8 bytes: “ ” — ü are multi-byte
    const line = text.split('\n')[d.range.start.line]!;
    const bytes = (n: number) => Buffer.byteLength(line.slice(0, n), 'utf8');
    const shifted: Diagnostic = { ...d, range: { start: { line: d.range.start.line, character: bytes(d.range.start.character) }, end: { line: d.range.end.line, character: bytes(d.range.end.character) } } };
    assert.notDeepEqual(shifted.range, d.range);
    const exact = (await client.codeActions(uri, d.range, [d]))!;
    const viaData = (await client.codeActions(uri, shifted.range, [shifted]))!;
    assert.deepEqual(viaData.map((a) => a.title), exact.map((a) => a.title));
    assert.deepEqual((viaData[0] as CodeAction).edit, (exact[0] as CodeAction).edit);
    // without data, a range that matches no finding identifies nothing
    assert.deepEqual(await client.codeActions(uri, shifted.range, [{ ...shifted, data: undefined }]), []);
  });

  test('fix all: the source kind when asked for; the quickfix kind only next to a quick fix', async () => {
    const { uri, d } = await openWith('Stripe API');
    const source = (await client.codeActions(uri, d.range, [], ['source.fixAll.faultline']))!.filter(isCodeAction);
    assert.deepEqual(source.map((a) => [a.title, a.kind]), [['Insert all missing countermeasure sections', 'source.fixAll.faultline']]);
    const quickOnly = (await client.codeActions(uri, d.range, [d], ['quickfix']))!.filter(isCodeAction);
    assert.equal(quickOnly.find((a) => a.title === 'Insert all missing countermeasure sections')?.kind, 'quickfix');
    assert.ok(!quickOnly.some((a) => a.kind !== 'quickfix'));
    assert.deepEqual(quickOnly.find((a) => a.title === 'Insert all missing countermeasure sections')!.edit, source[0]!.edit);
  });

  test('status: sent after every publish, with the counts of what was published', async () => {
    const mark = client.statusMark();
    const { uri, p } = await openWith('Stripe API');
    const status = await client.waitForStatus(uri, { since: mark });
    const tiers = engine.analyze(SECTIONS).findings.reduce((acc, f) => ({ ...acc, [f.tier]: acc[f.tier] + 1 }), { critical: 0, significant: 0, moderate: 0, minor: 0 });
    assert.deepEqual(status.counts, tiers);
    assert.equal(status.version, 1);
    assert.equal(status.accepted, 0);
    assert.equal(status.skipped, undefined);
    assert.equal(Object.values(status.counts).reduce((a, b) => a + b, 0), p.diagnostics.length);
    assert.ok(Number.isFinite(status.durationMs) && status.durationMs >= 0);
    assert.ok(!Number.isNaN(Date.parse(status.analyzedAt)) && new Date(status.analyzedAt).toISOString() === status.analyzedAt);

    const readme = uniqueUri('README.md');
    await client.open(readme, README);
    const skipped = await client.waitForStatus(readme, { since: mark });
    assert.deepEqual(skipped.counts, { critical: 0, significant: 0, moderate: 0, minor: 0 });
    assert.match(skipped.skipped ?? '', /^not a design document/);
  });

  test('generateReview: the report of the open text, and of a file that is not open', async () => {
    const { uri } = await openWith('Stripe API');
    const fsPath = fileURLToPath(uri);
    const r = await client.executeCommand<{ markdown: string; language: string }>('faultline.server.generateReview', [uri]);
    const expected = buildReport(engine.analyze(SECTIONS, { fileName: fsPath }), engine, { fileName: fsPath });
    assert.deepEqual(r, { markdown: expected, language: 'en' });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-review-'));
    try {
      const ja = fs.readFileSync(path.join(FIXTURES, 'lsp-payments.ja.md'), 'utf8');
      const file = path.join(dir, 'design.md');
      fs.writeFileSync(file, ja);
      const fromDisk = await client.executeCommand<{ markdown: string; language: string }>('faultline.server.generateReview', [pathToFileURL(file).href]);
      assert.deepEqual(fromDisk, { markdown: buildReport(engine.analyze(ja, { fileName: file }), engine, { fileName: file }), language: 'ja' });
      await assert.rejects(client.executeCommand('faultline.server.generateReview', [pathToFileURL(path.join(dir, 'missing.md')).href]), /cannot read .*missing\.md: no such file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
