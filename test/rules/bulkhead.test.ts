import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'bulkhead';
const P = pending(RULE);

// travel: one service calls several providers (no shared-runtime wording: the call statement)
const travel = md`
  # Travel Booking Design

  ## Architecture

  The Booking Service runs on Amazon ECS behind an ALB and stores bookings in PostgreSQL.

  The Booking Service calls Stripe for card payments, Twilio for SMS codes and SendGrid for confirmation e-mails.
`;

// courier dispatch: workers packaged together
const crm = md`
  # Courier Dispatch Design

  ## Architecture

  The GeocodeWorker resolves addresses with the Google Maps API and the SmsWorker texts couriers through Twilio. Both workers run in the same process on Kubernetes and keep their state in PostgreSQL.
`;

// intranet notices: Japanese, 同一プロセス
const notices = md`
  # 社内ポータル通知基盤 設計書

  ## 概要

  社内ポータルのお知らせをメールと SMS で配信する。

  ## アーキテクチャ

  配信ワーカーは同一プロセスで SendGrid、Slack API、Twilio を呼び出す。配信履歴は PostgreSQL に保存する。
`;

describe(RULE, () => {
  describe('fires once where several dependencies share one runtime', () => {
    it('no shared-runtime wording: on the call statement naming the dependencies (EN)', () => {
      const range = rangeOf(travel, 'calls');
      assert.deepEqual(findingAt(travel, RULE, range).range, range);
      assert.equal(findingsOf(travel, RULE).length, 1);
    });

    it('"run in the same process" (EN, second wording)', () => {
      const range = rangeOf(crm, 'run in the same process');
      assert.deepEqual(findingAt(crm, RULE, range).range, range);
      assert.equal(findingsOf(crm, RULE).length, 1);
    });

    it('同一プロセス (JA)', () => {
      const range = rangeOf(notices, '同一プロセス');
      assert.deepEqual(findingAt(notices, RULE, range).range, range);
      assert.equal(findingsOf(notices, RULE).length, 1);
      assert.equal(lint(notices).language, 'ja');
    });

    it('a single external dependency needs no bulkhead', () => {
      const doc = travel.replace('Stripe for card payments, Twilio for SMS codes and SendGrid for confirmation e-mails', 'Stripe for card payments');
      assert.notEqual(doc, travel);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(travel, RULE)[0]!, 'significant');
      assertTier(findingsOf(notices, RULE)[0]!, 'significant');
    });

    it('the message quotes the shared runtime, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(travel, RULE)[0]!, 'en', ['Stripe']);
      assertMessage(findingsOf(crm, RULE)[0]!, 'en', ['Twilio']);
      assertMessage(findingsOf(notices, RULE)[0]!, 'ja', ['SendGrid']);
    });
  });

  describe('stays silent when the dependencies are isolated', () => {
    it('separate thread pools per provider (EN)', () => {
      const doc = travel + md`

        ## Isolation

        Each provider gets a dedicated thread pool of 20 threads, so a slow Twilio cannot block Stripe.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('per-dependency concurrency limits (EN, second wording)', () => {
      const doc = crm + md`

        Calls to Google Maps and Twilio each have their own per-dependency concurrency limit (a bulkhead of 10 in-flight calls).
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('スレッドプールを分離 (JA)', () => {
      const doc = notices + md`

        ## 障害対策

        送信先ごとにスレッドプールを分離し、1つの送信先の遅延が他に波及しないようにする。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no bulkhead")', () => {
      const doc = travel + md`

        There is no bulkhead between the providers.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「バルクヘッドは未実装」)', () => {
      const doc = notices + md`

        バルクヘッドは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting the fix removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [travel, crm, notices]) {
        const after = applyFix(doc, findingsOf(doc, RULE)[0]!);
        assert.deepEqual(findingsOf(after, RULE), []);
      }
    });

    it('inserts a bulkhead section naming the dependencies (EN)', { todo: P.fix }, () => {
      assertFixResolves(travel, findingsOf(travel, RULE)[0]!, { names: ['Stripe', 'Twilio', 'SendGrid'], lang: 'en' });
    });

    it('inserts a Japanese bulkhead section naming the dependencies (JA)', { todo: P.fix }, () => {
      assertFixResolves(notices, findingsOf(notices, RULE)[0]!, { names: ['SendGrid', 'Twilio'], lang: 'ja' });
    });
  });
});
