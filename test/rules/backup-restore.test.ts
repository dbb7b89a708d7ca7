import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, headingRange, lint, md, rangeOf } from './helpers';

const RULE = 'backup-restore';

// healthcare: backups stated, restores never mentioned
const clinic = md`
  # Clinic Booking Design

  ## Architecture

  The Booking Service runs on AWS Fargate and stores appointments in Amazon Aurora MySQL and files in Amazon S3.

  ## Availability

  Aurora takes automated daily backups retained for 14 days.
`;

// logistics: snapshots, another wording
const depot = md`
  # Depot Inventory Design

  ## Architecture

  The Inventory Service on Kubernetes keeps stock levels in PostgreSQL.

  ## Operations

  A nightly job takes PostgreSQL snapshots and copies them to another account.
`;

// payroll: Japanese
const payroll = md`
  # 給与計算システム 設計書

  ## 概要

  毎月の給与を計算する。

  ## アーキテクチャ

  給与計算サービスは Amazon ECS 上で稼働し、PostgreSQL に給与データを保存する。

  ## 可用性

  PostgreSQL は毎日スナップショットを取得し、30日間保持する。
`;

describe(RULE, () => {
  describe('fires on backups without tested restores', () => {
    it('anchored on the backup statement (EN)', () => {
      const f = findingAt(clinic, RULE, rangeOf(clinic, 'backups'));
      assert.deepEqual(f.range, rangeOf(clinic, 'backups'));
      assert.equal(findingsOf(clinic, RULE).length, 1);
    });

    it('snapshots (EN, second wording)', () => {
      const f = findingAt(depot, RULE, rangeOf(depot, 'snapshots'));
      assert.deepEqual(f.range, rangeOf(depot, 'snapshots'));
      assert.equal(findingsOf(depot, RULE).length, 1);
    });

    it('スナップショット in a Japanese 可用性 section', () => {
      const f = findingAt(payroll, RULE, rangeOf(payroll, 'スナップショット'));
      assert.deepEqual(f.range, rangeOf(payroll, 'スナップショット'));
      assert.equal(lint(payroll).language, 'ja');
    });

    it('backups without restores are Significant (warning)', () => {
      assertTier(findingsOf(clinic, RULE)[0]!, 'significant');
      assertTier(findingsOf(payroll, RULE)[0]!, 'significant');
    });

    it('the message names the backup statement, in the doc language', () => {
      assertMessage(findingsOf(clinic, RULE)[0]!, 'en');
      assertMessage(findingsOf(payroll, RULE)[0]!, 'ja');
    });
  });

  describe('fires Critical when the doc has datastores and no backups at all', () => {
    it('"there are no backups yet": Critical, on the availability heading (EN)', () => {
      const doc = clinic.replace('Aurora takes automated daily backups retained for 14 days.', 'There are no backups yet.');
      const f = findingAt(doc, RULE, headingRange(doc, '## Availability'));
      assert.deepEqual(f.range, headingRange(doc, '## Availability'));
      assertTier(f, 'critical');
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('no word about backups: on the data-model heading when there is no availability section (EN, second wording)', () => {
      const doc = md`
        # Depot Inventory Design

        ## Architecture

        The Inventory Service on Kubernetes keeps stock levels in PostgreSQL.

        ## Data Model

        Each stock row holds the depot, the SKU and the quantity.
      `;
      const f = findingAt(doc, RULE, headingRange(doc, '## Data Model'));
      assertTier(f, 'critical');
    });

    it('「バックアップは未実装」: Critical, on the 可用性 heading (JA)', () => {
      const doc = payroll.replace('PostgreSQL は毎日スナップショットを取得し、30日間保持する。', 'バックアップは未実装。');
      const f = findingAt(doc, RULE, headingRange(doc, '## 可用性'));
      assertTier(f, 'critical');
    });

    // a finding on a heading is about the doc's datastores: the message names them, not the heading
    it('"snapshot tests" of the API are not backups (EN)', () => {
      const doc = md`
        # Depot Inventory Design

        ## Architecture

        The Inventory Service on Kubernetes keeps stock levels in PostgreSQL.

        ## Testing

        Snapshot tests pin the JSON responses of the stock API.
      `;
      const f = findingAt(doc, RULE, headingRange(doc, '## Architecture'));
      assertTier(f, 'critical');
    });

    it('the doc-wide message names the datastores, in the doc language', () => {
      const ja = payroll.replace('PostgreSQL は毎日スナップショットを取得し、30日間保持する。', 'バックアップは未実装。');
      assertMessage(findingAt(ja, RULE, headingRange(ja, '## 可用性')), 'ja', ['PostgreSQL']);
      const en = clinic.replace('Aurora takes automated daily backups retained for 14 days.', 'There are no backups yet.');
      assertMessage(findingAt(en, RULE, headingRange(en, '## Availability')), 'en', ['MySQL']);
    });
  });

  describe('point-in-time recovery counts as backups', () => {
    it('PITR enabled: not Critical, but Significant on the PITR statement until restores are tested (EN)', () => {
      const doc = md`
        # Sensor Hub Design

        ## Architecture

        The Hub Service runs on Amazon ECS and stores readings in DynamoDB.

        ## Availability

        DynamoDB point-in-time recovery is enabled with a 35-day window.
      `;
      const f = findingAt(doc, RULE, rangeOf(doc, 'point-in-time recovery'));
      assert.deepEqual(f.range, rangeOf(doc, 'point-in-time recovery'));
      assertTier(f, 'significant');
      assert.equal(findingsOf(doc, RULE).length, 1, 'no Critical "no backups at all" finding');
    });

    it('ポイントインタイムリカバリ + リストア訓練: silent (JA)', () => {
      const doc = payroll.replace('PostgreSQL は毎日スナップショットを取得し、30日間保持する。', 'PostgreSQL はポイントインタイムリカバリを有効にする。四半期ごとにリストア訓練を行う。');
      assert.notEqual(doc, payroll);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });
  });

  describe('stays silent when restores are tested', () => {
    it('a quarterly restore drill (EN)', () => {
      const doc = clinic.replace('retained for 14 days.', 'retained for 14 days. Restores are tested every quarter in a restore drill.');
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('restore tests stated in another section (EN, second wording)', () => {
      const doc = depot + md`

        ## Testing

        A monthly restore test rebuilds the database from the latest snapshot in staging.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('リストア訓練 (JA)', () => {
      const doc = payroll.replace('30日間保持する。', '30日間保持する。半年ごとにリストア訓練を実施し、手順書どおりに復元できることを確認する。');
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no restore drill yet")', () => {
      const doc = clinic.replace('retained for 14 days.', 'retained for 14 days. There is no restore drill yet.');
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「リストア訓練は未実施」)', () => {
      const doc = payroll.replace('30日間保持する。', '30日間保持する。リストア訓練は未実施。');
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a backup-and-restore section naming the database (EN)', () => {
      assertFixResolves(clinic, findingsOf(clinic, RULE)[0]!, { names: ['Aurora'], lang: 'en' });
    });

    it('no backups at all: inserts the section under the heading it is anchored on (EN)', () => {
      const doc = clinic.replace('Aurora takes automated daily backups retained for 14 days.', 'There are no backups yet.');
      assertFixResolves(doc, findingsOf(doc, RULE)[0]!, { names: ['MySQL'], lang: 'en' });
    });

    it('inserts a Japanese section naming the database (JA)', () => {
      assertFixResolves(payroll, findingsOf(payroll, RULE)[0]!, { names: ['PostgreSQL'], lang: 'ja' });
    });
  });
});
