/**
 * What a statement asserts: negations and placeholders speak for their own sentence, Japanese
 * negates after the phrase, and some longer phrases mean something else entirely.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, md, rangeOf } from './rules/helpers';

// a doc with backups whose restores are (or are not) tested
const ja = md`
  # 勤怠 設計書

  ## アーキテクチャ

  勤怠サービスは Amazon ECS 上で稼働し、PostgreSQL に打刻を保存する。

  ## 可用性

  PostgreSQL は毎日スナップショットを取得する。
`;

const withLine = (line: string) => ja.replace('毎日スナップショットを取得する。', `毎日スナップショットを取得する。${line}`);

describe('Japanese negation after the phrase', () => {
  for (const word of ['未実施', '未設定', '未導入', '未整備', '未定', '検討中']) {
    it(`「リストア訓練は${word}」 is no restore drill`, () => {
      assert.equal(findingsOf(withLine(`リストア訓練は${word}。`), 'backup-restore').length, 1);
    });
  }

  it('「リストア訓練を四半期ごとに実施する」 is one', () => {
    assert.deepEqual(findingsOf(withLine('リストア訓練を四半期ごとに実施する。'), 'backup-restore'), []);
  });

  it('a negation does not reach past 。 into the next sentence', () => {
    // 「なし」 opens the next sentence; the drill before 。 stands
    assert.deepEqual(findingsOf(withLine('リストア訓練を実施する。なしの場合は報告する。'), 'backup-restore'), []);
  });

  it('「みなし」 (deemed) is not 「なし」', () => {
    assert.deepEqual(findingsOf(withLine('四半期ごとの復元確認をリストア訓練とみなし、結果を記録する。'), 'backup-restore'), []);
  });

  it('a negated longer phrase negates the shorter phrases inside it (「Readiness Probe は未実装」)', () => {
    const doc = md`
      # 打刻 設計書

      ## アーキテクチャ

      打刻サービスは Amazon ECS 上で ALB の背後に配置する。

      ## デプロイ

      ALB のヘルスチェックは /health を呼ぶ。Liveness Probe は設定済み。Readiness Probe は未実装。
    `;
    assert.equal(findingsOf(doc, 'health-checks').length, 1);
  });

  it('an unrelated なし before the phrase does not negate it (「翻訳なしで縮退運転する」)', () => {
    const doc = md`
      # 問い合わせ 設計書

      ## アーキテクチャ

      問い合わせサービスは Amazon ECS 上で稼働し、翻訳には DeepL API を利用する。

      ## 障害時の動作

      DeepL API が停止した場合は原文のまま表示し、翻訳なしで縮退運転する。
    `;
    assert.deepEqual(findingsOf(doc, 'graceful-degradation'), []);
  });
});

describe('English negation', () => {
  const clinic = md`
    # Clinic Design

    ## Architecture

    The Booking Service runs on Amazon ECS and stores appointments in MySQL.

    ## Availability

    MySQL takes daily backups.
  `;

  it('"not" ends at a comma: "if the drill does not pass, a restore drill is repeated" asserts the drill', () => {
    const doc = clinic.replace('daily backups.', 'daily backups. If it does not finish, the quarterly restore drill is repeated.');
    assert.deepEqual(findingsOf(doc, 'backup-restore'), []);
  });

  it('"no" runs through a list: "no restore drill, replica or snapshot check" asserts none of them', () => {
    const doc = clinic.replace('daily backups.', 'daily backups. There is no replica, restore drill or runbook yet.');
    assert.equal(findingsOf(doc, 'backup-restore').length, 1);
  });

  // the phrase as the subject of a denied presence: negated after the phrase, as Japanese does
  for (const line of [
    'Restore drills are not scheduled yet.',
    'Restore drills have not been set up.',
    "Restore drills aren't in place.",
    'The restore drill isn’t implemented.',
    'A restore drill for the MySQL cluster is not planned.',
    'The restore drill (quarterly, in staging) is not yet defined.',
    'The restore drill process is not documented.',
    'Restore drill: not yet.',
    'Restore drills: none.',
  ]) {
    it(`"${line}" is no restore drill`, () => {
      assert.equal(findingsOf(clinic.replace('daily backups.', `daily backups. ${line}`), 'backup-restore').length, 1);
    });
  }

  for (const line of [
    'The quarterly restore drill makes sure that backups are not lost.',
    'Restore drills are not optional: one runs every quarter.',
    'The restore drill is not only scheduled but also audited every quarter.',
    'A restore drill runs every quarter, and failed drills are not ignored.',
    'Restore drill: no data may be lost, so it runs every quarter.',
  ]) {
    it(`"${line}" still states a restore drill`, () => {
      assert.deepEqual(findingsOf(clinic.replace('daily backups.', `daily backups. ${line}`), 'backup-restore'), []);
    });
  }

  it('the same for another rule: "A dead-letter queue for the `orders` queue is not configured yet"', () => {
    const orders = md`
      # Orders Design

      ## Architecture

      The Order Service runs on Amazon ECS, stores orders in PostgreSQL and consumes the \`orders\` queue on Amazon SQS.

      ## Failure handling

      LINE
    `;
    const dlq = (line: string) => findingsOf(orders.replace('LINE', line), 'dead-letter-queue');
    assert.equal(dlq('A dead-letter queue for the `orders` queue is not configured yet.').length, 1);
    assert.equal(dlq('Dead-letter queues: none.').length, 1);
    assert.deepEqual(dlq('A dead-letter queue for the `orders` queue takes messages after 5 receives; they are not deleted until replayed.'), []);
  });

  it('"TBD" undecides its own sentence only', () => {
    const tbd = clinic.replace('daily backups.', 'daily backups. Restore drills: TBD.');
    assert.equal(findingsOf(tbd, 'backup-restore').length, 1);
    const other = clinic.replace('daily backups.', 'daily backups. Restore drills run every quarter. Retention: TBD.');
    assert.deepEqual(findingsOf(other, 'backup-restore'), []);
  });
});

describe('phrases that contain a term but mean something else', () => {
  it('"snapshot tests" are not backups: the no-backup finding stays (EN)', () => {
    const doc = md`
      # Stock Design

      ## Architecture

      The Stock Service on Kubernetes keeps stock levels in PostgreSQL.

      ## Testing

      Snapshot tests pin the JSON responses; snapshot testing runs in CI.
    `;
    const fs = findingsOf(doc, 'backup-restore');
    assert.equal(fs.length, 1);
    assert.equal(fs[0]!.tier, 'critical');
  });

  it('「スナップショットテスト」 is not a backup either (JA)', () => {
    const doc = ja.replace('PostgreSQL は毎日スナップショットを取得する。', 'UI はスナップショットテストで検証する。');
    const fs = findingsOf(doc, 'backup-restore');
    assert.equal(fs.length, 1);
    assert.equal(fs[0]!.tier, 'critical');
  });

  it('"a component in charge of routing" charges nobody', () => {
    const doc = md`
      # Alert Routing Design

      ## Architecture

      The Router Service runs on Kubernetes and stores routes in PostgreSQL.

      ## Data Flow

      1. A distributor is in charge of handling incoming alerts and sends each to its shard.
      2. The shard writes the alert to PostgreSQL.
    `;
    assert.deepEqual(findingsOf(doc, 'compensation'), []);
  });

  it('the squiggle covers the whole phrase at its place: 「同時接続数」, not 「同時接続」', () => {
    const doc = md`
      # 配信 設計書

      ## アーキテクチャ

      配信サービスは Amazon ECS 上で稼働し、PostgreSQL に番組表を保存する。

      ## 性能

      配信中の同時接続数は最大2万を想定する。
    `;
    const f = findingsOf(doc, 'capacity-planning')[0]!;
    assert.deepEqual(f.range, rangeOf(doc, '同時接続数'));
  });
});
