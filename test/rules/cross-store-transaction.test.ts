import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf, spanOf } from './helpers';

const RULE = 'cross-store-transaction';
const P = pending(RULE);

// document management: numbered steps write PostgreSQL, then MongoDB
const vault = md`
  # Document Vault Design

  ## Architecture

  The Vault Service runs on Amazon ECS behind an ALB. Document metadata is kept in PostgreSQL and the document bodies in MongoDB.

  ## Data Flow

  1. A user uploads a contract to the Vault Service.
  2. The Vault Service saves the metadata row in PostgreSQL.
  3. The Vault Service stores the document body in MongoDB.
`;

// loyalty programme: an arrow chain over two stores
const points = md`
  # Loyalty Points Design

  ## Architecture

  The Points Service runs on Kubernetes. Member balances live in MySQL; the activity history lives in Cassandra.

  ## Processing Flow

  Points API → MySQL → Cassandra
`;

// hotel booking: Japanese numbered steps
const hotel = md`
  # ホテル予約システム 設計書

  ## 概要

  宿泊予約を受け付け、客室在庫を管理する。

  ## アーキテクチャ

  予約サービスは Amazon ECS 上で稼働する。予約データは PostgreSQL、客室在庫は DynamoDB に保存する。

  ## データフロー

  1. 利用者が予約サービスに予約を送信する。
  2. 予約サービスが予約を PostgreSQL に登録する。
  3. 予約サービスが DynamoDB の在庫を更新する。
`;

describe(RULE, () => {
  describe('fires on one operation that writes two stores', () => {
    it('numbered steps: on the second store, the first write related (EN)', () => {
      const range = rangeOf(vault, 'MongoDB', { after: '## Data Flow' });
      const f = findingAt(vault, RULE, range);
      assert.deepEqual(f.range, range);
      assert.deepEqual(f.related.map((r) => r.range), [rangeOf(vault, 'PostgreSQL', { after: '## Data Flow' })]);
      assert.equal(findingsOf(vault, RULE).length, 1);
    });

    it('an arrow chain MySQL → Cassandra, anchored on the chained hop (EN, second wording)', () => {
      const range = spanOf(points, 'MySQL', 'Cassandra', { after: '## Processing Flow' });
      const f = findingAt(points, RULE, range);
      assert.deepEqual(f.range, range);
      assert.equal(findingsOf(points, RULE).length, 1);
    });

    it('Japanese numbered steps: on the DynamoDB step', () => {
      const range = rangeOf(hotel, 'DynamoDB', { after: '## データフロー' });
      const f = findingAt(hotel, RULE, range);
      assert.deepEqual(f.range, range);
      assert.deepEqual(f.related.map((r) => r.range), [rangeOf(hotel, 'PostgreSQL', { after: '## データフロー' })]);
      assert.equal(findingsOf(hotel, RULE).length, 1);
      assert.equal(lint(hotel).language, 'ja');
    });

    it('a single store, or a store plus object storage, is not a cross-store write', () => {
      const single = vault.replace('3. The Vault Service stores the document body in MongoDB.', '3. The Vault Service returns the document id.');
      assert.notEqual(single, vault);
      assert.deepEqual(findingsOf(single, RULE), []);
      const objects = vault.replace('stores the document body in MongoDB', 'stores the document body in Amazon S3');
      assert.notEqual(objects, vault);
      assert.deepEqual(findingsOf(objects, RULE), []);
    });

    it('is Critical (error)', { todo: P.tier }, () => {
      assertTier(findingsOf(vault, RULE)[0]!, 'critical');
      assertTier(findingsOf(hotel, RULE)[0]!, 'critical');
    });

    it('the message names the operation, in the doc language', { todo: P.message }, () => {
      const chain = findingsOf(points, RULE)[0]!;
      assertMessage(chain, 'en', ['MySQL', 'Cassandra']);
      assertMessage(findingsOf(vault, RULE)[0]!, 'en');
      assertMessage(findingsOf(hotel, RULE)[0]!, 'ja');
    });

    it('numbered steps: the message names both stores', { todo: P.message }, () => {
      assertMessage(findingsOf(vault, RULE)[0]!, 'en', ['PostgreSQL', 'MongoDB']);
      assertMessage(findingsOf(hotel, RULE)[0]!, 'ja', ['PostgreSQL', 'DynamoDB']);
    });
  });

  describe('stays silent when the operation states how the stores stay consistent', () => {
    it('a saga with a compensating delete (EN)', () => {
      const doc = vault + md`

        The upload is an orchestrated saga: if the MongoDB write fails, a compensating action deletes the metadata row from PostgreSQL.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a nightly reconciliation job (EN, second wording)', () => {
      const doc = points + md`

        ## Consistency

        A nightly reconciliation job compares MySQL balances with the Cassandra history and repairs drift.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('補償処理 and 突合 (JA)', () => {
      const doc = hotel + md`

        ## エラーハンドリング方針

        DynamoDB の在庫更新に失敗した場合は、補償処理として PostgreSQL の予約を取り消す。さらに日次の突合処理で両者の差異を検知する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no saga")', () => {
      const doc = vault + md`

        There is no saga or compensation yet; failures are fixed by hand.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「補償処理は未実装」)', () => {
      const doc = hotel + md`

        補償処理は未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('compensation described for one flow does not cover another flow', () => {
      const doc = md`
        # Clinic Records Design

        ## Architecture

        The Records Service runs on Kubernetes and keeps patient profiles in PostgreSQL and scanned files in MongoDB.

        ## Data Flow

        ### Registration

        1. The Records Service saves the patient row in PostgreSQL.
        2. The Records Service stores the scanned ID card in MongoDB.

        If step 2 fails, a compensating action removes the patient row.

        ### Discharge

        1. The Records Service updates the admission row in PostgreSQL.
        2. The Records Service writes the discharge summary to MongoDB.
      `;
      const fs = findingsOf(doc, RULE);
      assert.deepEqual(fs.map((f) => f.range), [rangeOf(doc, 'MongoDB', { after: '### Discharge' })]);
    });
  });

  describe('quick fix', () => {
    it('inserts a saga section naming the stores (EN)', { todo: P.fix }, () => {
      assertFixResolves(vault, findingsOf(vault, RULE)[0]!, { names: ['PostgreSQL', 'MongoDB'], lang: 'en' });
    });

    it('an arrow-chain flow: the section names both stores (EN)', { todo: P.fix }, () => {
      assertFixResolves(points, findingsOf(points, RULE)[0]!, { names: ['MySQL', 'Cassandra'], lang: 'en' });
    });

    it('inserts a Japanese section naming the stores (JA)', { todo: P.fix }, () => {
      const after = assertFixResolves(hotel, findingsOf(hotel, RULE)[0]!, { names: ['PostgreSQL', 'DynamoDB'], lang: 'ja' });
      assert.deepEqual(findingsOf(after, RULE), []);
    });

    it('the fix is only an insertion (the flow text is unchanged)', { todo: P.fix }, () => {
      const f = findingsOf(vault, RULE)[0]!;
      const after = applyFix(vault, f);
      assert.ok(after.includes('3. The Vault Service stores the document body in MongoDB.\n'));
    });
  });
});
