import test, { describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../server/src/analysis/analyzer';
import type { AnalysisResult } from '../server/src/analysis/api';
import { ModelView } from '../server/src/engine/context';
import { runCheck } from '../server/src/engine/checks';
import { monthlyBudget } from '../server/src/engine/checks/availability-budget';
import { defaultMaxConnections } from '../server/src/engine/checks/connection-pool-overflow';
import { figuresIn, labelledNumbers } from '../server/src/model/figures';
import type { Finding } from '../server/src/findings/types';

/**
 * Numeric checks (catalogue section 8): each fixture states numbers that disagree, or agree;
 * the finding must sit on the right words and carry the arithmetic.
 */

const analyzer = new Analyzer();

const CHECK_OF: Record<string, string> = {
  slo: 'availability-budget',
  'connection-pool': 'connection-pool-overflow',
  'rpo-backup-mismatch': 'rpo-backup-mismatch',
  'timeout-budget': 'timeout-budget',
  'replication-factor': 'replication-factor',
};

function doc(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

function lint(text: string): AnalysisResult {
  const r = analyzer.analyze(text, { force: true });
  assert.deepEqual(r.ruleErrors, []);
  return r;
}

/** The rule's findings from the numeric check (not from the rule's other triggers). */
function findings(r: AnalysisResult, rule: string): Finding[] {
  const prefix = rule === 'connection-pool' ? 'connection-pool-overflow:' : '';
  return r.findings.filter((f) => f.rule === rule && (f.subject?.id ?? '').startsWith(prefix));
}

/** line / character (0-based) of the n-th occurrence of `needle` */
function position(text: string, needle: string, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" is in the fixture`);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

/** `total` findings of the rule (one by default), one of them anchored on `anchor` with detail `detail`. */
function expectOne(text: string, rule: string, anchor: string, detail: string, tier?: string, total = 1): Finding {
  const r = lint(text);
  const fs = findings(r, rule);
  const anchors = fs.map((f) => text.slice(f.start, f.end));
  assert.equal(fs.length, total, `${total} ${rule} finding(s), got ${anchors.join(' | ') || 'none'}`);
  const f = fs.find((x) => text.slice(x.start, x.end) === anchor);
  assert.ok(f, `a ${rule} finding on "${anchor}", got ${anchors.join(' | ')}`);
  assert.deepEqual(f.range.start, position(text, anchor));
  if (tier) assert.equal(f.tier, tier);
  const subject = runCheck(CHECK_OF[rule]!, new ModelView(r.model)).find((s) => s.anchor.start === f.start);
  assert.ok(subject, 'the finding comes from the numeric check');
  assert.equal(subject.detail?.[r.language], detail);
  // the rule text is written separately; once its message uses {{detail}}, the arithmetic shows there
  const template = analyzer.rule(rule)!.message[r.language];
  if (template.includes('{{detail}}')) assert.ok(f.message.includes(detail), f.message);
  return f;
}

function expectNone(text: string, rule: string): void {
  const fs = findings(lint(text), rule);
  assert.equal(fs.length, 0, `no ${rule} finding, got ${fs.map((f) => text.slice(f.start, f.end)).join(' | ')}`);
}

// ── figures ────────────────────────────────────────────────────────────────────────────────

describe('figures', () => {
  const one = (s: string) => {
    const fs = figuresIn(s, 0);
    assert.equal(fs.length, 1, `${s}: ${JSON.stringify(fs)}`);
    return { ...fs[0]!, text: s.slice(fs[0]!.start, fs[0]!.end) };
  };

  test('Japanese durations and counts', () => {
    assert.deepEqual([one('タイムアウト5秒').normalized, one('30分ごと').normalized, one('24時間').normalized], [5, 1800, 86400]);
    const conn = one('最大100接続');
    assert.deepEqual([conn.kind, conn.value, conn.noun, conn.text], ['count', 100, '接続', '100接続']);
    assert.equal(one('最大20タスク').normalized, 20);
  });

  test('ranges count their upper end', () => {
    const r = one('3-10 tasks');
    assert.deepEqual([r.value, r.max, r.normalized], [3, 10, 10]);
    assert.equal(one('3〜10台').normalized, 10);
    assert.equal(one('３～１０タスク').normalized, 10);
  });

  test('thousands, full-width digits, hyphenated units, capitals', () => {
    assert.equal(one('1,000 connections').normalized, 1000);
    assert.equal(one('１００ミリ秒').normalized, 0.1);
    assert.equal(one('a 10-second timeout').normalized, 10);
    assert.equal(one('10 Tasks').normalized, 10);
    assert.equal(one('稼働率９９．９５％').value, 99.95);
  });

  test('no figure inside a word or a version', () => {
    assert.deepEqual(figuresIn('EC2 instances on db.t3.medium, S3 buckets', 0), []);
  });

  test('a platform word between a count and its noun', () => {
    assert.equal(one('the API on 3-10 ECS tasks').normalized, 10);
    assert.equal(one('5 EC2 instances').normalized, 5);
    assert.deepEqual(figuresIn('5 ECS ms', 0), []);
  });

  test('existing forms keep their meaning', () => {
    assert.equal(one('99.9%').kind, 'percent');
    assert.equal(one('50MB').normalized, 50e6);
    assert.equal(one('1000 requests/min').kind, 'rate');
    assert.equal(one('5 seconds').normalized, 5);
    assert.equal(one('200 ms').normalized, 0.2);
  });

  test('labelled bare numbers', () => {
    const n = labelledNumbers('RDS max_connections = 1,500 by default', 0, /\bmax_connections\b/g);
    assert.deepEqual(n.map((x) => x.value), [1500]);
    assert.deepEqual(labelledNumbers('pool size: 10-50', 0, /pool size/g).map((x) => [x.value, x.max]), [[10, 50]]);
    assert.deepEqual(labelledNumbers('timeout: 5 s', 0, /timeout/g), [], 'a number with a unit is a figure, not a bare number');
  });

  test('linear time on hostile input', () => {
    const hostile = ['1,'.repeat(50_000), '9'.repeat(100_000), '1 - '.repeat(30_000), '1.'.repeat(50_000)];
    const t0 = Date.now();
    for (const s of hostile) {
      figuresIn(s, 0);
      labelledNumbers(s, 0, /pool size|max_connections/g);
    }
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });
});

// ── slo: availability → monthly error budget ───────────────────────────────────────────────

describe('availability-budget (slo)', () => {
  test('budget arithmetic on a 30.44-day month', () => {
    assert.equal(monthlyBudget(99.5).en, '219 min');
    assert.equal(monthlyBudget(99.9).en, '43.8 min');
    assert.equal(monthlyBudget(99.95).ja, '21.9 分');
    assert.equal(monthlyBudget(99.999).en, '26 s');
  });

  test('English "Availability target: 99.5%"', () => {
    const text = doc('# Shop Design', '', '## Non-Functional Requirements', '', '- Availability target: 99.5% per month for the API.', '- p95 latency below 300 ms.');
    expectOne(text, 'slo', 'Availability target: 99.5%', '99.5% per month allows 219 min of downtime a month');
  });

  test('English "99.9% uptime"', () => {
    const text = doc('# Shop Design', '', '## Goals', '', 'The storefront must deliver 99.9% uptime during business hours.');
    expectOne(text, 'slo', '99.9% uptime', '99.9% per month allows 43.8 min of downtime a month');
  });

  test('Japanese 可用性 / 稼働率', () => {
    const text = doc('# 予約システム 設計書', '', '## 非機能要件', '', '- 可用性 99.9%（月間）を目標とする。', '- 管理画面の稼働率99.95%を維持する。');
    expectOne(text, 'slo', '可用性 99.9%', '99.9%（月間）で許容される停止時間は月 43.8 分', undefined, 2);
    expectOne(text, 'slo', '稼働率99.95%', '99.95%（月間）で許容される停止時間は月 21.9 分', undefined, 2);
  });

  test('a table with an availability column', () => {
    const text = doc('# Shop Design', '', '## Targets', '', '| Service | Availability | Latency |', '|---|---|---|', '| Checkout API | 99.95% | 300 ms |');
    expectOne(text, 'slo', '99.95%', '99.95% per month allows 21.9 min of downtime a month');
  });

  test('not a target: availability zones, other percentages, stated SLOs', () => {
    expectNone(doc('# Shop Design', '', '## Infrastructure', '', '- Tasks spread across 3 availability zones; CPU target 95%.'), 'slo');
    expectNone(doc('# Shop Design', '', '## Goals', '', '- 95% of requests complete within 300 ms.'), 'slo');
    expectNone(doc('# Shop Design', '', '## Background', '', 'If both services each had 99.9% availability, their total availability in sequence would be 99.8%.'), 'slo');
    expectNone(doc('# Shop Design', '', '## Goals', '', '- Availability target: 99.9%.', '- SLO: 99.9% of requests succeed; error budget burn-rate alerts page on-call.'), 'slo');
  });
});

// ── connection-pool: instances × pool > max_connections ────────────────────────────────────

describe('connection-pool-overflow', () => {
  test('default max_connections of instance classes', () => {
    assert.equal(defaultMaxConnections('db.t3.micro', 'postgresql'), 112);
    assert.equal(defaultMaxConnections('db.t3.small', 'postgresql'), 225);
    assert.equal(defaultMaxConnections('db.t3.medium', 'postgresql'), 450);
    assert.equal(defaultMaxConnections('db.m5.large', 'postgresql'), 901);
    assert.equal(defaultMaxConnections('db.r6g.large', 'postgresql'), 1802);
    assert.equal(defaultMaxConnections('db.r5.4xlarge', 'postgresql'), 5000);
    assert.equal(defaultMaxConnections('db.t3.medium', 'mysql'), 341);
    assert.equal(defaultMaxConnections('db.r6g.large', 'aurora-mysql'), 1000);
  });

  const autoscaled = (pool: string) =>
    doc(
      '# Order Platform Design',
      '',
      '## Architecture',
      '',
      'The Order Service runs on Amazon ECS Fargate behind an ALB and stores orders in PostgreSQL 15 (Amazon RDS, db.t3.medium).',
      '',
      '- ECS Auto Scaling: 3-10 tasks, target tracking on CPU.',
      `- Each task uses a HikariCP ${pool}.`,
    );

  test('autoscaling range × pool over the default of a stated class', () => {
    expectOne(autoscaled('connection pool size of 100'), 'connection-pool', 'connection pool size of 100', '10 tasks × pool 100 = 1,000 connections > max_connections ≈ 450 (default for db.t3.medium)', 'critical');
  });

  test('numbers that fit do not fire', () => {
    expectNone(autoscaled('connection pool size of 20'), 'connection-pool');
  });

  test('Japanese: 最大20タスク × コネクションプール（最大30接続） > max_connections 500', () => {
    const text = doc(
      '# 注文基盤 設計書',
      '',
      '## アーキテクチャ',
      '',
      '注文サービスは ECS Fargate 上で動作し、データは PostgreSQL（Amazon RDS）に保存する。',
      '',
      '- RDS の max_connections は 500 とする。',
      '- オートスケーリング：最小2タスク、最大20タスク。',
      '- 1タスクあたりコネクションプール（最大30接続）を持つ。',
    );
    expectOne(text, 'connection-pool', 'コネクションプール（最大30接続）', '20 タスク × プール 30 = 600 接続 > max_connections 500', 'critical');
  });

  const inventory = (limit: string) =>
    doc('# 在庫 設計書', '', '## 構成', '', `- 在庫サービスは EC2 インスタンス 5台で稼働し、PostgreSQL の max_connections は ${limit}。`, '- 各インスタンスのコネクションプール100。');

  test('Japanese: 5台 × コネクションプール100 over max_connections 400', () => {
    expectOne(inventory('400'), 'connection-pool', 'コネクションプール100', '5 台 × プール 100 = 500 接続 > max_connections 400', 'critical');
  });

  test('Japanese: the same pool fits max_connections 1,000', () => {
    expectNone(inventory('1,000'), 'connection-pool');
  });

  test('services sharing the database are summed', () => {
    const text = doc(
      '# Commerce Platform Design',
      '',
      '## Services',
      '',
      '### Order Service',
      '',
      '- Runs on ECS Fargate, 4-12 tasks with target tracking auto scaling.',
      '- Database access through a HikariCP pool of 20 connections per task.',
      '',
      '### Billing Service',
      '',
      '- Runs on ECS Fargate with 2-6 tasks.',
      '- Spring Boot with HikariCP (`maximumPoolSize: 50`).',
      '',
      '## Data',
      '',
      '- PostgreSQL 15 on Amazon RDS; max_connections = 500.',
    );
    expectOne(text, 'connection-pool', 'HikariCP pool of 20 connections', 'Order Service 12 tasks × pool 20 + Billing Service 6 tasks × pool 50 = 540 connections > max_connections 500', 'critical');
  });

  test('Kubernetes replicas × pool against a MySQL class', () => {
    const text = doc(
      '# Catalog Design',
      '',
      '## Deployment',
      '',
      '- The catalog API runs on EKS; the HorizontalPodAutoscaler scales it between 4 and 30 pods.',
      '- Pool size per pod: 15 connections.',
      '- MySQL 8.0 on Amazon RDS, db.t3.medium.',
    );
    expectOne(text, 'connection-pool', 'Pool size per pod: 15 connections', '30 pods × pool 15 = 450 connections > max_connections ≈ 341 (default for db.t3.medium)', 'critical');
  });

  test('a connection proxy in front of the database: no arithmetic on the app pools', () => {
    expectNone(autoscaled('connection pool size of 100; connections go through RDS Proxy'), 'connection-pool');
  });
});

// ── rpo-backup-mismatch ────────────────────────────────────────────────────────────────────

describe('rpo-backup-mismatch', () => {
  test('RPO 1 hour with daily backups', () => {
    const text = doc('# Billing Design', '', '## Backup and Recovery', '', '- PostgreSQL (Amazon RDS): automated daily backups, retained for 14 days.', '- Recovery targets: RPO 1 hour, RTO 4 hours.');
    expectOne(text, 'rpo-backup-mismatch', 'RPO 1 hour', 'RPO 1 h < backup interval 24 h', 'significant');
  });

  test('RPO 15 minutes with a snapshot every 6 hours', () => {
    const text = doc('# Ledger Design', '', '## Durability', '', 'MongoDB snapshots are taken every 6 hours and kept for a week. The RPO is 15 minutes.');
    expectOne(text, 'rpo-backup-mismatch', 'RPO is 15 minutes', 'RPO 15 min < backup interval 6 h');
  });

  test('Japanese: 毎日スナップショット、RPO 15分', () => {
    const text = doc('# 請求基盤 設計書', '', '## バックアップ', '', '- データベースは毎日スナップショットを取得し、30日間保持する。', '- 目標復旧時点（RPO）は15分、目標復旧時間（RTO）は2時間とする。');
    expectOne(text, 'rpo-backup-mismatch', '目標復旧時点（RPO）は15分', 'RPO 15 分 < バックアップ間隔 24 時間');
  });

  test('transaction logs retained (PITR): covered', () => {
    expectNone(doc('# Billing Design', '', '## Backup and Recovery', '', '- PostgreSQL: automated daily backups; transaction logs retained for 7 days.', '- Recovery targets: RPO 1 hour, RTO 4 hours.'), 'rpo-backup-mismatch');
    expectNone(doc('# 請求基盤 設計書', '', '## バックアップ', '', '- 日次バックアップに加え、WAL アーカイブを S3 に保存する。', '- RPO は 5分。'), 'rpo-backup-mismatch');
  });

  test('RPO equal to the backup interval: fits', () => {
    expectNone(doc('# Chat Design', '', '## Backup', '', '- Daily automated backups of RDS, retained for 30 days.', '- RPO 24 hours, RTO 12 hours.'), 'rpo-backup-mismatch');
  });
});

// ── timeout-budget ─────────────────────────────────────────────────────────────────────────

describe('timeout-budget', () => {
  const checkout = (gateway: string, call: string) => doc('# Checkout Design', '', '## Error Handling', '', `- API Gateway timeout: ${gateway}.`, `- The payment call to Stripe has a timeout of ${call}.`);

  test('retries inside a shorter gateway timeout', () => {
    expectOne(checkout('10 s', '5 s with 3 retries'), 'timeout-budget', 'API Gateway timeout: 10 s', 'Stripe 5 s × 4 attempts (1 + 3 retries) = 20 s > API Gateway timeout 10 s', 'significant');
  });

  test('attempts counted as stated', () => {
    expectOne(checkout('10 s', '5 s and at most 3 attempts'), 'timeout-budget', 'API Gateway timeout: 10 s', 'Stripe 5 s × 3 attempts = 15 s > API Gateway timeout 10 s');
  });

  test('numbers that fit do not fire', () => {
    expectNone(checkout('29 s', '5 s with 3 retries'), 'timeout-budget');
  });

  test('Japanese: ALB 60 秒 vs 20 秒 × 4 回 + 指数バックオフ', () => {
    const text = doc('# 決済 設計書', '', '## エラーハンドリング', '', '- ALB のアイドルタイムアウトは 60 秒。', '- Stripe の呼び出しはタイムアウト20秒、最大3回リトライ（指数バックオフ 1秒から）。');
    expectOne(text, 'timeout-budget', 'ALB のアイドルタイムアウトは 60 秒', 'Stripe 20 秒 × 4 回（初回 + リトライ 3 回） + バックオフ 1 秒 + 2 秒 + 4 秒 = 87 秒 > ALB のタイムアウト 60 秒');
  });

  test('a background worker is not inside the request', () => {
    const text = doc('# Checkout Design', '', '## Error Handling', '', '- API Gateway timeout: 30 s.', '', '## Workers', '', '- The NotificationWorker calls SendGrid with a 20 s timeout and 5 retries.');
    expectNone(text, 'timeout-budget');
  });

  test('one side only: nothing to compare', () => {
    expectNone(doc('# Checkout Design', '', '## Error Handling', '', '- The payment call to Stripe has a timeout of 5 s with 3 retries.'), 'timeout-budget');
  });
});

// ── replication-factor ─────────────────────────────────────────────────────────────────────

describe('replication-factor', () => {
  test('Kafka topic with replication factor 2', () => {
    const text = doc('# Events Design', '', '## Streaming', '', '- Order events are published to Amazon MSK (Kafka) topic `orders` with 12 partitions.', '- Topic configuration: replication factor 2, acks=all.');
    expectOne(text, 'replication-factor', 'replication factor 2', 'replication factor 2 < 3', 'moderate');
  });

  test('Japanese: レプリケーションファクター 3 without min.insync.replicas', () => {
    const text = doc('# イベント基盤 設計書', '', '## ストリーミング', '', '- 注文イベントは Kafka のトピック `orders` に送信する。', '- レプリケーションファクターは3とする。');
    expectOne(text, 'replication-factor', 'レプリケーションファクターは3', 'レプリケーションファクター 3 に min.insync.replicas（2 以上）の指定なし');
  });

  test('factor 3 with min.insync.replicas 2: fits', () => {
    expectNone(doc('# Events Design', '', '## Streaming', '', '- Order events go to Kafka topic `orders`: replication factor 3, min.insync.replicas 2, acks=all.'), 'replication-factor');
  });

  test('not a log: a database replication factor', () => {
    expectNone(doc('# Profile Design', '', '## Data', '', '- Profiles are stored in Cassandra with replication factor 2.'), 'replication-factor');
  });

  test('loss accepted: best-effort telemetry', () => {
    expectNone(doc('# Metrics Design', '', '## Streaming', '', '- Click events go to Kafka topic `clicks`, replication factor 1; losing some is acceptable (best-effort analytics).'), 'replication-factor');
  });
});

// ── tables ─────────────────────────────────────────────────────────────────────────────────

describe('tables (Japanese)', () => {
  const text = doc(
    '# 予約システム 設計書',
    '',
    '## 非機能要件',
    '',
    '| 項目 | 目標 |',
    '|---|---|',
    '| 可用性 | 99.9% |',
    '| RPO | 1時間 |',
    '| RTO | 4時間 |',
    '',
    '## タイムアウトとリトライ',
    '',
    '| 呼び出し先 | タイムアウト | リトライ回数 |',
    '|---|---|---|',
    '| Stripe | 5秒 | 3 |',
    '| APIゲートウェイ | 10秒 | 0 |',
    '',
    '## バックアップ',
    '',
    '- データベースは日次でバックアップを取得する。',
  );

  test('availability row', () => {
    expectOne(text, 'slo', '99.9%', '99.9%（月間）で許容される停止時間は月 43.8 分');
  });
  test('RPO row against 日次 backups', () => {
    expectOne(text, 'rpo-backup-mismatch', '1時間', 'RPO 1 時間 < バックアップ間隔 24 時間');
  });
  test('timeout and retry columns', () => {
    expectOne(text, 'timeout-budget', '10秒', 'Stripe 5 秒 × 4 回（初回 + リトライ 3 回） = 20 秒 > APIゲートウェイ のタイムアウト 10 秒');
  });
});

// ── the corpus docs must not be flagged ────────────────────────────────────────────────────

describe('corpus', () => {
  test('taskflow and realtimechat: no rpo-backup-mismatch', () => {
    for (const name of ['taskflow', 'realtimechat']) {
      const file = path.resolve(process.cwd(), `../shared/corpus/${name}/design.md`);
      if (!fs.existsSync(file)) continue;
      expectNone(fs.readFileSync(file, 'utf8'), 'rpo-backup-mismatch');
    }
  });
});
