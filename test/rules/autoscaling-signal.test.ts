import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'autoscaling-signal';
const P = pending(RULE);

// image processing: a queue-bound worker that scales on CPU
const images = md`
  # Image Processing Design

  ## Architecture

  The Upload Service puts jobs on the Amazon SQS queue \`thumbnails\`; the Resize Worker consumes it and writes results to Amazon S3.

  ## Scaling

  The Resize Worker scales out when average CPU utilization exceeds 60%.
`;

// ride hailing: target tracking on CPU in a list, second wording
const rides = md`
  # Ride Matching Design

  ## Architecture

  - The Matching Service keeps WebSocket connections with drivers and stores trips in PostgreSQL.
  - The Pricing Service computes fares.

  ## Infrastructure

  - ECS Auto Scaling: target tracking on CPU at 70%, 2-20 tasks.
`;

// chat, Japanese: CPU使用率でオートスケーリング
const chat = md`
  # チャット基盤 設計書

  ## 概要

  社内チャットを提供する。

  ## アーキテクチャ

  チャットサービスは WebSocket 接続を保持し、メッセージを MongoDB に保存する。通知ワーカーがプッシュ通知を送る。

  ## スケーリング

  チャットサービスは CPU使用率 70% を閾値にオートスケーリングする。
`;

describe(RULE, () => {
  describe('fires on autoscaling by CPU alone', () => {
    it('on "scales out" of the CPU statement (EN)', () => {
      const r = rangeOf(images, 'scales out');
      assert.deepEqual(findingAt(images, RULE, r).range, r);
      assert.equal(findingsOf(images, RULE).length, 1, 'one finding per document');
    });

    it('target tracking on CPU (EN, second wording)', () => {
      const r = rangeOf(rides, 'Auto Scaling');
      assert.deepEqual(findingAt(rides, RULE, r).range, r);
      assert.equal(findingsOf(rides, RULE).length, 1);
    });

    it('on オートスケーリング in a Japanese doc', () => {
      const r = rangeOf(chat, 'オートスケーリング');
      assert.deepEqual(findingAt(chat, RULE, r).range, r);
      assert.equal(lint(chat).language, 'ja');
    });

    it('autoscaling without CPU: no finding', () => {
      const doc = images.replace('when average CPU utilization exceeds 60%', 'with the number of visible messages');
      assert.notEqual(doc, images);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Minor (hint)', { todo: P.tier }, () => {
      assertTier(findingsOf(images, RULE)[0]!, 'minor');
      assertTier(findingsOf(chat, RULE)[0]!, 'minor');
    });

    it('the message names what scales, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(images, RULE)[0]!, 'en', ['Resize Worker']);
      assertMessage(findingsOf(rides, RULE)[0]!, 'en');
      assertMessage(findingsOf(chat, RULE)[0]!, 'ja', ['チャットサービス']);
    });
  });

  describe('stays silent with workload-based signals', () => {
    it('queue depth as a second signal (EN)', () => {
      const doc = images + md`

        A second policy adds tasks when the queue depth of \`thumbnails\` stays above 500 messages.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('active connections per task (EN, second wording)', () => {
      const doc = rides.replace('target tracking on CPU at 70%, 2-20 tasks.', 'target tracking on CPU at 70% and on active connections per task (target 2,000), 2-20 tasks.');
      assert.notEqual(doc, rides);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('接続数 (JA)', () => {
      const doc = chat + md`

        あわせて、タスクあたりの WebSocket 接続数が 5,000 を超えた場合もスケールアウトする。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "not on queue depth")', () => {
      const doc = images.replace('exceeds 60%.', 'exceeds 60%, not on queue depth.');
      assert.notEqual(doc, images);
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [images, rides, chat]) assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
    });

    it('inserts a scaling-signals section naming the services and the queue (EN)', { todo: P.fix }, () => {
      assertFixResolves(images, findingsOf(images, RULE)[0]!, { names: ['Resize Worker', 'thumbnails'], lang: 'en' });
    });

    it('inserts a Japanese scaling-signals section (JA)', { todo: P.fix }, () => {
      assertFixResolves(chat, findingsOf(chat, RULE)[0]!, { names: ['チャットサービス', 'MongoDB'], lang: 'ja' });
    });
  });
});
