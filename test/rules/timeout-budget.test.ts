import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

/** Complements test/numbers.test.ts (retries counted as 1 + n, backoff sums, tables, workers): ranges, boundaries, coverage, fix. */
const RULE = 'timeout-budget';
const P = pending(RULE);

// flight search: a gateway timeout around a fare API call with attempts
const flights = (gateway: string) => md`
  # Flight Search Design

  ## Architecture

  The Search Service answers \`GET /api/flights\` behind Amazon API Gateway and stores cached fares in Redis. The Fare Worker refreshes fares.

  ## Error Handling

  - API Gateway timeout: ${gateway}.
  - The Search Service calls the Amadeus fare API with a timeout of 5 s and at most 3 attempts.
`;

// food ordering: an ALB idle timeout in seconds around a retried payment call, second wording
const food = (alb: string) => md`
  # Food Ordering Design

  ## Architecture

  The Order Service sits behind an Application Load Balancer and stores orders in PostgreSQL. The Kitchen Worker prints tickets.

  ## Resilience

  The ALB idle timeout is ${alb}. Calls to Stripe time out after 10 seconds and are retried 2 times.
`;

// flight search, Japanese: タイムアウト5秒、最大3回
const kokuken = (gateway: string) => md`
  # 航空券検索 設計書

  ## 概要

  航空券を検索する。

  ## アーキテクチャ

  検索サービスは API Gateway の背後で \`GET /api/flights\` を提供し、運賃を Redis にキャッシュする。運賃ワーカーが運賃を更新する。

  ## エラーハンドリング方針

  - API Gateway のタイムアウトは${gateway}とする。
  - 検索サービスから運賃 API への呼び出しはタイムアウト5秒、最大3回まで試行する。
`;

describe(RULE, () => {
  describe('fires on an upstream timeout shorter than the work it wraps', () => {
    it('one second short: on the gateway timeout, with the arithmetic (EN)', () => {
      const text = flights('14 s');
      const r = rangeOf(text, 'API Gateway timeout: 14 s');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.equal(findingsOf(text, RULE).length, 1);
      assert.ok(f.message.includes('Search Service 5 s × 3 attempts = 15 s > API Gateway timeout 14 s'), f.message);
    });

    it('equal to the work it wraps: no finding (EN)', () => {
      assert.deepEqual(findingsOf(flights('15 s'), RULE), []);
    });

    it('an ALB idle timeout around a call retried 2 times (EN, second wording)', () => {
      const text = food('29 seconds');
      const r = rangeOf(text, 'ALB idle timeout is 29 seconds');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.ok(f.message.includes('Stripe 10 s × 3 attempts (1 + 2 retries) = 30 s > ALB timeout 29 s'), f.message);
      assert.deepEqual(findingsOf(food('30 seconds'), RULE), [], 'equal: no finding');
    });

    it('a retry count written as a word: "retried twice", "three attempts", "retried three times" (EN)', () => {
      const twice = food('29 seconds').replace('retried 2 times.', 'retried twice.');
      assert.notEqual(twice, food('29 seconds'));
      const f = findingsOf(twice, RULE);
      assert.equal(f.length, 1);
      assert.ok(f[0]!.message.includes('Stripe 10 s × 3 attempts (1 + 2 retries) = 30 s > ALB timeout 29 s'), f[0]!.message);
      const attempts = food('29 seconds').replace('and are retried 2 times.', 'with three attempts in all.');
      assert.ok(findingsOf(attempts, RULE)[0]!.message.includes('Stripe 10 s × 3 attempts = 30 s'), findingsOf(attempts, RULE)[0]?.message);
      const times = food('35 seconds').replace('retried 2 times.', 'retried three times.');
      assert.ok(findingsOf(times, RULE)[0]!.message.includes('Stripe 10 s × 4 attempts (1 + 3 retries) = 40 s'), findingsOf(times, RULE)[0]?.message);
      // a number word that counts something else is no retry count
      assert.deepEqual(findingsOf(food('29 seconds').replace('retried 2 times.', 'retried on one of the other replicas.'), RULE), []);
    });

    it('「2回リトライ」 counts retries (JA)', () => {
      const text = kokuken('14秒').replace('最大3回まで試行する', '失敗時は2回リトライする');
      assert.notEqual(text, kokuken('14秒'));
      const f = findingsOf(text, RULE);
      assert.equal(f.length, 1);
      assert.ok(f[0]!.message.includes('5 秒 × 3 回（初回 + リトライ 2 回） = 15 秒'), f[0]!.message);
    });

    it('タイムアウト5秒 × 最大3回 against 14秒 (JA)', () => {
      const text = kokuken('14秒');
      const r = rangeOf(text, 'API Gateway のタイムアウトは14秒');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.ok(f.message.includes('検索サービス 5 秒 × 3 回 = 15 秒 > API Gateway のタイムアウト 14 秒'), f.message);
      assert.equal(lint(text).language, 'ja');
    });

    it('15秒: equal, no finding (JA)', () => {
      assert.deepEqual(findingsOf(kokuken('15秒'), RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(flights('14 s'), RULE)[0]!, 'significant');
      assertTier(findingsOf(kokuken('14秒'), RULE)[0]!, 'significant');
    });

    it('the message names the timeout, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(flights('14 s'), RULE)[0]!, 'en', ['14 s']);
      assertMessage(findingsOf(kokuken('14秒'), RULE)[0]!, 'ja', ['14秒']);
    });
  });

  describe('stays silent with deadline propagation', () => {
    it('the remaining budget travels with the request (EN)', () => {
      const text = flights('14 s') + md`
        - Deadline propagation: the Search Service passes the remaining budget to each attempt and stops retrying when it runs out.
      `;
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('propagated deadlines (EN, second wording)', () => {
      const text = food('29 seconds').replace('retried 2 times.', 'retried 2 times within propagated deadlines, so no attempt outlives the request.');
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('デッドラインの伝播 (JA)', () => {
      const text = kokuken('14秒') + md`
        - デッドラインの伝播を行い、残り時間に収まる試行だけを行う。
      `;
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no deadline propagation")', () => {
      const text = flights('14 s') + md`
        - There is no deadline propagation between the hops.
      `;
      assert.equal(findingsOf(text, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a timeout-budget section and, re-analysed, the finding is gone (EN)', { todo: P.fix }, () => {
      const text = flights('14 s');
      assertFixResolves(text, findingsOf(text, RULE)[0]!, { names: ['API Gateway timeout: 14 s', 'Redis'], lang: 'en' });
    });

    it('inserts a Japanese timeout-budget section (JA)', { todo: P.fix }, () => {
      const text = kokuken('14秒');
      assertFixResolves(text, findingsOf(text, RULE)[0]!, { names: ['API Gateway のタイムアウトは14秒', 'Redis'], lang: 'ja' });
    });
  });
});
