import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, headingRange, lint, md, pending, rangeOf } from './helpers';

const RULE = 'rollback-criteria';
const P = pending(RULE);

// loyalty wallet: blue-green with a rollback window, no triggers
const wallet = md`
  # Loyalty Wallet Design

  ## Architecture

  The Wallet Service and the Rewards Service run on Amazon ECS and store balances in PostgreSQL.

  ## Deployment

  Releases use blue-green deployment through AWS CodeDeploy. The old task set is kept for one hour so that we can roll back by switching the listener.
`;

// ticket desk: a rolling update and no rollback plan at all, second wording
const desk = md`
  # Ticket Desk Design

  ## Architecture

  The Ticket Service and the Assignment Worker run on Kubernetes and keep tickets in MySQL.

  ## Release Process

  New versions ship as a rolling update of the Deployment, 25% of the pods at a time.
`;

// points, Japanese: 切り戻し with no criteria
const points = md`
  # ポイント管理システム 設計書

  ## 概要

  会員ポイントの付与と利用を管理する。

  ## アーキテクチャ

  ポイントサービスと特典サービスは Amazon ECS 上で稼働し、残高を PostgreSQL に保存する。

  ## デプロイメント方針

  ブルーグリーンデプロイで切り替え、問題があれば旧環境へ切り戻しする。
`;

describe(RULE, () => {
  describe('fires on a rollback with no triggers, or no rollback plan', () => {
    it('on the rollback mention (EN)', () => {
      const f = findingAt(wallet, RULE, rangeOf(wallet, 'roll back'));
      assert.deepEqual(f.range, rangeOf(wallet, 'roll back'));
      assert.equal(findingsOf(wallet, RULE).length, 1, 'one finding per document');
    });

    it('a rolling update with no rollback plan: on the release heading (EN, second wording)', () => {
      const f = findingAt(desk, RULE, headingRange(desk, '## Release Process'));
      assert.deepEqual(f.range, headingRange(desk, '## Release Process'));
      assert.equal(findingsOf(desk, RULE).length, 1);
    });

    it('on 切り戻し in a Japanese デプロイメント方針', () => {
      const f = findingAt(points, RULE, rangeOf(points, '切り戻し'));
      assert.deepEqual(f.range, rangeOf(points, '切り戻し'));
      assert.equal(findingsOf(points, RULE).length, 1);
      assert.equal(lint(points).language, 'ja');
    });

    it('no deploy strategy and no rollback: no finding', () => {
      const doc = desk.replace('New versions ship as a rolling update of the Deployment, 25% of the pods at a time.', 'New versions are built by GitHub Actions.');
      assert.notEqual(doc, desk);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(wallet, RULE)[0]!, 'significant');
      assertTier(findingsOf(desk, RULE)[0]!, 'significant');
      assertTier(findingsOf(points, RULE)[0]!, 'significant');
    });

    it('the message names the subject, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(wallet, RULE)[0]!, 'en');
      assertMessage(findingsOf(desk, RULE)[0]!, 'en');
      assertMessage(findingsOf(points, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent with rollback triggers', () => {
    it('automated rollback on alarms (EN)', () => {
      const doc = wallet + md`

        CodeDeploy performs an automatic rollback when the 5xx alarm fires during the first 15 minutes.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('rollback criteria listed in the release section (EN, second wording)', () => {
      const doc = desk + md`

        Rollback criteria: error rate above 1% or p99 latency above 800 ms for five minutes.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a conditional rollback on an error-rate threshold (EN, third wording)', () => {
      const doc = wallet + md`

        We roll back when the 5xx error rate exceeds 2% in the first 15 minutes after the switch.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a conditional rollback on a latency threshold (JA: 「p99 レイテンシが1秒を超えたらロールバックする」)', () => {
      const doc = points + md`

        切り替え後に p99 レイテンシが1秒を超えたらロールバックする。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('an alert threshold in another sentence is no rollback trigger (EN)', () => {
      const doc = wallet + md`

        On-call is paged when the 5xx error rate exceeds 2%. A rollback is decided by the release manager.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('切り戻し基準 (JA)', () => {
      const doc = points + md`

        切り戻し基準: 切り替え後30分以内にエラー率が1%を超えた場合、または p99 レイテンシが1秒を超えた場合。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no automated rollback")', () => {
      const doc = wallet + md`

        There is no automated rollback.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「自動ロールバックは未対応」)', () => {
      const doc = points + md`

        自動ロールバックは未対応。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [wallet, desk, points]) assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
    });

    it('inserts a rollback-criteria section under the release heading (EN)', { todo: P.fix }, () => {
      assertFixResolves(desk, findingsOf(desk, RULE)[0]!, { names: ['Ticket Service'], lang: 'en' });
    });

    it('inserts a rollback-criteria section after the rollback mention (EN)', { todo: P.fix }, () => {
      assertFixResolves(wallet, findingsOf(wallet, RULE)[0]!, { names: ['Wallet Service'], lang: 'en' });
    });

    it('inserts a Japanese rollback-criteria section (JA)', { todo: P.fix }, () => {
      assertFixResolves(points, findingsOf(points, RULE)[0]!, { names: ['ポイントサービス'], lang: 'ja' });
    });
  });
});
