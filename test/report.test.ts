/**
 * The review report (buildReport) and the explanation every finding carries. Expected lines
 * and names are computed from the fixture text, so the tests hold whatever else the rules learn.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzer } from './helpers';
import { buildReport } from '../server/src/report/reviewReport';
import type { AnalysisResult } from '../server/src/analysis/api';

const EN = fs.readFileSync(path.join(__dirname, 'fixtures/report/payments.md'), 'utf8');
const JA = fs.readFileSync(path.join(__dirname, 'fixtures/report/payments.ja.md'), 'utf8');

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`fixture has no line with ${JSON.stringify(needle)}`);
  return i + 1;
}

function headings(md: string): string[] {
  return md.split('\n').filter((l) => /^#{1,4} /.test(l));
}

/** The lines of the report between a heading and the next heading of the same or a higher level. */
function sectionOf(md: string, heading: string): string {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `report has the heading ${heading}`);
  const level = heading.match(/^#+/)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.match(/^#+/)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function assertInOrder(h: string[], expected: string[]): void {
  let last = -1;
  for (const e of expected) {
    const i = h.indexOf(e);
    assert.ok(i > last, `${e} present and in order (headings: ${h.join(' | ')})`);
    last = i;
  }
}

const en = analyzer.analyze(EN, { fileName: 'payments.md' });
const enReport = buildReport(en, analyzer, { fileName: 'payments.md' });
const ja = analyzer.analyze(JA, { fileName: 'payments.ja.md' });
const jaReport = buildReport(ja, analyzer, { fileName: 'payments.ja.md' });

