import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

/** Complements test/numbers.test.ts (budget arithmetic, table and hypothetical forms): ranges, coverage, fix. */
const RULE = 'slo';
const P = pending(RULE);

// podcast hosting: availability target in a list
const podcast = md`
  # Podcast Hosting Design

  ## Architecture

  The Upload Service and the Feed Service run on Google Cloud Run and store episodes in Cloud Storage and metadata in Firestore.

  ## Non-Functional Requirements

  - Availability target: 99.9% for the public RSS feeds.
  - Episode uploads must finish processing within 10 minutes.
`;

// smart locks: "uptime" after the figure, second wording
const locks = md`
  # Smart Lock Cloud Design

  ## Architecture

  The Lock Gateway keeps MQTT sessions with the locks; the Access Service stores access grants in DynamoDB.

  ## Goals

  The unlock path must deliver 99.5% uptime, measured monthly.
`;

// podcast hosting, Japanese: 稼働率は月間99.95%以上
const haishin = md`
  # ポッドキャスト配信 設計書

  ## 概要

  番組の配信基盤。

  ## アーキテクチャ

  アップロードサービスと配信サービスは Cloud Run 上で稼働し、メタデータを Firestore に保存する。

  ## 非機能要件

  配信 API の稼働率は月間99.95%以上を確保する。
`;

describe(RULE, () => {
  describe('fires on an availability target that is not run as an SLO', () => {
    it('on "Availability target: 99.9%" (EN)', () => {
      const r = rangeOf(podcast, 'Availability target: 99.9%');
      assert.deepEqual(findingAt(podcast, RULE, r).range, r);
      assert.equal(findingsOf(podcast, RULE).length, 1);
    });

    it('on "99.5% uptime" (EN, second wording)', () => {
      const r = rangeOf(locks, '99.5% uptime');
      assert.deepEqual(findingAt(locks, RULE, r).range, r);
      assert.equal(findingsOf(locks, RULE).length, 1);
    });

    it('on 「稼働率は月間99.95%」 (JA)', () => {
      const r = rangeOf(haishin, '稼働率は月間99.95%');
      assert.deepEqual(findingAt(haishin, RULE, r).range, r);
      assert.equal(findingsOf(haishin, RULE).length, 1);
      assert.equal(lint(haishin).language, 'ja');
    });

    it('a latency target alone (EN: "p95 latency under 300 ms")', () => {
      const doc = podcast.replace('- Availability target: 99.9% for the public RSS feeds.', '- The RSS feed responds with p95 latency under 300 ms.');
      assert.notEqual(doc, podcast);
      const f = findingsOf(doc, RULE);
      assert.equal(f.length, 1);
      assert.deepEqual(f[0]!.range, rangeOf(doc, 'p95 latency under 300 ms'));
      assert.ok(f[0]!.message.includes('(p95 latency target 300 ms)'), f[0]!.message);
      assert.doesNotMatch(f[0]!.message, /\(\)/);
      // stated as an SLO: covered
      assert.deepEqual(findingsOf(doc + '\nThe feed latency is an SLO with an error budget and burn-rate alerts.\n', RULE), []);
    });

    it('latency targets in a table: one finding, the other targets related (EN); 応答時間 (JA)', () => {
      const table = podcast.replace('- Availability target: 99.9% for the public RSS feeds.\n', '') + md`

        | Operation | Target (p95) |
        |---|---|
        | Fetch the RSS feed | 300 ms |
        | Publish an episode | 2 s |
      `;
      const f = findingsOf(table, RULE);
      assert.equal(f.length, 1);
      assert.deepEqual(f[0]!.range, rangeOf(table, '300 ms'));
      assert.deepEqual(f[0]!.related.map((r) => r.range), [rangeOf(table, '2 s |')].map((r) => ({ start: r.start, end: { line: r.end.line, character: r.end.character - 2 } })));
      const ja = haishin.replace('配信 API の稼働率は月間99.95%以上を確保する。', '配信 API の応答時間は p95 で 500 ミリ秒以内とする。');
      assert.notEqual(ja, haishin);
      const g = findingsOf(ja, RULE);
      assert.equal(g.length, 1);
      assertMessage(g[0]!, 'ja', ['p95 レイテンシの目標は 500 ミリ秒ですが']);
    });

    it('a latency figure that is no target is not this rule (EN: an alert threshold)', () => {
      const doc = podcast.replace('- Availability target: 99.9% for the public RSS feeds.', '- On-call is paged when p99 latency exceeds 2 s.');
      assert.notEqual(doc, podcast);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a degradation trigger and its recovery condition are no target (EN table row, JA)', () => {
      const row = '| Slow: p99 response time above 2 s for 1 minute | serve cached results | recovers when p99 stays below 1 s for 5 minutes |';
      const doc = podcast.replace('- Availability target: 99.9% for the public RSS feeds.', `| Trigger | Behaviour | Recovery |\n|---|---|---|\n${row}`);
      assert.notEqual(doc, podcast);
      assert.deepEqual(findingsOf(doc, RULE), []);
      const ja = podcast.replace('- Availability target: 99.9% for the public RSS feeds.', '- 応答時間が p99 で 2 秒を超えた場合はキャッシュを返し、1 秒以下に戻ったら通常処理に戻す。');
      assert.deepEqual(findingsOf(ja, RULE), []);
      // a word that only looks like a condition ("pages" of a site) leaves a real target alone
      const pages = podcast.replace('- Availability target: 99.9% for the public RSS feeds.', '- Episode pages respond with p95 latency under 300 ms.');
      assert.equal(findingsOf(pages, RULE).length, 1);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(podcast, RULE)[0]!, 'moderate');
      assertTier(findingsOf(haishin, RULE)[0]!, 'moderate');
    });

    it('the message names the target and shows the monthly error budget, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(podcast, RULE)[0]!, 'en', ['99.9% per month allows 43.8 min of downtime a month']);
      assertMessage(findingsOf(locks, RULE)[0]!, 'en', ['99.5% per month allows 219 min of downtime a month']);
      assertMessage(findingsOf(haishin, RULE)[0]!, 'ja', ['99.95%（月間）で許容される停止時間は月 21.9 分']);
    });
  });

  describe('stays silent when the target is an SLO', () => {
    it('SLO with an error budget and burn-rate alerts (EN)', () => {
      const doc = podcast + md`

        ## Monitoring

        The feed availability is an SLO over 30 days; error budget burn-rate alerts page the on-call engineer.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('an SLI defined in the same statement (EN, second wording)', () => {
      const doc = locks.replace('measured monthly.', 'measured monthly; the SLI is the share of unlock commands acknowledged within 2 s.');
      assert.notEqual(doc, locks);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('エラーバジェット (JA)', () => {
      const doc = haishin + md`

        稼働率はサービスレベル目標として運用し、エラーバジェットの消費が速い場合はリリースを止める。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no SLO has been defined")', () => {
      const doc = podcast + md`

        No SLO has been defined for the upload path.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an SLO section with the computed budget and the services (EN)', { todo: P.fix }, () => {
      const f = findingsOf(podcast, RULE)[0]!;
      const after = assertFixResolves(podcast, f, { names: ['43.8 min', 'Upload Service'], lang: 'en' });
      assert.ok(after.includes('### SLO and error budget (Availability target: 99.9%)'), 'the title names the target');
    });

    it('inserts a Japanese SLO section with the computed budget (JA)', { todo: P.fix }, () => {
      assertFixResolves(haishin, findingsOf(haishin, RULE)[0]!, { names: ['21.9 分', 'アップロードサービス'], lang: 'ja' });
    });
  });
});
