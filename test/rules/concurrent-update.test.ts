import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'concurrent-update';
const P = pending(RULE);

// team wiki: several editors, one PUT
const wiki = md`
  # Team Wiki Design

  ## Architecture

  The Wiki Service runs on Kubernetes and stores pages in PostgreSQL. Several editors work on the same page.

  ## API

  - \`GET /api/pages/{id}\` returns a page.
  - \`PUT /api/pages/{id}\` replaces the page body with the editor's version.
`;

// kanban board: PATCH and PUT on different resources
const board = md`
  # Kanban Board Design

  ## Architecture

  The Board Service runs on Amazon ECS behind an ALB and keeps boards and cards in MySQL.

  ## Endpoints

  - Moving a card calls PATCH /v2/cards/{cardId} with the new column.
  - Renaming a board calls PUT /v2/boards/{boardId}.
`;

// retail stock: Japanese, PATCH on stock
const stock = md`
  # 在庫管理システム 設計書

  ## 概要

  複数店舗の担当者が同じ商品の在庫数を更新する。

  ## アーキテクチャ

  在庫サービスは Amazon ECS 上で稼働し、在庫を MySQL に保存する。

  ## API設計

  - \`GET /stock/{sku}\`: 在庫数を返す。
  - \`PATCH /stock/{sku}\`: 在庫数を更新する。
`;

describe(RULE, () => {
  describe('fires on each update endpoint', () => {
    it('the PUT, not the GET (EN)', () => {
      const range = rangeOf(wiki, 'PUT /api/pages/{id}');
      assert.deepEqual(findingAt(wiki, RULE, range).range, range);
      assert.equal(findingsOf(wiki, RULE).length, 1);
    });

    it('a PATCH and a PUT named in prose items, one finding each (EN, second wording)', () => {
      const card = rangeOf(board, 'PATCH /v2/cards/{cardId}');
      assert.deepEqual(findingAt(board, RULE, card).range, card);
      const name = rangeOf(board, 'PUT /v2/boards/{boardId}');
      assert.deepEqual(findingAt(board, RULE, name).range, name);
      assert.equal(findingsOf(board, RULE).length, 2);
    });

    it('a PATCH in a Japanese API section', () => {
      const range = rangeOf(stock, 'PATCH /stock/{sku}');
      assert.deepEqual(findingAt(stock, RULE, range).range, range);
      assert.equal(findingsOf(stock, RULE).length, 1);
      assert.equal(lint(stock).language, 'ja');
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(wiki, RULE)[0]!, 'significant');
      assertTier(findingsOf(stock, RULE)[0]!, 'significant');
    });

    it('the message names the endpoint, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(wiki, RULE)[0]!, 'en', ['PUT /api/pages/{id}']);
      assertMessage(findingsOf(stock, RULE)[0]!, 'ja', ['PATCH /stock/{sku}']);
    });
  });

  describe('stays silent when updates are guarded', () => {
    it('a version column with 409 Conflict, as a doc-wide rule (EN)', () => {
      const doc = wiki + md`

        ## Concurrency

        Every page row has a version column; an update whose version does not match returns 409 Conflict.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('ETag / If-Match for one endpoint covers that endpoint only (EN, second wording)', () => {
      const doc = board.replace('with the new column.', 'with the new column and an If-Match header carrying the card ETag.');
      assert.notEqual(doc, board);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'PUT /v2/boards/{boardId}')]);
    });

    it('楽観ロック with a version number (JA)', () => {
      const doc = stock + md`

        ## 排他制御

        在庫の更新は楽観ロックとし、バージョン番号が一致しない場合は 409 を返す。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no optimistic locking")', () => {
      const doc = wiki + md`

        There is no optimistic locking; the last save wins.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「楽観ロックは未実装」)', () => {
      const doc = stock + md`

        楽観ロックは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an optimistic-concurrency section naming the endpoint (EN)', { todo: P.fix }, () => {
      assertFixResolves(wiki, findingsOf(wiki, RULE)[0]!, { names: ['PUT /api/pages/{id}'], lang: 'en' });
    });

    it('the fix for the card endpoint leaves the board endpoint reported (EN)', { todo: P.fix }, () => {
      const after = assertFixResolves(board, findingAt(board, RULE, rangeOf(board, 'PATCH /v2/cards/{cardId}')), { names: ['PATCH /v2/cards/{cardId}'], lang: 'en' });
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'PUT /v2/boards/{boardId}')]);
    });

    it('inserts a Japanese section naming the endpoint (JA)', { todo: P.fix }, () => {
      assertFixResolves(stock, findingsOf(stock, RULE)[0]!, { names: ['PATCH /stock/{sku}'], lang: 'ja' });
    });
  });
});
