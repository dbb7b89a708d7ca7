import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'webhook-idempotency';
const P = pending(RULE);

// subscriptions: a payment provider's webhook in an API list
const billing = md`
  # Subscription Billing Design

  ## Architecture

  The Billing Service runs on Amazon ECS behind an ALB and keeps subscriptions in PostgreSQL. Card payments are handled by Stripe.

  ## API

  - \`GET /api/v1/subscriptions/{id}\` returns a subscription.
  - \`POST /api/v1/webhooks/stripe\` receives the Stripe webhooks invoice.paid and invoice.payment_failed and updates the subscription.
`;

// e-signature: a partner's callback URL, second wording
const signing = md`
  # Contract Signing Design

  ## Architecture

  The Contract Service runs on Kubernetes and stores contracts in MySQL. Signatures are collected by an e-signature partner.

  ## Interfaces

  The partner notifies us through the callback URL \`PUT /partner/signatures/{envelopeId}\` whenever a signer completes an envelope.
`;

// logistics: Japanese, a carrier's delivery-status callback
const carrier = md`
  # 配送連携システム 設計書

  ## 概要

  配送業者からの配達状況を受け取り、注文の状態を更新する。

  ## アーキテクチャ

  連携サービスは Kubernetes 上で稼働し、注文を MySQL に保存する。

  ## API設計

  - \`POST /partner/callbacks/delivery\`: 配送業者からのコールバックを受信し、注文の配達状況を更新する。
  - \`GET /orders/{id}\`: 注文を返す。
`;

describe(RULE, () => {
  describe('fires on an inbound webhook endpoint', () => {
    it('the Stripe webhook endpoint, not the GET (EN)', () => {
      const range = rangeOf(billing, 'POST /api/v1/webhooks/stripe');
      assert.deepEqual(findingAt(billing, RULE, range).range, range);
      assert.equal(findingsOf(billing, RULE).length, 1);
    });

    it('a partner callback URL taking PUT (EN, second wording)', () => {
      const range = rangeOf(signing, 'PUT /partner/signatures/{envelopeId}');
      assert.deepEqual(findingAt(signing, RULE, range).range, range);
      assert.equal(findingsOf(signing, RULE).length, 1);
    });

    it('a carrier コールバック endpoint (JA)', () => {
      const range = rangeOf(carrier, 'POST /partner/callbacks/delivery');
      assert.deepEqual(findingAt(carrier, RULE, range).range, range);
      assert.equal(findingsOf(carrier, RULE).length, 1);
      assert.equal(lint(carrier).language, 'ja');
    });

    it('an ordinary POST with no webhook wording is not a webhook', () => {
      const doc = billing.replace('`POST /api/v1/webhooks/stripe` receives the Stripe webhooks invoice.paid and invoice.payment_failed and updates the subscription', '`POST /api/v1/subscriptions` creates a subscription for the signed-in user');
      assert.notEqual(doc, billing);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a webhook endpoint listed in an API table (EN)', () => {
      const doc = md`
        # Subscription Billing Design

        ## Architecture

        The Billing Service runs on Amazon ECS behind an ALB and keeps subscriptions in PostgreSQL.

        ## API

        | Method | Path | Purpose |
        |---|---|---|
        | GET | /api/v1/subscriptions/{id} | read a subscription |
        | POST | /api/v1/webhooks/stripe | Stripe webhook: invoice.paid |
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
      assert.equal(findingsOf(doc, RULE)[0]!.range.start.line, rangeOf(doc, '/api/v1/webhooks/stripe').start.line);
      assert.ok(findingsOf(doc, RULE)[0]!.message.includes('POST /api/v1/webhooks/stripe'), findingsOf(doc, RULE)[0]!.message);
    });

    it('is Critical (error)', { todo: P.tier }, () => {
      assertTier(findingsOf(billing, RULE)[0]!, 'critical');
      assertTier(findingsOf(carrier, RULE)[0]!, 'critical');
    });

    it('the message names the endpoint, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(billing, RULE)[0]!, 'en', ['POST /api/v1/webhooks/stripe']);
      assertMessage(findingsOf(signing, RULE)[0]!, 'en', ['PUT /partner/signatures/{envelopeId}']);
      assertMessage(findingsOf(carrier, RULE)[0]!, 'ja', ['POST /partner/callbacks/delivery']);
    });
  });

  describe('stays silent when deliveries are deduplicated', () => {
    it('an event-id table for the webhook (EN)', () => {
      const doc = billing + md`

        ## Webhook Handling

        The handler verifies the Stripe signature and inserts the event id into a processed_events table with a unique constraint; a duplicate event id is acknowledged without processing, so the webhook is idempotent.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('dedup stated on the endpoint line itself (EN, second wording)', () => {
      const doc = signing.replace('whenever a signer completes an envelope.', 'whenever a signer completes an envelope; repeated notifications are deduplicated by envelope id and event sequence.');
      assert.notEqual(doc, signing);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('冪等 handling by notification id (JA)', () => {
      const doc = carrier + md`

        ## エラーハンドリング方針

        配送業者の通知IDを処理済みテーブルに記録し、同じ通知IDの再送は冪等に扱う。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('dedup for one webhook does not cover another webhook', () => {
      const doc = md`
        # Marketplace Payments Design

        ## Architecture

        The Payments Service runs on Amazon ECS and stores charges in PostgreSQL.

        ## API

        - \`POST /webhooks/stripe\` receives Stripe webhooks; events are deduplicated by event id.
        - \`POST /webhooks/paypal\` receives PayPal webhooks and updates the charge.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'POST /webhooks/paypal')]);
    });

    it('a negated mention is not coverage (EN: "not idempotent")', () => {
      const doc = billing + md`

        The webhook handler is not idempotent yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「重複排除は未実装」)', () => {
      const doc = carrier + md`

        コールバックの重複排除は未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a webhook-handling section naming the endpoint (EN)', { todo: P.fix }, () => {
      assertFixResolves(billing, findingsOf(billing, RULE)[0]!, { names: ['POST /api/v1/webhooks/stripe'], lang: 'en' });
    });

    it('the fix for one webhook leaves the other reported (EN)', { todo: P.fix }, () => {
      const doc = billing.replace('## API\n', '## API\n\n- `POST /api/v1/webhooks/shipping` receives carrier webhooks.\n');
      assert.notEqual(doc, billing);
      const after = applyFix(doc, findingAt(doc, RULE, rangeOf(doc, 'POST /api/v1/webhooks/stripe')));
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'POST /api/v1/webhooks/shipping')]);
    });

    it('inserts a Japanese section naming the endpoint (JA)', { todo: P.fix }, () => {
      assertFixResolves(carrier, findingsOf(carrier, RULE)[0]!, { names: ['POST /partner/callbacks/delivery'], lang: 'ja' });
    });
  });
});
