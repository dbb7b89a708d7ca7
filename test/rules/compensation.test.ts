import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'compensation';
const P = pending(RULE);

// ride hailing: charge the card, then update the trip
const rides = md`
  # Ride Hailing Payments Design

  ## Architecture

  The Trip Service runs on Kubernetes, stores trips in PostgreSQL and takes payments through Adyen.

  ## Data Flow

  1. When the trip ends, the Trip Service charges the rider's card through Adyen.
  2. The Trip Service marks the trip as paid in PostgreSQL.
`;

// creator platform: payouts, no data-flow section
const payouts = md`
  # Creator Payouts Design

  ## Architecture

  The Earnings Service runs on Amazon ECS and keeps balances in MySQL.

  Every Friday the Earnings Service sends payouts to creators through PayPal and then sets their balance to zero.
`;

// remittance: Japanese, the transfer step in データフロー (the overview also mentions it)
const remit = md`
  # 国際送金サービス 設計書

  ## 概要

  利用者の口座から海外の受取人へ送金する。

  ## アーキテクチャ

  振込サービスは Amazon ECS 上で稼働し、送金記録を PostgreSQL に保存する。

  ## データフロー

  1. 振込サービスが提携銀行 API を呼び出して送金を実行する。
  2. 振込サービスが送金記録を PostgreSQL に登録する。
`;

describe(RULE, () => {
  describe('fires once, on the irreversible external step', () => {
    it('the charge step of the flow (EN)', () => {
      const range = rangeOf(rides, 'charges');
      assert.deepEqual(findingAt(rides, RULE, range).range, range);
      assert.equal(findingsOf(rides, RULE).length, 1);
    });

    it('a payout in the architecture prose (EN, second wording)', () => {
      const range = rangeOf(payouts, 'payouts', { after: 'sends ' });
      assert.deepEqual(findingAt(payouts, RULE, range).range, range);
      assert.equal(findingsOf(payouts, RULE).length, 1);
    });

    it('the 送金 step in データフロー, not the overview sentence (JA)', () => {
      const range = rangeOf(remit, '送金', { after: '## データフロー' });
      assert.deepEqual(findingAt(remit, RULE, range).range, range);
      assert.equal(findingsOf(remit, RULE).length, 1);
      assert.equal(lint(remit).language, 'ja');
    });

    it('no charge, payout or transfer: no finding', () => {
      const doc = rides.replace("charges the rider's card through Adyen", 'computes the fare');
      assert.notEqual(doc, rides);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Critical (error)', { todo: P.tier }, () => {
      assertTier(findingsOf(rides, RULE)[0]!, 'critical');
      assertTier(findingsOf(remit, RULE)[0]!, 'critical');
    });

    it('the message quotes the step, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(rides, RULE)[0]!, 'en', ['Adyen']);
      assertMessage(findingsOf(payouts, RULE)[0]!, 'en', ['PayPal']);
      assertMessage(findingsOf(remit, RULE)[0]!, 'ja', ['提携銀行']);
    });

    it('a third party named only through its API is the external party (EN: "the partner bank\'s API")', () => {
      const doc = payouts.replace('sends payouts to creators through PayPal', "sends payouts to creators through the partner bank's API");
      assert.notEqual(doc, payouts);
      assertMessage(findingsOf(doc, RULE)[0]!, 'en', ['partner bank']);
    });

    it('an API of the doc\'s own, or one it offers to partners, is no third party (「受注API」「パートナー向け API」, "Upload API")', () => {
      const doc = md`
        # 受注管理 設計書

        ## アーキテクチャ

        受注サービスは Amazon ECS 上で稼働し、受注APIとパートナー向け API を公開する。The Upload API stores files in Amazon S3.
      `;
      assert.deepEqual(findingsOf(doc, 'circuit-breaker'), []);
      assert.deepEqual(findingsOf(doc, 'timeout').filter((f) => /API/.test(f.subject?.name ?? '')), []);
    });
  });

  describe('stays silent when a failed local update is compensated or reconciled', () => {
    it('a refund path when the trip update fails (EN)', () => {
      const doc = rides + md`

        ## Error Handling

        If marking the trip fails, the Trip Service issues a compensating refund through Adyen.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a daily reconciliation against the provider (EN, second wording)', () => {
      const doc = payouts + md`

        ## Operations

        A daily job reconciles PayPal payout reports with the MySQL balances and flags mismatches.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('突合処理 against the bank (JA)', () => {
      const doc = remit + md`

        ## エラーハンドリング方針

        送金記録の登録に失敗した場合に備え、提携銀行の取引明細と PostgreSQL の送金記録を毎日突合する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no reconciliation")', () => {
      const doc = rides + md`

        There is no reconciliation with Adyen yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「突合は未実装」)', () => {
      const doc = remit + md`

        提携銀行との突合は未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting the fix removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [rides, payouts, remit]) {
        const f = findingsOf(doc, RULE)[0]!;
        const after = applyFix(doc, f);
        assert.ok(after.length > doc.length);
        assert.deepEqual(findingsOf(after, RULE), []);
      }
    });

    it('inserts a compensation section under the step\'s section (EN)', { todo: P.fix }, () => {
      assertFixResolves(rides, findingsOf(rides, RULE)[0]!, { names: ['Adyen'], lang: 'en' });
    });

    it('inserts a Japanese compensation section (JA)', { todo: P.fix }, () => {
      assertFixResolves(remit, findingsOf(remit, RULE)[0]!, { names: ['提携銀行'], lang: 'ja' });
    });
  });
});
