import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf, spanOf } from './helpers';

const RULE = 'realtime-reconnect';

// auctions: WebSocket connections held and broadcast
const auction = md`
  # Auction Live Bids Design

  ## Architecture

  The Bid Service runs on Amazon ECS behind an ALB and stores bids in PostgreSQL. The Live Gateway keeps the WebSocket connections of all bidders and broadcasts each accepted bid to the room.
`;

// chat: persistent connection, another wording
const chat = md`
  # Team Chat Design

  ## Architecture

  The Chat Service runs on Kubernetes and stores messages in MongoDB. Clients hold a persistent WebSocket connection to the Chat Gateway, which pushes new messages to every member of the channel.
`;

// logistics: Japanese
const tracking = md`
  # 配送状況トラッキング 設計書

  ## 概要

  配送中の荷物の位置を利用者へリアルタイムに表示する。

  ## アーキテクチャ

  トラッキングサービスは Amazon ECS 上で稼働し、PostgreSQL に配送状況を保存する。配信ゲートウェイが WebSocket の接続を管理し、位置情報の更新を購読中の利用者へブロードキャストする。
`;

describe(RULE, () => {
  describe('fires on a real-time channel without reconnection', () => {
    it('"keeps the WebSocket connections": anchored on the real-time channel (EN)', () => {
      const range = rangeOf(auction, 'keeps the WebSocket connections');
      assert.deepEqual(findingAt(auction, RULE, range).range, range);
      assert.equal(findingsOf(auction, RULE).length, 1, 'one finding per document');
    });

    it('"a persistent WebSocket connection" (EN, second wording)', () => {
      const range = rangeOf(chat, 'persistent WebSocket connection');
      assert.deepEqual(findingAt(chat, RULE, range).range, range);
    });

    it('「WebSocket の接続を管理」 in a Japanese アーキテクチャ section', () => {
      const range = spanOf(tracking, 'WebSocket', '接続を管理');
      assert.deepEqual(findingAt(tracking, RULE, range).range, range);
      assert.equal(lint(tracking).language, 'ja');
    });

    it('a channel named without any connection wording (EN: "over Server-Sent Events")', () => {
      const doc = md`
        # Live Scores Design

        ## Architecture

        The Score Service runs on Amazon ECS and stores matches in PostgreSQL. Browsers receive live scores over Server-Sent Events.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'Server-Sent Events')]);
    });

    it('is Significant (warning)', () => {
      assertTier(findingsOf(auction, RULE)[0]!, 'significant');
      assertTier(findingsOf(tracking, RULE)[0]!, 'significant');
    });

    it('the message names the real-time channel, in the doc language', () => {
      assertMessage(findingsOf(auction, RULE)[0]!, 'en', ['WebSocket']);
      assertMessage(findingsOf(chat, RULE)[0]!, 'en', ['WebSocket']);
      assertMessage(findingsOf(tracking, RULE)[0]!, 'ja', ['WebSocket']);
    });
  });

  describe('stays silent when clients reconnect and catch up', () => {
    it('reconnect with backoff and jitter, catch up from the last event id (EN)', () => {
      const doc = auction + md`

        ## Client Behaviour

        After a dropped connection the client reconnects with exponential backoff and jitter and fetches missed bids with the last event id.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('heartbeats and a resume token (EN, second wording)', () => {
      const doc = chat + md`

        The gateway sends heartbeats every 20 seconds; a client that misses two resumes the session with its resume token.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('再接続 + 差分取得 (JA)', () => {
      const doc = tracking + md`

        ## クライアント設計

        切断時、クライアントは指数バックオフで再接続し、最後に受信したシーケンス番号以降の更新を差分取得する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "do not reconnect automatically")', () => {
      const doc = chat + md`

        ## Client

        Clients do not reconnect automatically; users reload the page.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「再接続処理は未実装」)', () => {
      const doc = tracking + md`

        ## クライアント設計

        再接続処理は未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a reconnection section naming the channel (EN)', () => {
      assertFixResolves(auction, findingsOf(auction, RULE)[0]!, { names: ['WebSocket'], lang: 'en' });
    });

    it('inserts a Japanese reconnection section naming the channel (JA)', () => {
      assertFixResolves(tracking, findingsOf(tracking, RULE)[0]!, { names: ['WebSocket'], lang: 'ja' });
    });
  });
});
