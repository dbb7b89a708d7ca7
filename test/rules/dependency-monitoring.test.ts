import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'dependency-monitoring';
const P = pending(RULE);

// marketplace checkout: three providers, the statement naming most of them is the dependency list
const checkout = md`
  # Marketplace Checkout Design

  ## Architecture

  - The Checkout Service takes payments with Stripe and stores orders in PostgreSQL.
  - The Notification Worker sends receipts with SendGrid and SMS with Twilio.

  ## External Dependencies

  | Provider | Use |
  |---|---|
  | Stripe | card payments |
  | SendGrid | receipts |
  | Twilio | SMS |
`;

// travel planner: providers named in prose, second wording
const travel = md`
  # Trip Planner Design

  ## Architecture

  The Itinerary Service stores trips in MongoDB. The Route Worker asks the Google Maps API for travel times and the OpenAI API for trip summaries.
`;

// booking reminders, Japanese
const yoyaku = md`
  # 予約通知システム 設計書

  ## 概要

  予約のリマインドを送る。

  ## アーキテクチャ

  予約サービスは予約を MySQL に保存し、通知ワーカーが Twilio で SMS を、SendGrid でメールを送る。
`;

describe(RULE, () => {
  describe('fires on external dependencies nobody measures', () => {
    it('on the first dependency of the statement naming the most of them (EN)', () => {
      const r = rangeOf(checkout, 'SendGrid');
      assert.deepEqual(findingAt(checkout, RULE, r).range, r);
      assert.equal(findingsOf(checkout, RULE).length, 1, 'one finding per document');
    });

    it('providers named in prose (EN, second wording)', () => {
      const r = rangeOf(travel, 'Google Maps API');
      assert.deepEqual(findingAt(travel, RULE, r).range, r);
      assert.equal(findingsOf(travel, RULE).length, 1);
    });

    it('Twilio and SendGrid in a Japanese アーキテクチャ section', () => {
      const r = rangeOf(yoyaku, 'Twilio');
      assert.deepEqual(findingAt(yoyaku, RULE, r).range, r);
      assert.equal(lint(yoyaku).language, 'ja');
    });

    it('no external dependency: no finding', () => {
      const doc = travel.replace(' The Route Worker asks the Google Maps API for travel times and the OpenAI API for trip summaries.', '');
      assert.notEqual(doc, travel);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(checkout, RULE)[0]!, 'moderate');
      assertTier(findingsOf(yoyaku, RULE)[0]!, 'moderate');
    });

    it('the message names the dependencies, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(checkout, RULE)[0]!, 'en', ['SendGrid', 'Twilio']);
      assertMessage(findingsOf(travel, RULE)[0]!, 'en', ['Google Maps API', 'OpenAI API']);
      assertMessage(findingsOf(yoyaku, RULE)[0]!, 'ja', ['Twilio', 'SendGrid']);
    });
  });

  describe('stays silent when dependencies are monitored', () => {
    it('synthetic checks and status pages (EN)', () => {
      const doc = checkout + md`

        ## Monitoring

        Synthetic checks call each provider every minute, and the team subscribes to their status pages.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a dependency SLI per provider (EN, second wording)', () => {
      const doc = travel + md`

        Each provider has a dependency SLI: success ratio and p95 latency of our calls, on a dashboard.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('外形監視 (JA)', () => {
      const doc = yoyaku + md`

        ## 監視

        Twilio と SendGrid は外形監視で1分ごとに疎通を確認する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no synthetic monitoring")', () => {
      const doc = checkout + md`

        There is no synthetic monitoring of the providers.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a dependency-monitoring section naming the dependencies (EN)', { todo: P.fix }, () => {
      assertFixResolves(checkout, findingsOf(checkout, RULE)[0]!, { names: ['Stripe', 'SendGrid', 'Twilio'], lang: 'en' });
      assertFixResolves(travel, findingsOf(travel, RULE)[0]!, { names: ['Google Maps API', 'OpenAI API'], lang: 'en' });
    });

    it('inserts a Japanese dependency-monitoring section (JA)', { todo: P.fix }, () => {
      assertFixResolves(yoyaku, findingsOf(yoyaku, RULE)[0]!, { names: ['Twilio', 'SendGrid'], lang: 'ja' });
    });
  });
});
