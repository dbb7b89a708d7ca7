import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { analyzer } from './helpers';

// The shared evaluation corpus lives beside the checkout (../shared), in CI too.
const shared = path.resolve(__dirname, '../../shared');
const corpus = ['taskflow', 'realtimechat'].map((d) => path.join(shared, 'corpus', d));
const cli = `node ${JSON.stringify(path.resolve(__dirname, '../dist/cli.js'))}`;
const FOUNDATION = ['dual-write', 'dead-letter-queue', 'idempotency-key', 'idempotent-consumer', 'circuit-breaker', 'timeout', 'retry-policy', 'schema-compatibility', 'backup-restore', 'rpo-rto', 'realtime-reconnect', 'health-checks'];

interface ScoreRow { expected: number; found: number; anchored: number; fp: number; missed: string[]; misplaced: string[]; fps: string[] }
function score(dirs: string[]): { rows: ScoreRow[]; total: { expected: number; found: number; anchored: number; fp: number; recall: number; anchored_rate?: number } & Record<string, number> } {
  const out = execFileSync('node', [path.join(shared, 'tools/score.mjs'), '--cli', cli, '--json', ...dirs], { encoding: 'utf8' });
  return JSON.parse(out);
}

test('shared corpus: recall ≥ 0.90, anchored ≥ 0.80, no false positives (score.mjs on the CLI)', { skip: !fs.existsSync(shared) && 'no ../shared' }, () => {
  const { total, rows } = score(corpus);
  const detail = JSON.stringify(rows.map((r) => ({ missed: r.missed, misplaced: r.misplaced, fps: r.fps })));
  assert.equal(total.fp, 0, detail);
  // score.mjs reports recall and anchored as rates over the expected entries.
  assert.ok(total.recall >= 0.9, `recall ${total.recall} of ${total.expected} ${detail}`);
  assert.ok(total.anchored >= 0.8, `anchored ${total.anchored} of ${total.expected} ${detail}`);
});

test('shared corpus, the twelve foundation rules: ≥ 22 of 24 found, ≥ 18 anchored', { skip: !fs.existsSync(shared) && 'no ../shared' }, () => {
  let expected = 0;
  let found = 0;
  let anchoredCount = 0;
  for (const dir of corpus) {
    const key = JSON.parse(fs.readFileSync(path.join(dir, 'answers.json'), 'utf8'));
    const text = fs.readFileSync(path.join(dir, 'design.md'), 'utf8');
    const lines = text.split(/\r?\n/);
    const findings = analyzer.analyze(text).findings;
    for (const e of key.expected.filter((x: { rule: string }) => FOUNDATION.includes(x.rule))) {
      expected++;
      const mine = findings.filter((f) => f.rule === e.rule);
      if (mine.length) found++;
      if (mine.some((f) => lines[f.range.start.line]!.includes(e.anchor))) anchoredCount++;
    }
  }
  assert.equal(expected, 24);
  assert.ok(found >= 22, `found ${found}`);
  assert.ok(anchoredCount >= 18, `anchored ${anchoredCount}`);
});

test('ordinary public Markdown gets no diagnostics at all', { skip: !fs.existsSync(shared) && 'no ../shared' }, () => {
  const dir = path.join(shared, 'corpus/public/other');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f));
  assert.ok(files.length >= 10);
  const out = execFileSync('node', [path.resolve(__dirname, '../dist/cli.js'), '--format', 'json', ...files], { encoding: 'utf8' });
  const report = JSON.parse(out) as { file: string; diagnostics: unknown[] }[];
  assert.equal(report.length, files.length);
  for (const f of report) assert.equal(f.diagnostics.length, 0, f.file);
});

test('every public design doc is analysed without a rule error', { skip: !fs.existsSync(shared) && 'no ../shared' }, () => {
  const dir = path.join(shared, 'corpus/public/design');
  let reviewed = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.md'))) {
    const r = analyzer.analyze(fs.readFileSync(path.join(dir, f), 'utf8'), { fileName: f });
    assert.deepEqual(r.ruleErrors, [], f);
    for (const d of r.findings) assert.ok(d.end <= r.model.text.length && d.start >= 0 && d.start <= d.end, `${f}: range inside the document`);
    if (!r.skipped) reviewed++;
  }
  assert.ok(reviewed >= 30, `most public design docs are recognised as design docs (${reviewed})`);
});
