import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

/** Complements test/numbers.test.ts (instance-class defaults, summed services, proxies): ranges, boundaries, coverage, fix. */
const RULE = 'connection-pool';
const P = pending(RULE);

// courier tracking: one PostgreSQL shared by two services, no pool stated
const courier = md`
  # Courier Tracking Design

  ## Architecture

  - The Tracking Service records courier positions in PostgreSQL 15 on Amazon RDS.
  - The ETA Service reads the positions and computes arrival times.
  - Both run on Amazon ECS Fargate.
`;

// courier tracking: the numbers, EN. 10 tasks × pool 50 = 500 against a stated limit
const courierNumbers = (limit: number) => md`
  # Courier Tracking Design

  ## Architecture

  - The Tracking Service records courier positions in PostgreSQL 15 on Amazon RDS; max_connections is ${limit}.
  - The Tracking Service runs on ECS Fargate with auto scaling up to 10 tasks.
  - Each task keeps a HikariCP connection pool of 50.
  - The ETA Service computes arrival times from the positions.
`;

// library system: two relational databases, second wording
const library = md`
  # Library Catalogue Design

  ## Architecture

  The Catalogue Service keeps books in MySQL. The Loans Service keeps loans in PostgreSQL, and the Fines Worker reads them nightly.
`;

// courier tracking, Japanese: 最大20タスク × 最大30接続 against max_connections
const haisoNumbers = (limit: number) => md`
  # 配送追跡システム 設計書

  ## 概要

  配達員の位置を追跡する。

  ## アーキテクチャ

  - 追跡サービスは配達員の位置を PostgreSQL（Amazon RDS）に保存する。RDS の max_connections は ${limit} とする。
  - 追跡サービスは ECS Fargate 上で最大20タスクまでオートスケーリングする。
  - 1タスクあたりコネクションプール（最大30接続）を持つ。
  - 到着予測サービスは位置情報から到着時刻を計算する。
`;

// courier tracking, Japanese: no pool stated
const haiso = md`
  # 配送追跡システム 設計書

  ## 概要

  配達員の位置を追跡する。

  ## アーキテクチャ

  追跡サービスは配達員の位置を PostgreSQL に保存し、到着予測サービスがそれを読み取って到着時刻を計算する。
`;

const overflow = (text: string) => findingsOf(text, RULE).filter((f) => f.subject?.id.startsWith('connection-pool-overflow:'));

describe(RULE, () => {
  describe('fires on a shared database with no pool budget', () => {
    it('on the database, once (EN)', () => {
      const r = rangeOf(courier, 'PostgreSQL');
      assert.deepEqual(findingAt(courier, RULE, r).range, r);
      assert.equal(findingsOf(courier, RULE).length, 1);
    });

    it('one finding per relational database (EN, second wording)', () => {
      const mysql = rangeOf(library, 'MySQL');
      const pg = rangeOf(library, 'PostgreSQL');
      assert.deepEqual(findingAt(library, RULE, mysql).range, mysql);
      assert.deepEqual(findingAt(library, RULE, pg).range, pg);
      assert.equal(findingsOf(library, RULE).length, 2);
    });

    it('on PostgreSQL in a Japanese doc', () => {
      const r = rangeOf(haiso, 'PostgreSQL');
      assert.deepEqual(findingAt(haiso, RULE, r).range, r);
      assert.equal(lint(haiso).language, 'ja');
    });

    it('a single service: no finding', () => {
      const doc = courier.replace('- The ETA Service reads the positions and computes arrival times.\n', '');
      assert.notEqual(doc, courier);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(courier, RULE)[0]!, 'significant');
      assertTier(findingsOf(haiso, RULE)[0]!, 'significant');
    });

    it('the message names the database, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(courier, RULE)[0]!, 'en', ['PostgreSQL']);
      assertMessage(findingsOf(haiso, RULE)[0]!, 'ja', ['PostgreSQL']);
    });
  });

  describe('stays silent with a pool budget', () => {
    it('a bounded pool per task as a doc-wide policy (EN)', () => {
      const doc = courier + md`

        ## Database Access

        Every service uses a HikariCP pool of 10 connections per task with a 2 s acquire timeout.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a pool stated for one database covers that database only (EN, second wording)', () => {
      const doc = library + md`

        The Loans Service reaches PostgreSQL through PgBouncer, with a pool size of 20.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.subject?.name), ['MySQL']);
    });

    it('コネクションプール (JA)', () => {
      const doc = haiso + md`

        各サービスは PostgreSQL へのコネクションプールを1タスクあたり10接続とし、取得待ちは2秒で打ち切る。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no connection pool")', () => {
      const doc = courier + md`

        The services open a new connection per request, without a connection pool.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('numbers: max instances × pool per instance against the connection limit', () => {
    it('one over the limit: Critical, on the pool, with the arithmetic (EN)', () => {
      const text = courierNumbers(499);
      const r = rangeOf(text, 'connection pool of 50');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.equal(overflow(text).length, 1);
      assertTier(f, 'critical');
      assert.ok(f.message.includes('10 tasks × pool 50 = 500 connections > max_connections 499'), f.message);
    });

    it('equal to the limit: no overflow finding (EN)', () => {
      assert.deepEqual(overflow(courierNumbers(500)), []);
      assert.deepEqual(findingsOf(courierNumbers(500), RULE), [], 'the stated pool also covers the sizing trigger');
    });

    it('one over the limit with 最大20タスク and 最大30接続: on the whole 「コネクションプール（最大30接続）」 (JA)', () => {
      const text = haisoNumbers(599);
      const r = rangeOf(text, 'コネクションプール（最大30接続）');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.equal(overflow(text).length, 1);
      assertTier(f, 'critical');
      assert.ok(f.message.includes('20 タスク × プール 30 = 600 接続 > max_connections 599'), f.message);
      assertMessage(f, 'ja');
    });

    it('equal to the limit: no overflow finding (JA)', () => {
      assert.deepEqual(overflow(haisoNumbers(600)), []);
    });
  });

  describe('quick fix', () => {
    it('inserts a pool budget naming the database and the services, "ETA Service" included (EN)', { todo: P.fix }, () => {
      assertFixResolves(courier, findingsOf(courier, RULE)[0]!, { names: ['PostgreSQL', 'Tracking Service', 'ETA Service'], lang: 'en' });
    });

    it('the fix for one database leaves the other reported (EN)', { todo: P.fix }, () => {
      const f = findingAt(library, RULE, rangeOf(library, 'MySQL'));
      assert.deepEqual(findingsOf(applyFix(library, f), RULE).map((g) => g.subject?.name), ['PostgreSQL']);
    });

    it('the overflow fix inserts the budget and resolves the finding (EN)', { todo: P.fix }, () => {
      const text = courierNumbers(499);
      assertFixResolves(text, overflow(text)[0]!, { names: ['PostgreSQL', 'Tracking Service'], lang: 'en' });
    });

    it('inserts a Japanese pool budget (JA)', { todo: P.fix }, () => {
      assertFixResolves(haiso, findingsOf(haiso, RULE)[0]!, { names: ['PostgreSQL', '追跡サービス'], lang: 'ja' });
    });

    it('the Japanese overflow fix resolves the finding (JA)', { todo: P.fix }, () => {
      const text = haisoNumbers(599);
      const after = assertFixResolves(text, overflow(text)[0]!, { names: ['PostgreSQL', '追跡サービス'], lang: 'ja' });
      assert.ok(after.includes('### コネクションプールの設計（コネクションプール（最大30接続））'), 'balanced parentheses in the title');
    });
  });
});
