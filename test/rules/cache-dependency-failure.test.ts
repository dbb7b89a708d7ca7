import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'cache-dependency-failure';
const P = pending(RULE);

// online exams: sessions in Memcached
const exams = md`
  # Online Exam Platform Design

  ## Architecture

  The Exam Service runs on Amazon ECS behind an ALB and stores exams in PostgreSQL. Candidate sessions are kept in Memcached.

  ## API

  - \`GET /api/exams/{id}\` returns an exam; the Exam Service reads the session from Memcached first.
`;

// news site: two caches in a technology table
const news = md`
  # News Portal Design

  ## Architecture

  The Article Service runs on Kubernetes and stores articles in MySQL.

  | Layer | Technology |
  |---|---|
  | Session store | Redis |
  | Rendered page cache | Memcached |
`;

// library: Japanese, sessions and search results in Redis
const library = md`
  # 図書館蔵書検索 設計書

  ## 概要

  蔵書を検索し、貸出状況を表示する。

  ## アーキテクチャ

  検索サービスは Kubernetes 上で稼働し、蔵書データを PostgreSQL に保存する。ログインセッションと検索結果は Redis に保持する。
`;

describe(RULE, () => {
  describe('fires on each cache on the request path', () => {
    it('on the first mention of the cache, later mentions related (EN)', () => {
      const f = findingAt(exams, RULE, rangeOf(exams, 'Memcached'));
      assert.deepEqual(f.range, rangeOf(exams, 'Memcached'));
      assert.deepEqual(f.related.map((r) => r.range), [rangeOf(exams, 'Memcached', { occurrence: 2 })]);
      assert.equal(findingsOf(exams, RULE).length, 1, 'PostgreSQL is not a cache');
    });

    it('two caches in a technology table, one finding each (EN, second wording)', () => {
      assert.deepEqual(findingAt(news, RULE, rangeOf(news, 'Redis')).range, rangeOf(news, 'Redis'));
      assert.deepEqual(findingAt(news, RULE, rangeOf(news, 'Memcached')).range, rangeOf(news, 'Memcached'));
      assert.equal(findingsOf(news, RULE).length, 2);
    });

    it('Redis in a Japanese doc', () => {
      const range = rangeOf(library, 'Redis');
      assert.deepEqual(findingAt(library, RULE, range).range, range);
      assert.equal(findingsOf(library, RULE).length, 1);
      assert.equal(lint(library).language, 'ja');
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(exams, RULE)[0]!, 'significant');
      assertTier(findingsOf(library, RULE)[0]!, 'significant');
    });

    it('the message names the cache, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(exams, RULE)[0]!, 'en', ['Memcached']);
      assertMessage(findingAt(news, RULE, rangeOf(news, 'Redis')), 'en', ['Redis']);
      assertMessage(findingsOf(library, RULE)[0]!, 'ja', ['Redis']);
    });
  });

  describe('stays silent when the outage behaviour is documented', () => {
    it('falls back to the database (EN)', () => {
      const doc = exams + md`

        ## Failure Handling

        If Memcached is unreachable, the Exam Service falls back to the session table in PostgreSQL.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('fail-open for one cache does not cover the other (EN, second wording)', () => {
      const doc = news + md`

        ## Failure Handling

        The Memcached page cache fails open: pages are rendered from MySQL while it is down.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'Redis')]);
    });

    it('フォールバック to PostgreSQL (JA)', () => {
      const doc = library + md`

        ## 障害時の動作

        Redis が停止した場合、検索結果は PostgreSQL から直接取得するフォールバックに切り替え、ログインセッションは再ログインを求める。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no fallback")', () => {
      const doc = exams + md`

        There is no fallback for Memcached.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「フォールバックは未定」)', () => {
      const doc = library + md`

        Redis 停止時のフォールバックは未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a cache-outage section naming the cache (EN)', { todo: P.fix }, () => {
      assertFixResolves(exams, findingsOf(exams, RULE)[0]!, { names: ['Memcached'], lang: 'en' });
    });

    it('the fix for one cache leaves the other reported (EN)', { todo: P.fix }, () => {
      const after = applyFix(news, findingAt(news, RULE, rangeOf(news, 'Memcached')));
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'Redis')]);
    });

    it('inserts a Japanese section naming the cache (JA)', { todo: P.fix }, () => {
      assertFixResolves(library, findingsOf(library, RULE)[0]!, { names: ['Redis'], lang: 'ja' });
    });
  });
});
