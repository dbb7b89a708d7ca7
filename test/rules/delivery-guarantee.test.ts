import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'delivery-guarantee';
const P = pending(RULE);

// live auction: Redis Pub/Sub between the bidding service and the gateways
const auction = md`
  # Live Auction Design

  ## Architecture

  The Bidding Service runs on Amazon ECS and stores bids in PostgreSQL. Bidders' browsers hold a WebSocket connection to the Gateway Service, which subscribes to Redis Pub/Sub.

  ## Data Flow

  1. The Bidding Service saves each bid in PostgreSQL.
  2. The Bidding Service publishes the new highest bid to Redis Pub/Sub.
  3. Every Gateway Service instance pushes the bid to its connected bidders over WebSocket.
`;

// stock ticker: a plain fan-out over server-sent events, second wording
const ticker = md`
  # Market Ticker Design

  ## Architecture

  The Quote Service reads prices from the exchange feed and stores closing prices in PostgreSQL. Browsers keep a Server-Sent Events connection open.

  ## Data Flow

  The Quote Service fans out every price change to all connected browsers.
`;

// company chat: Japanese, ブロードキャスト over WebSocket
const chat = md`
  # 社内チャット 設計書

  ## 概要

  社員同士のリアルタイムチャットを提供する。

  ## アーキテクチャ

  チャットサービスは Kubernetes 上で稼働し、メッセージを MongoDB に保存する。クライアントとは WebSocket で接続する。

  ## データフロー

  1. チャットサービスがメッセージを MongoDB に保存する。
  2. チャットサービスが接続中の全クライアントへメッセージをブロードキャストする。
`;

describe(RULE, () => {
  describe('fires on fan-out over a channel that drops messages', () => {
    it('Redis Pub/Sub, on its publish step in the data flow (EN)', () => {
      const range = rangeOf(auction, 'Redis Pub/Sub', { after: '## Data Flow' });
      const f = findingAt(auction, RULE, range);
      assert.deepEqual(f.range, range);
      assert.deepEqual(f.related.map((r) => r.range), [rangeOf(auction, 'Redis Pub/Sub')]);
      assert.equal(findingsOf(auction, RULE).length, 1);
    });

    it('a plain fan-out to connected clients (EN, second wording)', () => {
      const range = rangeOf(ticker, 'fans out');
      assert.deepEqual(findingAt(ticker, RULE, range).range, range);
      assert.equal(findingsOf(ticker, RULE).length, 1);
    });

    it('ブロードキャスト to connected clients (JA)', () => {
      const range = rangeOf(chat, 'ブロードキャスト');
      assert.deepEqual(findingAt(chat, RULE, range).range, range);
      assert.equal(findingsOf(chat, RULE).length, 1);
      assert.equal(lint(chat).language, 'ja');
    });

    it('a broadcast with no real-time channel to clients is not this rule', () => {
      const doc = ticker.replace(' Browsers keep a Server-Sent Events connection open.', '');
      assert.notEqual(doc, ticker);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Critical (error)', { todo: P.tier }, () => {
      assertTier(findingsOf(auction, RULE)[0]!, 'critical');
      assertTier(findingsOf(chat, RULE)[0]!, 'critical');
    });

    it('the message names the channel the fan-out goes out on, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(auction, RULE)[0]!, 'en', ['Redis Pub/Sub']);
      assertMessage(findingsOf(ticker, RULE)[0]!, 'en', ['Server-Sent Events']);
      assertMessage(findingsOf(chat, RULE)[0]!, 'ja', ['WebSocket']);
    });
  });

  describe('stays silent when delivery is guaranteed or gaps are recovered', () => {
    it('sequence numbers and backfill for the Pub/Sub channel (EN)', () => {
      const doc = auction + md`

        ## Delivery

        Bids on Redis Pub/Sub carry a per-auction sequence number; a gateway that sees a gap backfills the missing bids from PostgreSQL.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('acknowledgements and catch-up after reconnecting (EN, second wording)', () => {
      const doc = ticker + md`

        ## Delivery Guarantees

        Each event has an id; a browser that reconnects sends Last-Event-ID and catches up from a durable log kept for 10 minutes.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('シーケンス番号と欠損検知 (JA)', () => {
      const doc = chat + md`

        ## 配信保証

        メッセージにはチャンネルごとのシーケンス番号を付け、クライアントは欠損検知時に差分を再取得する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no acknowledgement")', () => {
      const doc = auction + md`

        There are no acknowledgements on Redis Pub/Sub.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「配信保証はなし」)', () => {
      const doc = chat + md`

        配信保証はなし。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a delivery-guarantee section naming the channel (EN)', { todo: P.fix }, () => {
      assertFixResolves(auction, findingsOf(auction, RULE)[0]!, { names: ['Redis Pub/Sub'], lang: 'en' });
    });

    it('inserting the fix for a fan-out statement removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [ticker, chat]) {
        assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
      }
    });

    it('inserts a Japanese section for the fan-out (JA)', { todo: P.fix }, () => {
      assertFixResolves(chat, findingsOf(chat, RULE)[0]!, { names: ['WebSocket'], lang: 'ja' });
    });
  });
});
