import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'cache-invalidation';
const P = pending(RULE);

// travel: fare quotes cached with a TTL in the architecture paragraph
const fares = md`
  # Flight Search Design

  ## Architecture

  The Search Service runs on Amazon ECS and reads fares from PostgreSQL.

  Fare quotes are cached in Redis with a TTL of 10 minutes.

  ## API

  - \`GET /api/fares?from=&to=\` returns fare quotes.
`;

// real estate: listing availability, "expires after" wording
const listings = md`
  # Rental Listings Design

  ## Architecture

  The Listing Service runs on Kubernetes and stores listings in MySQL.

  ## Caching

  Availability calendars are kept in a Memcached cache whose entries expire after 15 minutes.
`;

// e-commerce: Japanese, prices cached with 有効期限
const catalog = md`
  # ECサイト商品カタログ 設計書

  ## 概要

  商品の価格と在庫状況を表示する。

  ## アーキテクチャ

  カタログサービスは Kubernetes 上で稼働し、商品を MySQL に保存する。

  商品価格は Redis にキャッシュし、有効期限は30分とする。
`;

describe(RULE, () => {
  describe('fires on cached data with a TTL', () => {
    it('on the cache word of the TTL statement (EN)', () => {
      const range = rangeOf(fares, 'cached');
      assert.deepEqual(findingAt(fares, RULE, range).range, range);
      assert.equal(findingsOf(fares, RULE).length, 1);
    });

    it('"expire after" wording in a caching section (EN, second wording)', () => {
      const range = rangeOf(listings, 'cache', { after: 'Memcached ' });
      assert.deepEqual(findingAt(listings, RULE, range).range, range);
      assert.equal(findingsOf(listings, RULE).length, 1);
    });

    it('キャッシュ with 有効期限 (JA)', () => {
      const range = rangeOf(catalog, 'キャッシュ');
      assert.deepEqual(findingAt(catalog, RULE, range).range, range);
      assert.equal(findingsOf(catalog, RULE).length, 1);
      assert.equal(lint(catalog).language, 'ja');
    });

    it('a cache with no TTL, or a TTL with no cache, is not this rule', () => {
      const noTtl = fares.replace(' with a TTL of 10 minutes', '');
      assert.notEqual(noTtl, fares);
      assert.deepEqual(findingsOf(noTtl, RULE), []);
      const noCache = fares.replace('Fare quotes are cached in Redis with a TTL of 10 minutes.', 'Signed download links have a TTL of 10 minutes.');
      assert.notEqual(noCache, fares);
      assert.deepEqual(findingsOf(noCache, RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(fares, RULE)[0]!, 'significant');
      assertTier(findingsOf(catalog, RULE)[0]!, 'significant');
    });

    it('the message quotes the cache statement, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(fares, RULE)[0]!, 'en', ['Redis']);
      assertMessage(findingsOf(catalog, RULE)[0]!, 'ja', ['Redis']);
    });

    it('the message names the cache even when the statement is long', { todo: P.message }, () => {
      const doc = fares.replace('Fare quotes are cached in Redis', 'Fare quotes for every origin, destination, cabin class and travel date pair are cached in Redis');
      assert.notEqual(doc, fares);
      assertMessage(findingsOf(doc, RULE)[0]!, 'en', ['Redis']);
    });
  });

  describe('stays silent when the cache is invalidated at the source', () => {
    it('invalidation events on fare changes, stated next to the cache (EN)', () => {
      const doc = fares.replace('with a TTL of 10 minutes.', 'with a TTL of 10 minutes; a fare change publishes an invalidation event that evicts the quote.');
      assert.notEqual(doc, fares);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('write-through, stated in another section about the same cache (EN, second wording)', () => {
      const doc = listings + md`

        ## Consistency

        Booking a night updates the Memcached entry write-through, so the calendar is never stale.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('キャッシュの無効化 on price updates (JA)', () => {
      const doc = catalog + md`

        価格の更新時には該当商品のキャッシュを無効化する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('invalidation of one cache does not cover another cache', () => {
      const doc = fares + md`

        ## Seat Maps

        Seat maps are cached in Memcached with a TTL of 2 minutes.

        ## Fare Updates

        When a fare changes, the Search Service invalidates the cache entry in Redis.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'cached', { after: '## Seat Maps' })]);
    });

    it('a negated mention is not coverage (EN: "no cache invalidation")', () => {
      const doc = fares + md`

        There is no cache invalidation; quotes simply expire.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting the fix removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [fares, catalog]) {
        const f = findingsOf(doc, RULE)[0]!;
        assert.deepEqual(findingsOf(applyFix(doc, f), RULE), []);
      }
    });

    it('inserts a cache-freshness section titled with the cache (EN)', { todo: P.fix }, () => {
      assertFixResolves(fares, findingsOf(fares, RULE)[0]!, { names: ['Redis'], lang: 'en' });
    });

    it('inserts a Japanese section titled with the cache (JA)', { todo: P.fix }, () => {
      assertFixResolves(catalog, findingsOf(catalog, RULE)[0]!, { names: ['Redis'], lang: 'ja' });
    });
  });
});
