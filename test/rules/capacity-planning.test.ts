import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'capacity-planning';
const P = pending(RULE);

// video transcoding: an autoscaling range with no load test behind it
const transcode = md`
  # Video Transcoding Design

  ## Architecture

  The Upload Service stores source files in Amazon S3, and the Transcode Worker converts them to HLS. Job state lives in PostgreSQL.

  ## Scaling

  The Transcode Worker uses ECS auto scaling between 2 and 40 tasks.
`;

// live quiz: a user target and no autoscaling, second wording
const quiz = md`
  # Live Quiz Design

  ## Architecture

  The Quiz Service runs game rounds and the Score Service keeps leaderboards in Redis and results in PostgreSQL.

  ## Non-Functional Requirements

  The system must handle 50,000 concurrent users during the Sunday show.
`;

// video transcoding, Japanese: オートスケーリング
const henkan = md`
  # 動画変換基盤 設計書

  ## 概要

  動画の変換を行う。

  ## アーキテクチャ

  アップロードサービスは元動画を S3 に保存し、変換ワーカーが HLS に変換する。ジョブの状態は PostgreSQL に保存する。

  ## スケーリング

  変換ワーカーはオートスケーリングで最小2タスク、最大40タスクまで増減する。
`;

describe(RULE, () => {
  describe('fires on scaling thresholds and load targets with no capacity evidence', () => {
    it('on the autoscaling statement (EN)', () => {
      const r = rangeOf(transcode, 'auto scaling');
      assert.deepEqual(findingAt(transcode, RULE, r).range, r);
      assert.equal(findingsOf(transcode, RULE).length, 1, 'one finding per document');
    });

    it('on a concurrent-user target when nothing autoscales (EN, second wording)', () => {
      const r = rangeOf(quiz, 'concurrent users');
      assert.deepEqual(findingAt(quiz, RULE, r).range, r);
      assert.equal(findingsOf(quiz, RULE).length, 1);
    });

    it('on オートスケーリング in a Japanese doc', () => {
      const r = rangeOf(henkan, 'オートスケーリング');
      assert.deepEqual(findingAt(henkan, RULE, r).range, r);
      assert.equal(lint(henkan).language, 'ja');
    });

    it('同時接続数 as a Japanese load target', () => {
      const doc = henkan.replace('変換ワーカーはオートスケーリングで最小2タスク、最大40タスクまで増減する。', '配信中の同時接続数は最大2万を想定する。');
      const r = rangeOf(doc, '同時接続数');
      assert.deepEqual(findingAt(doc, RULE, r).range, r);
    });

    it('no scaling and no load target: no finding', () => {
      const doc = quiz.replace('The system must handle 50,000 concurrent users during the Sunday show.', 'The show runs every Sunday.');
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(transcode, RULE)[0]!, 'moderate');
      assertTier(findingsOf(henkan, RULE)[0]!, 'moderate');
    });

    it('the message names what scales, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(transcode, RULE)[0]!, 'en', ['Transcode Worker']);
      assertMessage(findingsOf(quiz, RULE)[0]!, 'en');
      assertMessage(findingsOf(henkan, RULE)[0]!, 'ja', ['変換ワーカー']);
    });
  });

  describe('stays silent with load tests or a capacity model', () => {
    it('a load test at twice the peak (EN)', () => {
      const doc = transcode + md`

        A k6 load test at twice the expected upload peak runs before each season; the first bottleneck found was PostgreSQL connections.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a capacity model with headroom (EN, second wording)', () => {
      const doc = quiz.replace('during the Sunday show.', 'during the Sunday show; the capacity model keeps 40% headroom over that peak.');
      assert.notEqual(doc, quiz);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('負荷試験 (JA)', () => {
      const doc = henkan + md`

        想定ピークの2倍で負荷試験を行い、最大タスク数の妥当性を確認する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "load tests: TBD")', () => {
      const doc = transcode + md`

        Load tests: TBD.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「負荷試験は未実施… 未定」)', () => {
      const doc = henkan + md`

        負荷試験は未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [transcode, quiz, henkan]) assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
    });

    it('inserts a capacity plan naming the services and the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(transcode, findingsOf(transcode, RULE)[0]!, { names: ['Transcode Worker', 'PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese capacity plan (JA)', { todo: P.fix }, () => {
      assertFixResolves(henkan, findingsOf(henkan, RULE)[0]!, { names: ['変換ワーカー', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
