import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'replication-lag';
const P = pending(RULE);

// news feed: PostgreSQL read replicas
const feed = md`
  # News Feed Design

  ## Architecture

  The Feed API runs on Amazon ECS and reads articles from two PostgreSQL read replicas; writes go to the primary. The Ingest Worker pulls articles from publishers.
`;

// parking garage: a Multi-AZ standby, second wording
const garage = md`
  # Parking Garage Design

  ## Architecture

  - The Gate Controller and the Billing Service run on Kubernetes with 3 replicas each.
  - Occupancy is kept in MySQL on Amazon RDS, configured as Multi-AZ.
`;

// parking garage, Japanese: リードレプリカ
const chushajo = md`
  # 駐車場管理システム 設計書

  ## 概要

  駐車場の入出庫と料金を管理する。

  ## アーキテクチャ

  ゲート制御サービスと料金サービスは Amazon ECS 上で稼働する。入出庫記録は MySQL に保存し、参照系はリードレプリカから読む。
`;

describe(RULE, () => {
  describe('fires on database replicas', () => {
    it('on "read replicas" of the datastore statement (EN)', () => {
      const f = findingAt(feed, RULE, rangeOf(feed, 'read replicas'));
      assert.deepEqual(f.range, rangeOf(feed, 'read replicas'));
      assert.equal(findingsOf(feed, RULE).length, 1, 'one finding per document');
    });

    it('on "Multi-AZ" of the database, not on the service replicas (EN, second wording)', () => {
      const f = findingAt(garage, RULE, rangeOf(garage, 'Multi-AZ'));
      assert.deepEqual(f.range, rangeOf(garage, 'Multi-AZ'));
      assert.equal(findingsOf(garage, RULE).length, 1);
    });

    it('on リードレプリカ in a Japanese doc', () => {
      const f = findingAt(chushajo, RULE, rangeOf(chushajo, 'リードレプリカ'));
      assert.deepEqual(f.range, rangeOf(chushajo, 'リードレプリカ'));
      assert.equal(lint(chushajo).language, 'ja');
    });

    it('replicas of a service are not database replicas: no finding', () => {
      const doc = garage.replace(', configured as Multi-AZ.', '.');
      assert.notEqual(doc, garage);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(feed, RULE)[0]!, 'moderate');
      assertTier(findingsOf(chushajo, RULE)[0]!, 'moderate');
    });

    it('the message names the subject, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(feed, RULE)[0]!, 'en', ['PostgreSQL']);
      assertMessage(findingsOf(garage, RULE)[0]!, 'en', ['MySQL']);
      assertMessage(findingsOf(chushajo, RULE)[0]!, 'ja', ['MySQL']);
    });
  });

  describe('stays silent with replication-lag monitoring', () => {
    it('"replica lag" alarm with a threshold (EN)', () => {
      const doc = feed + md`

        ## Monitoring

        CloudWatch tracks replica lag; above 30 seconds the Feed API stops reading from that replica.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('"replication lag" in the same statement (EN, second wording)', () => {
      const doc = garage.replace('configured as Multi-AZ.', 'configured as Multi-AZ; replication lag over 5 s pages the on-call engineer.');
      assert.notEqual(doc, garage);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('レプリケーション遅延 (JA)', () => {
      const doc = chushajo + md`

        ## 監視

        レプリケーション遅延が10秒を超えたらアラートを送り、参照系をプライマリに切り替える。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no replication lag monitoring")', () => {
      const doc = feed + md`

        ## Monitoring

        There is no replication lag monitoring yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「レプリケーション遅延の監視はなし」)', () => {
      const doc = chushajo + md`

        ## 監視

        レプリケーション遅延はなし（未計測）。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [feed, garage, chushajo]) assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
    });

    it('inserts a replication-lag section naming the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(feed, findingsOf(feed, RULE)[0]!, { names: ['PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese replication-lag section (JA)', { todo: P.fix }, () => {
      assertFixResolves(chushajo, findingsOf(chushajo, RULE)[0]!, { names: ['MySQL'], lang: 'ja' });
    });
  });
});
