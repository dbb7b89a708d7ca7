import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'backpressure';
const P = pending(RULE);

// video: two named RabbitMQ queues
const video = md`
  # Video Transcoding Design

  ## Architecture

  The Ingest API runs on Amazon ECS and stores job records in PostgreSQL.

  - Transcode jobs are sent to the RabbitMQ queue \`transcode-jobs\`; the TranscodeWorker consumes them.
  - Finished renditions are announced on the RabbitMQ queue \`rendition-ready\`, which the CatalogWorker consumes.
`;

// internal hop: a gateway forwarding to a backend (second wording)
const gateway = md`
  # Mobile Banking Backend Design

  ## Architecture

  - Edge Gateway: forwards requests to the Accounts Service.
  - Accounts Service: runs on Kubernetes and stores accounts in PostgreSQL.
`;

// ad analytics: Japanese, a Kinesis stream
const ads = md`
  # 広告配信ログ集計 設計書

  ## 概要

  広告のインプレッションを集計する。

  ## アーキテクチャ

  配信サーバーはインプレッションを Kinesis のストリーム \`impressions\` に送信し、集計ワーカーが受信して BigQuery に書き込む。
`;

describe(RULE, () => {
  describe('fires where producers can outrun consumers', () => {
    it('each named queue, on its name (EN)', () => {
      const jobs = rangeOf(video, 'transcode-jobs');
      assert.deepEqual(findingAt(video, RULE, jobs).range, jobs);
      const ready = rangeOf(video, 'rendition-ready');
      assert.deepEqual(findingAt(video, RULE, ready).range, ready);
      assert.equal(findingsOf(video, RULE).length, 2, 'the queues are the subjects, not RabbitMQ itself');
    });

    it('an internal hop that forwards requests to another service (EN, second wording)', () => {
      // the squiggle covers the cue phrase that triggered the rule
      const range = rangeOf(gateway, 'forwards requests');
      assert.deepEqual(findingAt(gateway, RULE, range).range, range);
      assert.equal(findingsOf(gateway, RULE).length, 1);
    });

    it('a Kinesis stream in a Japanese doc', () => {
      const range = rangeOf(ads, 'impressions', { after: 'ストリーム `' });
      assert.deepEqual(findingAt(ads, RULE, range).range, range);
      assert.equal(findingsOf(ads, RULE).length, 1);
      assert.equal(lint(ads).language, 'ja');
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingAt(video, RULE, rangeOf(video, 'transcode-jobs')), 'significant');
      assertTier(findingsOf(ads, RULE)[0]!, 'significant');
    });

    it('the message names the queue or the hop, in the doc language', { todo: P.message }, () => {
      assertMessage(findingAt(video, RULE, rangeOf(video, 'transcode-jobs')), 'en', ['transcode-jobs']);
      assertMessage(findingsOf(gateway, RULE)[0]!, 'en', ['Accounts Service']);
      assertMessage(findingsOf(ads, RULE)[0]!, 'ja', ['impressions']);
    });
  });

  describe('stays silent when the backlog is bounded', () => {
    it('a bounded queue for one queue does not cover another queue on the same broker (EN)', () => {
      const doc = video + md`

        ## Load Control

        The RabbitMQ queue \`transcode-jobs\` is a bounded queue (max length 10,000, reject-publish); the Ingest API answers 503 when it is full.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'rendition-ready')]);
    });

    it('backpressure for a Kafka topic does not cover the RabbitMQ queue (EN)', () => {
      const doc = video.replace('announced on the RabbitMQ queue `rendition-ready`', 'announced on the Kafka topic `rendition-ready`') + md`

        ## Load Control

        The TranscodeWorker scales out on consumer lag of the Kafka topic \`rendition-ready\`.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'transcode-jobs')]);
    });

    it('load shedding on the internal hop (EN, second wording)', () => {
      const doc = gateway + md`

        ## Overload

        The Edge Gateway sheds load with admission control when the Accounts Service latency passes 500 ms.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('scaling the consumers on the stream lag (EN)', () => {
      const doc = video + md`

        ## Scaling

        The TranscodeWorker and the CatalogWorker scale out on queue depth.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('バックプレッシャー for the stream (JA)', () => {
      const doc = ads + md`

        ## 障害対策

        \`impressions\` ストリームの滞留が閾値を超えたら配信サーバー側で送信を間引くバックプレッシャーをかける。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no backpressure")', () => {
      const doc = gateway + md`

        There is no backpressure between the Edge Gateway and the Accounts Service.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「バックプレッシャーは未実装」)', () => {
      const doc = ads + md`

        バックプレッシャーは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a backpressure section naming the queue (EN)', { todo: P.fix }, () => {
      assertFixResolves(video, findingAt(video, RULE, rangeOf(video, 'transcode-jobs')), { names: ['transcode-jobs'], lang: 'en' });
    });

    it('the fix for one queue leaves the other reported (EN)', { todo: P.fix }, () => {
      const after = applyFix(video, findingAt(video, RULE, rangeOf(video, 'transcode-jobs')));
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'rendition-ready')]);
    });

    it('inserts a Japanese section naming the stream (JA)', { todo: P.fix }, () => {
      assertFixResolves(ads, findingsOf(ads, RULE)[0]!, { names: ['impressions'], lang: 'ja' });
    });
  });
});
