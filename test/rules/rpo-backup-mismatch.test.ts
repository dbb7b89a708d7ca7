import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

/** Complements test/numbers.test.ts (daily/6-hourly forms, tables, corpus): ranges, boundaries, coverage, fix. */
const RULE = 'rpo-backup-mismatch';
const P = pending(RULE);

// clinic records: snapshots every 6 hours against a stated RPO
const clinic = (rpo: string) => md`
  # Clinic Records Design

  ## Architecture

  The Records Service stores patient visits in PostgreSQL on Amazon RDS. The Billing Worker exports invoices nightly.

  ## Backup and Recovery

  - Automated RDS snapshots are taken every 6 hours and kept for 14 days.
  - Recovery point objective (RPO): ${rpo}.
`;

// warehouse inventory: daily MongoDB dumps, second wording
const inventory = (rpo: string) => md`
  # Warehouse Inventory Design

  ## Architecture

  The Stock Service keeps stock levels in MongoDB, and the Replenishment Worker places supplier orders.

  ## Durability

  A mongodump of the whole database runs daily at 02:00. The RPO for stock movements is ${rpo}.
`;

// clinic records, Japanese: 1時間ごと vs RPO 59分 / 60分
const shinryo = (rpo: string) => md`
  # 診療記録システム 設計書

  ## 概要

  診療記録を管理する。

  ## アーキテクチャ

  記録サービスは診療記録を PostgreSQL に保存し、請求ワーカーが夜間に請求データを出力する。

  ## バックアップ

  - データベースは1時間ごとにスナップショットを取得する。
  - RPO は${rpo}とする。
`;

describe(RULE, () => {
  describe('fires on an RPO shorter than the backup interval', () => {
    it('one hour under the interval: on the RPO, with the arithmetic (EN)', () => {
      const text = clinic('5 hours');
      const r = rangeOf(text, 'Recovery point objective (RPO): 5 hours');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.equal(findingsOf(text, RULE).length, 1);
      assert.ok(f.message.includes('RPO 5 h < backup interval 6 h'), f.message);
    });

    it('equal to the interval: no finding (EN)', () => {
      assert.deepEqual(findingsOf(clinic('6 hours'), RULE), []);
    });

    it('daily dumps against an RPO of 23 hours (EN, second wording)', () => {
      const text = inventory('23 hours');
      const f = findingsOf(text, RULE);
      assert.equal(f.length, 1);
      assert.ok(f[0]!.message.includes('RPO 23 h < backup interval 24 h'), f[0]!.message);
      assert.ok(text.slice(f[0]!.start, f[0]!.end).includes('23 hours'), `anchored on the RPO figure: ${text.slice(f[0]!.start, f[0]!.end)}`);
    });

    it('daily dumps against an RPO of 24 hours: no finding (EN)', () => {
      assert.deepEqual(findingsOf(inventory('24 hours'), RULE), []);
    });

    it('1時間ごと vs RPO 59分 (JA)', () => {
      const text = shinryo('59分');
      const r = rangeOf(text, 'RPO は59分');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.ok(f.message.includes('RPO 59 分 < バックアップ間隔 1 時間'), f.message);
      assert.equal(lint(text).language, 'ja');
    });

    it('1時間ごと vs RPO 60分: equal, no finding (JA)', () => {
      assert.deepEqual(findingsOf(shinryo('60分'), RULE), []);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(clinic('5 hours'), RULE)[0]!, 'significant');
      assertTier(findingsOf(shinryo('59分'), RULE)[0]!, 'significant');
    });

    it('the message names the RPO, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(clinic('5 hours'), RULE)[0]!, 'en', ['5 hours']);
      assertMessage(findingsOf(shinryo('59分'), RULE)[0]!, 'ja', ['59分']);
    });
  });

  describe('stays silent with continuous backup', () => {
    it('point-in-time recovery enabled (EN)', () => {
      const text = clinic('5 hours') + md`
        - Point-in-time recovery is enabled on the instance.
      `;
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('oplog shipping described as continuous backup (EN, second wording)', () => {
      const text = inventory('1 hour').replace('runs daily at 02:00.', 'runs daily at 02:00, and continuous backup of the oplog goes to S3.');
      assert.equal(findingsOf(inventory('1 hour'), RULE).length, 1, 'without it the mismatch is reported');
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('WAL アーカイブ / トランザクションログ (JA)', () => {
      const text = shinryo('5分') + md`
        - トランザクションログは S3 に継続的にアーカイブする。
      `;
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('a negated mention is not coverage (EN: "There is no point-in-time recovery")', () => {
      const text = clinic('5 hours') + md`
        - There is no point-in-time recovery.
      `;
      assert.equal(findingsOf(text, RULE).length, 1);
    });

    it('a negated mention is not coverage (EN: "no WAL archiving"; JA: 「WAL アーカイブは未設定」)', () => {
      const en = clinic('5 hours') + md`
        - There is no WAL archiving yet.
      `;
      assert.equal(findingsOf(en, RULE).length, 1);
      const ja = shinryo('5分') + md`
        - WAL アーカイブは未設定。
      `;
      assert.equal(findingsOf(ja, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a point-in-time recovery section with the arithmetic and the datastore (EN)', { todo: P.fix }, () => {
      const text = clinic('5 hours');
      assertFixResolves(text, findingsOf(text, RULE)[0]!, { names: ['RPO 5 h < backup interval 6 h', 'PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese point-in-time recovery section (JA)', { todo: P.fix }, () => {
      const text = shinryo('59分');
      assertFixResolves(text, findingsOf(text, RULE)[0]!, { names: ['RPO 59 分 < バックアップ間隔 1 時間', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
