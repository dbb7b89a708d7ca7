/**
 * "Insert all missing countermeasure sections" as a property over every design doc of the shared
 * corpus and the bundled examples: after every section is inserted at once, no finding that had a
 * fix is left, and the inserted sections raise no new finding of their own — a countermeasure
 * template that reads as a new gap ("p99 response time above 2 s" taken for a latency target)
 * would leave the user with squiggles on text Faultline wrote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../server/src/analysis/analyzer';
import { allInsertions } from '../server/src/adapters/lsp/codeActions';
import type { Finding } from '../server/src/findings/types';
import { corpusDesignDocs, SHARED_CORPUS } from '../scripts/bench/fuzzCases';

const analyzer = new Analyzer();
const examples = ['examples/checkout-service.md', 'examples/ja/order-service.md', 'test/e2e/fixtures/order-service.md'].map((f) => path.join(__dirname, '..', f));
const docs = [...corpusDesignDocs().map((file) => ({ name: path.relative(SHARED_CORPUS, file), file })), ...examples.map((file) => ({ name: path.relative(path.join(__dirname, '..'), file), file }))];

/** A finding across insertions elsewhere: its rule and subject; a statement subject by its name and anchor text (indexes shift). */
const identity = (f: Finding, text: string) => `${f.rule}:${f.subject?.kind === 'statement' ? `${f.subject.name}@${text.slice(f.start, f.end)}` : (f.subject?.id ?? '(document)')}`;

/** Inserts applied back to front, so earlier offsets stay valid; same-offset inserts keep their order. */
function applyAll(text: string, findings: Finding[]): string {
  const inserts = allInsertions(findings);
  let out = text;
  for (let i = inserts.length - 1; i >= 0; i--) out = out.slice(0, inserts[i]!.offset) + inserts[i]!.text + out.slice(inserts[i]!.offset);
  return out;
}

test('fix-all leaves no fixable finding and raises none of its own, on every corpus doc and example', () => {
  assert.ok(docs.length >= 10, `${docs.length} docs`);
  const problems: string[] = [];
  let inserted = 0;
  for (const doc of docs) {
    const text = fs.readFileSync(doc.file, 'utf8');
    const before = analyzer.analyze(text, { force: true }).findings;
    const fixed = before.filter((f) => f.fix && !f.accepted);
    if (fixed.length === 0) continue;
    inserted += fixed.length;
    const fixedText = applyAll(text, before);
    const after = analyzer.analyze(fixedText, { force: true }).findings;
    const was = new Set(before.map((f) => identity(f, text)));
    const fixedIds = new Set(fixed.map((f) => identity(f, text)));
    for (const f of after) {
      const id = identity(f, fixedText);
      if (!was.has(id)) problems.push(`${doc.name}: new ${f.rule} (${f.subject?.name ?? 'document'}) after fix-all: ${f.message.slice(0, 100)}`);
      else if (f.fix && fixedIds.has(id)) problems.push(`${doc.name}: ${f.rule} (${f.subject?.name ?? 'document'}) still offers its fix after fix-all`);
    }
  }
  assert.ok(inserted > 100, `${inserted} sections inserted`);
  assert.deepEqual(problems, []);
});