describe('review report', () => {
  test('the fixtures are reviewed as design docs, in their languages', () => {
    assert.equal(en.skipped, undefined);
    assert.equal(en.language, 'en');
    assert.equal(ja.skipped, undefined);
    assert.equal(ja.language, 'ja');
  });

  test('the structure of an expert review, in order', () => {
    const h = headings(enReport);
    assert.equal(h[0], '# Reliability Design Review: Ticket Shop — Design Document');
    assertInOrder(h, [
      '## Phase 1: Structural Analysis', '### Components', '### Data flow paths', '### Dependencies by criticality', '### Recognised reliability mechanisms',
      '## Phase 2: Findings by tier', '### Critical Issues', '## Positive Aspects', '## Summary', '### Prioritised recommendations', '#### Before release (Critical)',
    ]);
  });

  test('Phase 1: components with what they use, the flow as the doc draws it, dependencies with criticality and why', () => {
    const components = sectionOf(enReport, '### Components');
    assert.ok(components.includes(`- **Mail Worker** ([line ${lineOf(EN, '| Mail Worker |')}](payments.md#L${lineOf(EN, '| Mail Worker |')}))`), components);
    assert.match(components, /Consumes order events and sends the tickets by e-mail; uses [^\n]*`ticket-orders`[^\n]*SendGrid/);
    const flows = sectionOf(enReport, '### Data flow paths');
    assert.ok(flows.includes(`1. **Buying a ticket** ([line ${lineOf(EN, '### Buying a ticket')}](payments.md#L${lineOf(EN, '### Buying a ticket')}), 5 steps): Browser → Order API → PostgreSQL → SQS → Mail Worker → SendGrid`), flows);
    const deps = sectionOf(enReport, '### Dependencies by criticality');
    const critical = deps.slice(deps.indexOf('- **Critical**'), deps.indexOf('- **High**'));
    assert.ok(critical.includes(`  - Stripe ([line ${lineOf(EN, 'Stripe API: card payments')}](payments.md#L${lineOf(EN, 'Stripe API: card payments')})): payments depend on it; “Stripe API: card payments”`), critical);
    assert.match(critical, /- PostgreSQL \(\[line \d+\]\(payments\.md#L\d+\)\): system of record/);
    const high = deps.slice(deps.indexOf('- **High**'), deps.indexOf('- **Medium**'));
    assert.match(high, /`ticket-orders`[^\n]*carries work between components[^\n]*used by Mail Worker/);
  });

  test('Phase 1: every mechanism the doc states, with its section and line', () => {
    const mechanisms = sectionOf(enReport, '### Recognised reliability mechanisms');
    const timeoutLine = lineOf(EN, 'calls Stripe with a timeout of 5 seconds');
    assert.ok(mechanisms.includes(`- Timeouts — Payment provider ([line ${timeoutLine}](payments.md#L${timeoutLine}))`), mechanisms);
    assert.match(mechanisms, /- Backups — 5\. Backups \(\[line \d+\]\(payments\.md#L\d+\)\)/);
  });

  test('Phase 2: one issue per rule and tier, under its tier, naming every place with a line link', () => {
    const timeouts = en.findings.filter((f) => f.rule === 'timeout');
    assert.ok(timeouts.length >= 2, 'PostgreSQL and SendGrid have no timeout in the fixture');
    const critical = sectionOf(enReport, '### Critical Issues');
    const heading = headings(critical).find((x) => /^#### C-\d+: Timeouts — /.test(x));
    assert.ok(heading, `a Critical issue for the timeouts: ${headings(critical).join(' | ')}`);
    const issue = sectionOf(enReport, heading!);
    for (const f of timeouts) {
      const line = f.range.start.line + 1;
      assert.ok(issue.includes(`- **${f.subject!.name}** — [line ${line}](payments.md#L${line})`), `${f.subject!.name} listed with its line`);
    }
    for (const label of ['**Issue:**', '**Where:**', '**Failure scenario:**', '**Operational impact:**', '**Countermeasures:**', '**Why this was reported:**']) assert.ok(issue.includes(label), label);
    // the scenario is stated once per issue, not once per place
    assert.equal(issue.split('**Failure scenario:**').length, 2);
    // the timeout stated for Stripe is shown as seen, but not counted for the others
    const stripe = lineOf(EN, 'calls Stripe with a timeout of 5 seconds');
    assert.ok(issue.includes(`Seen nearby, but not counted: Timeouts — [line ${stripe}](payments.md#L${stripe}) “The Order API calls Stripe with a timeout of 5 seconds.” (outside the scope above)`), issue);
    // no finding for Stripe's timeout: the doc states one
    assert.ok(!timeouts.some((f) => f.subject!.name.startsWith('Stripe')));
  });

  test('every active finding is in exactly one issue, numbered within its tier', () => {
    const ids = headings(enReport).filter((x) => /^#### [CSMm]-\d+: /.test(x));
    const rulesAndTiers = new Set(en.findings.filter((f) => !f.accepted).map((f) => `${f.tier}:${f.rule}`));
    assert.equal(ids.length, rulesAndTiers.size);
    for (const f of en.findings) {
      const line = f.range.start.line + 1;
      assert.ok(enReport.includes(`[line ${line}](payments.md#L${line})`), `${f.rule} at line ${line} linked`);
    }
  });

  test('positive aspects come from stated mechanisms only, quoting the doc', () => {
    const positive = sectionOf(enReport, '## Positive Aspects');
    const bullets = positive.split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(bullets.map((b) => b.match(/^- \*\*(.+?)\*\*/)?.[1]), ['Timeouts', 'Backups']);
    assert.ok(bullets[0]!.includes('for Stripe: “The Order API calls Stripe with a timeout of 5 seconds.”'), bullets[0]);
  });

  test('the summary counts the issues and puts Critical recommendations first, by theme, naming subjects', () => {
    const summary = sectionOf(enReport, '## Summary');
    const active = en.findings.filter((f) => !f.accepted);
    const issues = headings(enReport).filter((x) => /^#### [CSMm]-\d+: /.test(x)).length;
    assert.ok(summary.startsWith(`\n${issues} issues (${active.length} findings): `), summary.slice(0, 80));
    const first = sectionOf(enReport, '#### Before release (Critical)');
    assert.match(first, /^\n1\. \*\*[A-Z][^*]+\*\* — /);
    assert.match(first, /Timeouts for [^;]*SendGrid[^;]* \(C-\d+\)/);
    assert.ok(!/\(S-\d+\)|\(M-\d+\)/.test(first), 'only Critical issues before release');
  });

  test('no placeholder, undefined or empty reference is left', () => {
    for (const md of [enReport, jaReport]) {
      assert.ok(!md.includes('{{'), 'no {{placeholder}}');
      assert.ok(!/\bundefined\b|\bNaN\b|\[object Object\]/.test(md));
      assert.ok(!/\(\)|（）/.test(md), 'no empty parentheses');
    }
  });

  test('a Japanese doc gets a Japanese report', () => {
    const h = headings(jaReport);
    assert.equal(h[0], '# 信頼性設計レビュー: チケット販売システム 設計書');
    assertInOrder(h, ['## フェーズ1: 構造分析', '### コンポーネント', '### データフロー', '### 依存先と重要度', '### 確認できた信頼性メカニズム', '## フェーズ2: 重要度別の指摘事項', '### 重大な問題', '## 良い点', '## まとめ', '### 優先度順の推奨事項']);
    for (const x of h) assert.ok(!/Phase|Issues|Summary|Positive|Components/.test(x), `no English heading: ${x}`);
    const line = lineOf(JA, 'Stripe API: カード決済');
    assert.ok(jaReport.includes(`  - Stripe（[${line}行目](payments.ja.md#L${line})）: 決済がこれに依存する。「Stripe API: カード決済」。`), sectionOf(jaReport, '### 依存先と重要度'));
    const timeouts = ja.findings.filter((f) => f.rule === 'timeout');
    const heading = headings(jaReport).find((x) => /^#### C-\d+: タイムアウト — /.test(x));
    assert.ok(heading && timeouts.length > 0);
    const issue = sectionOf(jaReport, heading!);
    for (const label of ['**問題:**', '**該当箇所:**', '**障害シナリオ:**', '**運用への影響:**', '**対策:**', '**この指摘の根拠:**', '- 見つかった根拠: なし']) assert.ok(issue.includes(label), label);
    assert.match(sectionOf(jaReport, '## まとめ'), /^\n問題 \d+ 件（指摘 \d+ 件）: 重大 \d+ 件/);
  });

  test('a document that is not reviewed gets the reason and nothing else', () => {
    const readme = '# Faultline\n\nA linter.\n\n## Install\n\n```sh\nnpm install\n```\n';
    const r: AnalysisResult = analyzer.analyze(readme, { fileName: 'README.md' });
    assert.ok(r.skipped);
    assert.equal(buildReport(r, analyzer, { fileName: 'README.md' }), `# Reliability Design Review: Faultline\n\n> This document was not reviewed: ${r.skipped}\n`);
  });
});

describe('finding explanations', () => {
  test('JSON shape: trigger with its range, evidence sought with examples, scope, found, near misses', () => {
    const f = en.findings.find((x) => x.rule === 'timeout' && x.subject!.name === 'SendGrid')!;
    assert.ok(f, 'SendGrid has no timeout in the fixture');
    const e = JSON.parse(JSON.stringify(f.explanation));
    assert.deepEqual(Object.keys(e).sort(), ['evidence', 'evidenceSought', 'found', 'nearMisses', 'scope', 'trigger']);
    assert.deepEqual(e.trigger, { text: 'external dependency SendGrid', range: f.range });
    assert.equal(e.evidenceSought.length, 1);
    assert.deepEqual({ ...e.evidenceSought[0], examples: undefined }, { concept: 'timeout', label: 'Timeouts', withFigure: 'duration', need: 'any', examples: undefined });
    assert.ok(e.evidenceSought[0].examples.includes('timeout'));
    assert.equal(e.scope, 'statements naming SendGrid, sections titled with it and doc-wide policies that name no specific external dependency');
    assert.deepEqual(e.found, []);
    const stripe = lineOf(EN, 'calls Stripe with a timeout of 5 seconds') - 1;
    assert.equal(e.nearMisses.length, 1);
    assert.equal(e.nearMisses[0].where, 'out-of-scope');
    assert.equal(e.nearMisses[0].concept, 'timeout');
    assert.equal(e.nearMisses[0].range.start.line, stripe);
    assert.deepEqual(e.evidence, ['Timeouts']);
  });

  test('an "all of" rule lists the part that is there', () => {
    const doc = EN.replace('with a timeout of 5 seconds.', 'with a timeout of 5 seconds. Failed calls to Stripe are retried with exponential backoff.');
    const r = analyzer.analyze(doc, { fileName: 'payments.md' });
    const f = r.findings.find((x) => x.rule === 'retry-policy' && x.subject!.name.startsWith('Stripe'));
    assert.ok(f, 'backoff alone does not bound the retries');
    assert.deepEqual(f!.explanation.found.map((x) => [x.concept, x.where, x.range.start.line + 1]), [['backoff', 'in-scope', lineOf(doc, 'exponential backoff')]]);
    assert.deepEqual(f!.explanation.evidenceSought.map((s) => s.need), f!.explanation.evidenceSought.map(() => 'all'));
  });

  test('the hover explains the finding in the doc\'s language', () => {
    const f = en.findings.find((x) => x.rule === 'timeout' && x.subject!.name === 'SendGrid')!;
    const hover = analyzer.explain(f, 'en');
    const line = f.range.start.line + 1;
    assert.ok(hover.includes(`**Why this was reported**\n\n- Triggered by: external dependency SendGrid (line ${line})\n- Evidence looked for: Timeouts (with a duration; e.g. `), hover);
    assert.ok(hover.includes('\n- Found: none\n- Seen nearby, but not counted: Timeouts — line '));
    const j = ja.findings.find((x) => x.rule === 'timeout')!;
    const jaHover = analyzer.explain(j, 'ja');
    assert.ok(jaHover.includes('**この指摘の根拠**'));
    assert.ok(jaHover.includes(`- きっかけ: ${j.explanation.trigger.text}（${j.range.start.line + 1}行目）`), jaHover);
    assert.ok(jaHover.includes('- 見つかった根拠: なし'));
  });

  test('a document-wide rule says which names made it apply', () => {
    const f = en.findings.find((x) => x.subject?.kind === 'document' && x.explanation.trigger.text.startsWith('the document names'));
    assert.ok(f, `a document-wide finding: ${en.findings.map((x) => `${x.rule}:${x.subject?.kind}`).join(' ')}`);
    assert.match(f!.explanation.trigger.text, /^the document names \d+ [a-z/ -]+: [^,]+(, [^,]+)*$/);
  });
});
