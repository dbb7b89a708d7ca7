import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf } from './helpers';

const RULE = 'retry-policy';

// notifications: a bare "retried with Spring Retry"
const notifier = md`
  # Notification Design

  ## Architecture

  The Notifier Service on Amazon ECS sends push messages through Firebase Cloud Messaging and SMS through Twilio. Delivery records are stored in DynamoDB.

  ## Error Handling

  Failed sends are retried with Spring Retry.
`;

// logistics: external calls with no retry strategy at all
const routing = md`
  # Route Planning Design

  ## Architecture

  The Routing Service runs on Kubernetes, keeps depots in PostgreSQL and calls the Google Maps API for travel times.

  ## Data Flow

  1. The planner submits the day's deliveries.
  2. The Routing Service asks the Google Maps API for a distance matrix and stores the plan in PostgreSQL.
`;

// HR: Japanese
const review = md`
  # 人事評価システム 設計書

  ## 概要

  期末評価の入力と承認を管理する。

  ## アーキテクチャ

  評価サービスは Kubernetes 上で稼働し、MySQL に評価データを保存する。評価確定時に Salesforce と SendGrid へ連携する。

  ## エラーハンドリング方針

  外部API呼び出しが失敗した場合はリトライする。
`;

describe(RULE, () => {
  describe('fires on retries without a bounded policy', () => {
    it('a bare retry mention is anchored on the retry words (EN)', () => {
      const f = findingAt(notifier, RULE, rangeOf(notifier, 'retried'));
      assert.deepEqual(f.range, rangeOf(notifier, 'retried'));
    });

    it('external calls with no retry strategy: one finding per dependency, on its first mention (EN, second wording)', () => {
      const maps = findingAt(routing, RULE, rangeOf(routing, 'Google Maps API'));
      assert.deepEqual(maps.range, rangeOf(routing, 'Google Maps API'));
      assert.deepEqual(maps.related.map((r) => r.range), [rangeOf(routing, 'Google Maps API', { occurrence: 2 })]);
      assert.equal(findingsOf(routing, RULE).length, 1, 'the database is not a retry-policy subject');
    });

    it('「リトライする」 in a Japanese エラーハンドリング方針 section', () => {
      const f = findingAt(review, RULE, rangeOf(review, 'リトライ'));
      assert.deepEqual(f.range, rangeOf(review, 'リトライ'));
      assert.equal(lint(review).language, 'ja');
    });

    it('is Significant (warning)', () => {
      assertTier(findingAt(notifier, RULE, rangeOf(notifier, 'retried')), 'significant');
      assertTier(findingAt(routing, RULE, rangeOf(routing, 'Google Maps API')), 'significant');
      assertTier(findingAt(review, RULE, rangeOf(review, 'リトライ')), 'significant');
    });

    it('the message names the subject, in the doc language', () => {
      assertMessage(findingAt(notifier, RULE, rangeOf(notifier, 'retried')), 'en');
      assertMessage(findingAt(routing, RULE, rangeOf(routing, 'Google Maps API')), 'en', ['Google Maps API']);
      assertMessage(findingAt(review, RULE, rangeOf(review, 'リトライ')), 'ja');
      assertMessage(findingAt(review, RULE, rangeOf(review, 'Salesforce')), 'ja', ['Salesforce']);
    });
  });

  describe('stays silent when backoff, jitter and a maximum are all stated', () => {
    it('exponential backoff + full jitter + max attempts (EN)', () => {
      const doc = notifier.replace('retried with Spring Retry.', 'retried with exponential backoff and full jitter, up to 5 attempts; 4xx errors are not retried.');
      assert.notEqual(doc, notifier);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a policy for Twilio only does not cover Firebase Cloud Messaging (EN, second wording)', () => {
      const doc = notifier.replace('Failed sends are retried with Spring Retry.', 'Retries to Twilio use exponential backoff with jitter, at most 3 attempts.');
      const fs = findingsOf(doc, RULE);
      assert.deepEqual(fs.map((f) => f.range), [rangeOf(doc, 'Firebase Cloud Messaging')]);
    });

    it('backoff without jitter is not enough (EN)', () => {
      const doc = notifier.replace('retried with Spring Retry.', 'retried with exponential backoff, up to 5 attempts.');
      assert.deepEqual(findingAt(doc, RULE, rangeOf(doc, 'retried')).range, rangeOf(doc, 'retried'));
    });

    it('a negated mention is not coverage (EN: "without backoff or jitter")', () => {
      const doc = notifier.replace('retried with Spring Retry.', 'retried up to 3 times, without backoff or jitter.');
      assert.deepEqual(findingAt(doc, RULE, rangeOf(doc, 'retried')).range, rangeOf(doc, 'retried'));
    });

    it('指数バックオフ + ジッター + 最大5回 (JA)', () => {
      const doc = review.replace('失敗した場合はリトライする。', '失敗した場合は、指数バックオフとジッターを用いて最大5回までリトライする。');
      assert.notEqual(doc, review);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (JA: 「ジッターは未実装」)', () => {
      const doc = review.replace('失敗した場合はリトライする。', '失敗した場合は指数バックオフで最大5回までリトライする。ジッターは未実装。');
      assert.ok(findingsOf(doc, RULE).some((f) => f.range.start.line === rangeOf(doc, 'リトライ').start.line));
    });
  });

  describe('quick fix', () => {
    it('a dependency finding: inserts a retry policy naming the dependency (EN)', () => {
      assertFixResolves(routing, findingAt(routing, RULE, rangeOf(routing, 'Google Maps API')), { names: ['Google Maps API'], lang: 'en' });
    });

    it('a retry-mention finding: inserts a titled retry policy naming the dependencies (EN)', () => {
      assertFixResolves(notifier, findingAt(notifier, RULE, rangeOf(notifier, 'retried')), { names: ['Firebase Cloud Messaging', 'Twilio'], lang: 'en' });
    });

    it('a retry-mention finding in Japanese: inserts a Japanese retry policy (JA)', () => {
      assertFixResolves(review, findingAt(review, RULE, rangeOf(review, 'リトライ')), { names: ['Salesforce', 'SendGrid'], lang: 'ja' });
    });

    it('a dependency finding in Japanese (JA)', () => {
      assertFixResolves(review, findingAt(review, RULE, rangeOf(review, 'Salesforce')), { names: ['Salesforce'], lang: 'ja' });
    });
  });
});
