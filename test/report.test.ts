import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzer } from './helpers';
import { buildReport } from '../server/src/report/reviewReport';

const doc = fs.readFileSync(path.join(__dirname, 'fixtures/engine/fleet-telemetry.md'), 'utf8');

function headings(md: string): string[] {
  return md.split('\n').filter((l) => /^#{1,4} /.test(l));
}

test('the report follows the review structure, with the doc names and line links', () => {
  const result = analyzer.analyze(doc, { force: true });
  const report = buildReport(result, analyzer, { fileName: 'fleet-telemetry.md' });
  const h = headings(report);
  assert.equal(h[0], '# Reliability Design Review: Fleet Telemetry Platform — Design');
  const order = ['## Phase 1: Structural Analysis', '### Components', '### Datastores and messaging', '### Data flow paths', '### External dependencies by criticality', '### Recognised reliability mechanisms', '## Phase 2: Findings', '### Critical Issues', '## Positive Aspects', '## Summary', '### Prioritised recommendations'];
  let last = -1;
  for (const o of order) {
    const i = h.indexOf(o);
    assert.ok(i > last, `${o} present and in order`);
    last = i;
  }
  // components and the named stream come from the doc
  assert.match(report, /- TripProcessor \(\[line \d+\]\(fleet-telemetry\.md#L\d+\)\)/);
  assert.match(report, /`telemetry-raw` — stream/);
  assert.match(report, /Ingest API → PostgreSQL → Kafka → TripProcessor/);
  // every finding is numbered under its tier with the rule id and a line link
  const critical = result.findings.filter((f) => f.tier === 'critical');
  assert.ok(critical.length > 0);
  assert.equal(h.filter((x) => /^#### C-\d+: /.test(x)).length, critical.length);
  const dual = critical.find((f) => f.rule === 'dual-write')!;
  const line = result.model.lines.positionAt(dual.start).line + 1;
  assert.ok(report.includes(`[line ${line}](fleet-telemetry.md#L${line}), \`dual-write\``));
  assert.match(report, /\*\*Failure scenario:\*\* /);
  assert.match(report, /critical, \d+ significant, \d+ moderate and \d+ minor findings\./);
});

test('the report is written in the language of a Japanese doc', () => {
  const ja = `# 配送管理システム 設計書\n\n## アーキテクチャ\n\n- 注文サービスは PostgreSQL に注文を保存し、Amazon SQS キュー \`order-events\` に送信する。\n- 配送ワーカーは SQS からメッセージを受信する。\n- 外部API: Stripe（決済）\n\n## デプロイメント方針\n\n- ECS のローリングアップデート。\n`;
  const result = analyzer.analyze(ja, { force: true });
  assert.equal(result.language, 'ja');
  const report = buildReport(result, analyzer, { fileName: 'order.md' });
  assert.ok(report.startsWith('# 信頼性設計レビュー: 配送管理システム 設計書'));
  for (const h of ['## フェーズ1: 構造分析', '## フェーズ2: 指摘事項', '### 重大な問題', '## 良い点', '## まとめ']) assert.ok(report.includes(`\n${h}\n`), h);
  assert.match(report, /Stripe — 高/);
});
