import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, headingRange, lint, md, rangeOf } from './helpers';

const RULE = 'health-checks';

// loyalty programme: ECS behind an ALB, a shallow health check
const loyalty = md`
  # Loyalty Points Design

  ## Architecture

  The Points Service runs as 3 tasks on Amazon ECS behind an Application Load Balancer and stores balances in PostgreSQL.

  ## Deployment

  Rolling deployment via AWS CodeDeploy. The ALB health check calls \`GET /health\`, which returns 200 when the process is up.
`;

// ticketing: Kubernetes probing a path, another wording
const tickets = md`
  # Event Ticketing Design

  ## Architecture

  The Ticket Service runs on Kubernetes with 4 replicas and keeps orders in MySQL.

  ## Deployment

  Kubernetes probes \`/healthz\` every 10 seconds and restarts a pod after three failures.
`;

// attendance: Japanese
const attendance = md`
  # 勤怠打刻 設計書

  ## 概要

  従業員の出退勤を打刻する。

  ## アーキテクチャ

  打刻サービスは Kubernetes 上で3レプリカ稼働し、MySQL に打刻を保存する。

  ## デプロイメント方針

  ローリングアップデートで展開する。ヘルスチェックは \`/healthz\` でプロセスの生存のみを確認する。
`;

describe(RULE, () => {
  describe('fires on missing or shallow health checks', () => {
    it('a process-only health check behind an ALB: anchored on the health-check mention (EN)', () => {
      const f = findingAt(loyalty, RULE, rangeOf(loyalty, 'health check'));
      assert.deepEqual(f.range, rangeOf(loyalty, 'health check'));
      assert.equal(findingsOf(loyalty, RULE).length, 1, 'one finding per document');
    });

    it('a Kubernetes probe of /healthz (EN, second wording)', () => {
      const f = findingAt(tickets, RULE, rangeOf(tickets, '/healthz'));
      assert.deepEqual(f.range, rangeOf(tickets, '/healthz'));
    });

    it('ヘルスチェック in a Japanese デプロイメント方針 section', () => {
      const f = findingAt(attendance, RULE, rangeOf(attendance, 'ヘルスチェック'));
      assert.deepEqual(f.range, rangeOf(attendance, 'ヘルスチェック'));
      assert.equal(lint(attendance).language, 'ja');
    });

    it('no health check at all: on the deployment heading (EN)', () => {
      const doc = loyalty.replace(' The ALB health check calls `GET /health`, which returns 200 when the process is up.', '');
      assert.notEqual(doc, loyalty);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [headingRange(doc, '## Deployment')]);
    });

    it('is Significant (warning)', () => {
      assertTier(findingsOf(loyalty, RULE)[0]!, 'significant');
      assertTier(findingsOf(attendance, RULE)[0]!, 'significant');
    });

    it('the message names the subject, in the doc language', () => {
      assertMessage(findingsOf(loyalty, RULE)[0]!, 'en');
      assertMessage(findingsOf(tickets, RULE)[0]!, 'en');
      assertMessage(findingsOf(attendance, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent with liveness and readiness checks', () => {
    it('a liveness check plus a readiness probe that checks the database (EN)', () => {
      const doc = loyalty.replace(
        'which returns 200 when the process is up.',
        'a liveness check that returns 200 when the process is up. A separate readiness probe `/ready` checks the database connection before a task receives traffic.',
      );
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('livenessProbe / readinessProbe in a manifest snippet (EN, second wording)', () => {
      const doc = tickets + md`

        The pod spec sets a livenessProbe on \`/livez\` and a readinessProbe on \`/readyz\`, which also pings MySQL.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('生存確認 + 依存先チェック (JA)', () => {
      const doc = attendance.replace('ヘルスチェックは `/healthz` でプロセスの生存のみを確認する。', 'ヘルスチェックは、プロセスの生存確認と、MySQL への接続を含む依存先チェックの2種類を設ける。');
      assert.notEqual(doc, attendance);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('Liveness Probe / Readiness Probe written in Latin letters (JA)', () => {
      const doc = attendance.replace('ヘルスチェックは `/healthz` でプロセスの生存のみを確認する。', 'ヘルスチェックは Liveness Probe と、MySQL への疎通を確認する Readiness Probe を設定する。');
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no readiness probe yet")', () => {
      const doc = tickets.replace('after three failures.', 'after three failures; it is a liveness probe, and there is no readiness probe yet.');
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「Readiness Probe は未実装」)', () => {
      const doc = attendance + md`

        Liveness Probe は設定済み、Readiness Probe は未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a health-checks section naming the dependency to check (EN)', () => {
      assertFixResolves(loyalty, findingsOf(loyalty, RULE)[0]!, { names: ['PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese health-checks section (JA)', () => {
      assertFixResolves(attendance, findingsOf(attendance, RULE)[0]!, { names: ['MySQL'], lang: 'ja' });
    });
  });
});
