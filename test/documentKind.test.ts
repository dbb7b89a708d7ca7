import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzer } from './helpers';

const design = fs.readFileSync(path.join(__dirname, 'fixtures/engine/fleet-telemetry.md'), 'utf8');

test('a design doc is reviewed', () => {
  const r = analyzer.analyze(design);
  assert.equal(r.skipped, undefined);
  assert.ok(r.findings.length > 0);
});

test('ordinary Markdown is skipped with a reason', () => {
  const readme = `# acme-client\n\nA tiny HTTP client.\n\n## Installation\n\n\`npm install acme-client\`\n\n## Usage\n\nCall \`get()\`. It retries on failure and caches responses in Redis if configured.\n\n## License\n\nMIT\n`;
  const r = analyzer.analyze(readme, { fileName: 'README.md' });
  assert.equal(r.findings.length, 0);
  assert.match(r.skipped ?? '', /^not a design document/);
  const changelog = `# Changelog\n\n## 2.1.0\n\n- Added Kafka and PostgreSQL support.\n\n## 2.0.1\n\n- Fixed SQS retries.\n\n## 2.0.0\n\n- Redis cache.\n`;
  assert.equal(analyzer.analyze(changelog).findings.length, 0);
  const tutorial = `# Getting started\n\nThis guide will walk you through running the stack with Docker Compose.\n\n## Prerequisites\n\nDocker.\n\n## Architecture\n\nPostgreSQL, Kafka and Redis run in containers.\n\n## Next steps\n\nRead the docs.\n`;
  assert.equal(analyzer.analyze(tutorial).findings.length, 0);
});

test('front matter opts in and out', () => {
  const optOut = `---\nfaultline: false\n---\n${design}`;
  const r = analyzer.analyze(optOut);
  assert.equal(r.findings.length, 0);
  assert.match(r.skipped ?? '', /faultline: false/);
  const note = `---\nfaultline: true\n---\n# Notes\n\nWe call the Stripe API from the checkout worker.\n`;
  assert.ok(analyzer.analyze(note).findings.some((f) => f.rule === 'circuit-breaker'));
});

test('a Japanese design doc is recognised', () => {
  const ja = `# 注文管理システム 設計書\n\n## 1. 概要\n\n注文を受け付ける。\n\n## 2. アーキテクチャ\n\n- API サーバー（ECS Fargate）\n- PostgreSQL（Amazon RDS）\n- Amazon SQS\n- 外部API: Stripe\n\n## 3. データフロー\n\n注文サービス → PostgreSQL → SQS → 配送ワーカー\n\n## 4. デプロイメント方針\n\nブルーグリーンデプロイ。\n`;
  const r = analyzer.analyze(ja);
  assert.equal(r.skipped, undefined, r.skipped);
  assert.equal(r.language, 'ja');
  assert.ok(r.findings.some((f) => f.rule === 'dual-write'));
});
