import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf } from './helpers';

const RULE = 'circuit-breaker';

// e-commerce checkout: two external APIs, a cache and a relational DB
const checkout = md`
  # Checkout Design

  ## Architecture

  The Checkout Service runs on Amazon ECS behind an ALB. It charges cards through Stripe and e-mails receipts with SendGrid. Orders are stored in PostgreSQL; carts live in Redis.

  ## Data Flow

  1. The Checkout Service creates a payment intent with Stripe.
  2. After the charge succeeds, the Checkout Service asks SendGrid to send the receipt.
`;

// marketplace: dependencies listed in a table
const marketplace = md`
  # Marketplace Payouts Design

  ## Architecture

  The Payout Service runs on Amazon ECS and stores payouts in MySQL.

  | External dependency | Purpose |
  |---|---|
  | Stripe API | payouts to sellers |
  | Twilio | SMS one-time codes |
`;

// IoT: Japanese, chat notification and SMS, a time-series store
const factory = md`
  # 工場IoT監視 設計書

  ## 概要

  工場のセンサー計測値を収集し、異常時に担当者へ通知する。

  ## アーキテクチャ

  収集サービスは Amazon ECS 上で稼働し、計測値を InfluxDB に保存する。異常検知時は Slack API と Twilio で担当者へ通知する。

  ## データフロー

  1. センサーが計測値を収集サービスへ送信する。
  2. 収集サービスが InfluxDB に書き込む。
  3. 閾値を超えた場合、Slack API に通知する。
`;

describe(RULE, () => {
  describe('fires on each remote dependency', () => {
    it('one finding per dependency, on its first mention, other mentions related (EN)', () => {
      const stripe = findingAt(checkout, RULE, rangeOf(checkout, 'Stripe'));
      assert.deepEqual(stripe.range, rangeOf(checkout, 'Stripe'));
      assert.deepEqual(stripe.related.map((r) => r.range), [rangeOf(checkout, 'Stripe', { occurrence: 2 })]);
      const sendgrid = findingAt(checkout, RULE, rangeOf(checkout, 'SendGrid'));
      assert.deepEqual(sendgrid.related.map((r) => r.range), [rangeOf(checkout, 'SendGrid', { occurrence: 2 })]);
      const redis = findingAt(checkout, RULE, rangeOf(checkout, 'Redis'));
      assert.deepEqual(redis.range, rangeOf(checkout, 'Redis'));
      assert.equal(findingsOf(checkout, RULE).length, 3, 'the relational database is not a circuit-breaker subject');
    });

    it('dependencies named in a table (EN, second wording)', () => {
      assert.deepEqual(findingAt(marketplace, RULE, rangeOf(marketplace, 'Stripe API')).range, rangeOf(marketplace, 'Stripe API'));
      assert.deepEqual(findingAt(marketplace, RULE, rangeOf(marketplace, 'Twilio')).range, rangeOf(marketplace, 'Twilio'));
      assert.equal(findingsOf(marketplace, RULE).length, 2);
    });

    it('Japanese doc: Slack, Twilio and InfluxDB, each on its first mention', () => {
      const slack = findingAt(factory, RULE, rangeOf(factory, 'Slack API'));
      assert.deepEqual(slack.range, rangeOf(factory, 'Slack API'));
      assert.deepEqual(slack.related.map((r) => r.range), [rangeOf(factory, 'Slack API', { occurrence: 2 })]);
      const influx = findingAt(factory, RULE, rangeOf(factory, 'InfluxDB'));
      assert.deepEqual(influx.related.map((r) => r.range), [rangeOf(factory, 'InfluxDB', { occurrence: 2 })]);
      findingAt(factory, RULE, rangeOf(factory, 'Twilio'));
      assert.equal(findingsOf(factory, RULE).length, 3);
      assert.equal(lint(factory).language, 'ja');
    });

    it('is Critical (error)', () => {
      assertTier(findingAt(checkout, RULE, rangeOf(checkout, 'Stripe')), 'critical');
      assertTier(findingAt(factory, RULE, rangeOf(factory, 'Twilio')), 'critical');
    });

    it('the message names the dependency, in the doc language', () => {
      assertMessage(findingAt(checkout, RULE, rangeOf(checkout, 'Stripe')), 'en', ['Stripe']);
      assertMessage(findingAt(marketplace, RULE, rangeOf(marketplace, 'Twilio')), 'en', ['Twilio']);
      assertMessage(findingAt(factory, RULE, rangeOf(factory, 'Slack API')), 'ja', ['Slack API']);
    });
  });

  describe('stays silent for a dependency behind a circuit breaker', () => {
    it('a breaker for Stripe and Redis does not cover SendGrid; "no circuit breaker" is no coverage (EN)', () => {
      const doc = checkout + md`

        ## Error Handling

        - Calls to Stripe go through a Resilience4j circuit breaker that opens after 50% failures in 20 calls.
        - Redis access is wrapped in a circuit breaker as well.
        - There is no circuit breaker for SendGrid yet.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'SendGrid')]);
    });

    it('a doc-wide breaker policy covers every dependency (EN, second wording)', () => {
      const doc = marketplace + md`

        ## Resilience

        Every outbound call goes through an opossum breaker that opens after 50% errors over 30 seconds.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('サーキットブレーカー per dependency; 「未実装」 is no coverage (JA)', () => {
      const doc = factory + md`

        ## エラーハンドリング方針

        - Slack API の呼び出しにはサーキットブレーカーを設け、5回連続で失敗したら30秒間遮断する。
        - InfluxDB への書き込みもサーキットブレーカーで保護する。
        - Twilio のサーキットブレーカーは未実装。
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'Twilio')]);
    });
  });

  describe('quick fix', () => {
    it('inserts a circuit-breaker section naming the dependency (EN)', () => {
      assertFixResolves(checkout, findingAt(checkout, RULE, rangeOf(checkout, 'Stripe')), { names: ['Stripe'], lang: 'en' });
    });

    it('the fix for Stripe leaves SendGrid and Redis reported (EN)', () => {
      const after = applyFix(checkout, findingAt(checkout, RULE, rangeOf(checkout, 'Stripe')));
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.subject?.id), ['sendgrid', 'redis']);
    });

    it('inserts a Japanese section naming the dependency (JA)', () => {
      assertFixResolves(factory, findingAt(factory, RULE, rangeOf(factory, 'Twilio')), { names: ['Twilio'], lang: 'ja' });
    });
  });
});
