import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf } from './helpers';

const RULE = 'idempotency-key';

// payments: an endpoint list
const payments = md`
  # Payments API Design

  ## Architecture

  The Payments Service runs on AWS Fargate behind an ALB, stores charges in PostgreSQL and calls Stripe.

  ## API Design

  - \`POST /v1/charges\` creates a charge for a cart.
  - \`POST /v1/refunds\` refunds a charge.
  - \`GET /v1/charges/{id}\` returns a charge.
  - \`POST /v1/auth/token\` issues a session token.

  Mobile clients retry \`POST /v1/charges\` on network errors.
`;

// marketplace: endpoints inside prose, PUT and PATCH
const sellers = md`
  # Seller Payout Settings Design

  ## Architecture

  The Payout Service runs on Amazon ECS and keeps bank accounts in MySQL.

  ## API

  The seller app calls \`PUT /v2/payout-accounts/{accountId}\` to replace bank details and \`PATCH /v2/payouts/{id}\` to change the schedule.
`;

// logistics: Japanese API設計
const bookings = md`
  # 集荷予約システム 設計書

  ## 概要

  荷主が集荷枠を予約する。

  ## アーキテクチャ

  予約サービスは Kubernetes 上で稼働し、MySQL に予約を保存する。

  ## API設計

  \`POST /api/v1/bookings\` で集荷予約を作成する。通信が切れた場合、アプリは同じリクエストを再送する。
`;

describe(RULE, () => {
  describe('fires on a mutating endpoint a client may retry', () => {
    it('one finding per POST endpoint, on its first mention, later mentions related; GET and auth skipped (EN)', () => {
      const charges = findingAt(payments, RULE, rangeOf(payments, 'POST /v1/charges'));
      assert.deepEqual(charges.range, rangeOf(payments, 'POST /v1/charges'));
      assert.deepEqual(charges.related.map((r) => r.range), [rangeOf(payments, 'POST /v1/charges', { occurrence: 2 })]);
      const refunds = findingAt(payments, RULE, rangeOf(payments, 'POST /v1/refunds'));
      assert.deepEqual(refunds.range, rangeOf(payments, 'POST /v1/refunds'));
      assert.equal(findingsOf(payments, RULE).length, 2, 'GET /v1/charges/{id} and POST /v1/auth/token are not subjects');
    });

    it('PUT and PATCH endpoints inside prose (EN, second wording)', () => {
      const put = findingAt(sellers, RULE, rangeOf(sellers, 'PUT /v2/payout-accounts/{accountId}'));
      assert.deepEqual(put.range, rangeOf(sellers, 'PUT /v2/payout-accounts/{accountId}'));
      const patch = findingAt(sellers, RULE, rangeOf(sellers, 'PATCH /v2/payouts/{id}'));
      assert.deepEqual(patch.range, rangeOf(sellers, 'PATCH /v2/payouts/{id}'));
      assert.equal(findingsOf(sellers, RULE).length, 2);
    });

    it('a POST endpoint in a Japanese API設計 section', () => {
      const f = findingAt(bookings, RULE, rangeOf(bookings, 'POST /api/v1/bookings'));
      assert.deepEqual(f.range, rangeOf(bookings, 'POST /api/v1/bookings'));
      assert.equal(lint(bookings).language, 'ja');
    });

    it('is Critical (error)', () => {
      assertTier(findingAt(payments, RULE, rangeOf(payments, 'POST /v1/charges')), 'critical');
      assertTier(findingAt(bookings, RULE, rangeOf(bookings, 'POST /api/v1/bookings')), 'critical');
    });

    it('the message names the endpoint, in the doc language', () => {
      assertMessage(findingAt(payments, RULE, rangeOf(payments, 'POST /v1/charges')), 'en', ['POST /v1/charges']);
      assertMessage(findingAt(sellers, RULE, rangeOf(sellers, 'PATCH /v2/payouts/{id}')), 'en', ['PATCH /v2/payouts/{id}']);
      assertMessage(findingAt(bookings, RULE, rangeOf(bookings, 'POST /api/v1/bookings')), 'ja', ['POST /api/v1/bookings']);
    });
  });

  describe('stays silent when the endpoint takes an idempotency key', () => {
    it('an Idempotency-Key header for one endpoint covers that endpoint only; a negated one is no coverage (EN)', () => {
      const doc = payments
        .replace('creates a charge for a cart.', 'creates a charge for a cart; clients send an `Idempotency-Key` header, stored in PostgreSQL for 24 hours.')
        .replace('refunds a charge.', 'refunds a charge. Refunds have no idempotency key yet.');
      const fs = findingsOf(doc, RULE);
      assert.deepEqual(fs.map((f) => f.range), [rangeOf(doc, 'POST /v1/refunds')]);
    });

    it('a key described under one endpoint\'s heading covers that endpoint only (EN)', () => {
      const doc = md`
        # Payments API Design

        ## Architecture

        The Payments Service runs on AWS Fargate behind an ALB, stores charges in PostgreSQL and calls Stripe.

        ## API Design

        ### \`POST /v1/charges\`

        Creates a charge. Clients send an \`Idempotency-Key\` header; keys are kept for 24 hours.

        ### \`POST /v1/refunds\`

        Refunds a charge.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'POST /v1/refunds')]);
    });

    it('a doc-wide policy naming no endpoint covers them all (EN, second wording)', () => {
      const doc = sellers + md`

        Every mutating request carries a client request id; the service stores it with the response and replays the stored response for a repeat.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('冪等キー in the Japanese API section', () => {
      const doc = bookings + md`

        クライアントはリクエストごとに冪等キーを \`Idempotency-Key\` ヘッダーで送り、サーバーは24時間保持して同じ応答を返す。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (JA: 「冪等キーには未対応」)', () => {
      const doc = bookings + md`

        \`POST /api/v1/bookings\` は冪等キーには未対応。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an idempotency-key section naming the endpoint (EN)', () => {
      const f = findingAt(payments, RULE, rangeOf(payments, 'POST /v1/charges'));
      assertFixResolves(payments, f, { names: ['POST /v1/charges'], lang: 'en' });
    });

    it('inserts a Japanese section naming the endpoint (JA)', () => {
      const f = findingAt(bookings, RULE, rangeOf(bookings, 'POST /api/v1/bookings'));
      assertFixResolves(bookings, f, { names: ['POST /api/v1/bookings'], lang: 'ja' });
    });
  });
});
