import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'disaster-recovery';
const P = pending(RULE);

// library lending: a named AWS region in the architecture
const lending = md`
  # Library Lending Design

  ## Architecture

  The Lending Service and the Catalog Service run on Amazon ECS in us-west-2. Loans are stored in PostgreSQL on Amazon RDS.

  ## Deployment

  Each service is deployed with AWS CodeDeploy.
`;

// clinic booking: "a single AWS region", second wording
const clinic = md`
  # Clinic Booking Design

  ## Architecture

  - The Booking API runs on Kubernetes and keeps appointments in MySQL.
  - The Reminder Worker sends SMS through Twilio.

  ## Infrastructure

  Everything is hosted in a single AWS region; the cluster spans three availability zones.
`;

// library lending, Japanese: 東京リージョン
const toshokan = md`
  # 図書館貸出システム 設計書

  ## 概要

  図書の貸出と返却を管理する。

  ## アーキテクチャ

  貸出サービスは Amazon ECS 上で稼働し、貸出記録を PostgreSQL に保存する。

  ## インフラ構成

  全コンポーネントを東京リージョンにデプロイする。
`;

describe(RULE, () => {
  describe('fires on a single-region deployment', () => {
    it('on the region name of the deployment statement (EN)', () => {
      const f = findingAt(lending, RULE, rangeOf(lending, 'us-west-2'));
      assert.deepEqual(f.range, rangeOf(lending, 'us-west-2'));
      assert.equal(findingsOf(lending, RULE).length, 1, 'one finding per document');
    });

    it('"hosted in a single AWS region" (EN, second wording)', () => {
      const f = findingAt(clinic, RULE, rangeOf(clinic, 'region'));
      assert.deepEqual(f.range, rangeOf(clinic, 'region'));
      assert.equal(findingsOf(clinic, RULE).length, 1);
    });

    it('東京リージョン in a Japanese インフラ構成 section', () => {
      const f = findingAt(toshokan, RULE, rangeOf(toshokan, '東京リージョン'));
      assert.deepEqual(f.range, rangeOf(toshokan, '東京リージョン'));
      assert.equal(findingsOf(toshokan, RULE).length, 1);
      assert.equal(lint(toshokan).language, 'ja');
    });

    it('no region mentioned: no finding', () => {
      const doc = lending.replace(' in us-west-2', '');
      assert.notEqual(doc, lending);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(lending, RULE)[0]!, 'significant');
      assertTier(findingsOf(toshokan, RULE)[0]!, 'significant');
    });

    it('the message names the subject, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(lending, RULE)[0]!, 'en');
      assertMessage(findingsOf(clinic, RULE)[0]!, 'en');
      assertMessage(findingsOf(toshokan, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent with cross-region recovery', () => {
    it('cross-region replica and backup copies (EN)', () => {
      const doc = lending + md`

        ## Disaster Recovery

        RDS snapshots and a read replica are copied cross-region to us-east-1; a failover runbook promotes the replica.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a warm standby in a secondary region (EN, second wording)', () => {
      const doc = clinic.replace('three availability zones.', 'three availability zones, with a warm standby cluster in a secondary region.');
      assert.notEqual(doc, clinic);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('大阪リージョンへの別リージョン複製 (JA)', () => {
      const doc = toshokan.replace('全コンポーネントを東京リージョンにデプロイする。', '全コンポーネントを東京リージョンにデプロイし、PostgreSQL のバックアップは別リージョン（大阪リージョン）にも複製する。');
      assert.notEqual(doc, toshokan);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no cross-region copy yet")', () => {
      const doc = lending + md`

        ## Disaster Recovery

        There is no cross-region copy of the data yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「マルチリージョン構成は未対応」)', () => {
      const doc = toshokan + md`

        ## 可用性

        マルチリージョン構成は未対応。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [lending, clinic, toshokan]) {
        const after = applyFix(doc, findingsOf(doc, RULE)[0]!);
        assert.deepEqual(findingsOf(after, RULE), []);
      }
    });

    it('inserts a DR section naming the datastore and services (EN)', { todo: P.fix }, () => {
      assertFixResolves(lending, findingsOf(lending, RULE)[0]!, { names: ['PostgreSQL', 'Lending Service'], lang: 'en' });
    });

    it('inserts a Japanese DR section naming the datastore (JA)', { todo: P.fix }, () => {
      assertFixResolves(toshokan, findingsOf(toshokan, RULE)[0]!, { names: ['PostgreSQL'], lang: 'ja' });
    });
  });
});
