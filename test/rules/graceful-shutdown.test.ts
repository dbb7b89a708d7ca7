import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'graceful-shutdown';
const P = pending(RULE);

// trivia game: WebSocket connections, rolling update
const trivia = md`
  # Multiplayer Trivia Design

  ## Architecture

  The Game Server keeps a WebSocket connection open to every player and stores scores in PostgreSQL.

  ## Deployment

  The Game Server runs on Kubernetes and is released with a rolling update.
`;

// image pipeline: in-flight queue work, canary releases (second wording)
const thumbnails = md`
  # Thumbnail Pipeline Design

  ## Architecture

  The ThumbnailWorker consumes jobs from the RabbitMQ queue \`thumbnail-jobs\` and writes images to Amazon S3.

  ## Release

  New worker versions go out as a canary release on Amazon ECS.
`;

// screen sharing: Japanese, blue-green
const screenshare = md`
  # コールセンター画面共有 設計書

  ## 概要

  オペレーターと顧客の画面をリアルタイムに共有する。

  ## アーキテクチャ

  共有サーバーは WebSocket で顧客のブラウザと接続し、セッション情報を PostgreSQL に保存する。

  ## デプロイメント方針

  共有サーバーは Amazon ECS 上で稼働し、ブルーグリーンでリリースする。
`;

describe(RULE, () => {
  describe('fires on the release strategy when connections or work are in flight', () => {
    it('a rolling update of a WebSocket server (EN)', () => {
      const range = rangeOf(trivia, 'rolling update');
      assert.deepEqual(findingAt(trivia, RULE, range).range, range);
      assert.equal(findingsOf(trivia, RULE).length, 1);
    });

    it('a canary release of queue consumers (EN, second wording)', () => {
      const range = rangeOf(thumbnails, 'canary release');
      assert.deepEqual(findingAt(thumbnails, RULE, range).range, range);
      assert.equal(findingsOf(thumbnails, RULE).length, 1);
    });

    it('ブルーグリーン of a WebSocket server (JA)', () => {
      const range = rangeOf(screenshare, 'ブルーグリーン');
      assert.deepEqual(findingAt(screenshare, RULE, range).range, range);
      assert.equal(findingsOf(screenshare, RULE).length, 1);
      assert.equal(lint(screenshare).language, 'ja');
    });

    it('a rolling update of a plain request/response service is not this rule', () => {
      const doc = trivia.replace('keeps a WebSocket connection open to every player and stores', 'answers REST requests and stores');
      assert.notEqual(doc, trivia);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(trivia, RULE)[0]!, 'moderate');
      assertTier(findingsOf(screenshare, RULE)[0]!, 'moderate');
    });

    it('the message names the released component, else the queue whose work is in flight, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(trivia, RULE)[0]!, 'en', ['Game Server']);
      assertMessage(findingsOf(thumbnails, RULE)[0]!, 'en', ['thumbnail-jobs']);
      assertMessage(findingsOf(screenshare, RULE)[0]!, 'ja', ['共有サーバー']);
    });
  });

  describe('stays silent when shutdown is graceful', () => {
    it('SIGTERM handling and connection draining (EN)', () => {
      const doc = trivia + md`

        On SIGTERM the Game Server stops accepting players and drains open games for up to 60 seconds.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a deregistration delay with a stop timeout (EN, second wording)', () => {
      const doc = thumbnails + md`

        The target group uses a deregistration delay of 120 s; a worker finishes its current job before it exits.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('グレースフルシャットダウン (JA)', () => {
      const doc = screenshare + md`

        切り替え時は旧環境でグレースフルシャットダウンを行い、接続中のセッションが終わるまで最大10分待つ。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no connection draining")', () => {
      const doc = trivia + md`

        There is no connection draining yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「ドレインは未実装」)', () => {
      const doc = screenshare + md`

        接続のドレインは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting the fix removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [trivia, thumbnails, screenshare]) {
        assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
      }
    });

    it('inserts a graceful-shutdown section in the deployment section (EN)', { todo: P.fix }, () => {
      assertFixResolves(trivia, findingsOf(trivia, RULE)[0]!, { names: ['Game Server'], lang: 'en' });
    });

    it('inserts a Japanese graceful-shutdown section (JA)', { todo: P.fix }, () => {
      assertFixResolves(screenshare, findingsOf(screenshare, RULE)[0]!, { names: ['共有サーバー'], lang: 'ja' });
    });
  });
});
