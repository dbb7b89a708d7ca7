import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';
import { labelledNumbers } from '../../server/src/model/figures';

/** Complements test/numbers.test.ts (databases are not logs, accepted loss): ranges, boundaries, fix. */
const RULE = 'replication-factor';
const P = pending(RULE);

// payment events: Kafka topic settings in prose
const payments = (settings: string) => md`
  # Payment Events Design

  ## Architecture

  The Payment Service writes payments to PostgreSQL and publishes payment events to the Kafka topic \`payments\`. The Ledger Service consumes them.

  ## Streaming

  The \`payments\` topic has 6 partitions with ${settings} and acks=all.
`;

// shipment tracking: Redpanda, settings in a list, second wording
const shipments = (settings: string) => md`
  # Shipment Tracking Design

  ## Architecture

  - The Scan Service publishes parcel scans to Redpanda.
  - The Status Service consumes the scans and stores parcel status in MySQL.

  ## Event Log

  - Topic \`parcel-scans\`: ${settings}.
`;

// payment events, Japanese
const kessai = (settings: string) => md`
  # 決済イベント基盤 設計書

  ## 概要

  決済イベントを配信する。

  ## アーキテクチャ

  決済サービスは決済を PostgreSQL に保存し、Kafka のトピック \`payments\` に決済イベントを送信する。元帳サービスがそれを受信する。

  ## ストリーミング

  \`payments\` トピックの${settings}とする。
`;

describe(RULE, () => {
  describe('fires on a replication factor below 3, or no min.insync.replicas', () => {
    it('factor 2: on the factor, with the arithmetic (EN)', () => {
      const text = payments('replication factor 2');
      const r = rangeOf(text, 'replication factor 2');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.equal(findingsOf(text, RULE).length, 1);
      assert.ok(f.message.includes('replication factor 2 < 3'), f.message);
    });

    it('factor 3 with min.insync.replicas 2: no finding (EN)', () => {
      assert.deepEqual(findingsOf(payments('replication factor 3, min.insync.replicas 2'), RULE), []);
    });

    it('factor 3 without min.insync.replicas (EN, second wording)', () => {
      const text = shipments('replication factor 3, retention 7 days');
      const r = rangeOf(text, 'replication factor 3');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.ok(f.message.includes('replication factor 3 without min.insync.replicas ≥ 2'), f.message);
    });

    it('min.insync.replicas 1 leaves no second copy (EN)', () => {
      const text = shipments('replication factor 3, min.insync.replicas 1');
      const f = findingAt(text, RULE, rangeOf(text, 'replication factor 3'));
      assert.ok(f.message.includes('min.insync.replicas 1 < 2 with replication factor 3'), f.message);
      assert.deepEqual(findingsOf(shipments('replication factor 3, min.insync.replicas 2'), RULE), [], 'min.insync.replicas 2: no finding');
    });

    it('レプリケーションファクターは2 (JA)', () => {
      const text = kessai('レプリケーションファクターは2');
      const r = rangeOf(text, 'レプリケーションファクターは2');
      const f = findingAt(text, RULE, r);
      assert.deepEqual(f.range, r);
      assert.ok(f.message.includes('レプリケーションファクター 2 < 3'), f.message);
      assert.equal(lint(text).language, 'ja');
    });

    it('a settings table: the factor in the cell after its label, or under its column header (EN)', () => {
      const base = payments('replication factor 3, min.insync.replicas 2');
      const rows = base + md`

        | Setting | Value |
        |---|---|
        | Replication factor | 2 |
        | min.insync.replicas | 1 |
      `;
      const f = findingAt(rows, RULE, rangeOf(rows, 'Replication factor | 2'));
      assert.ok(f.message.includes('replication factor 2 < 3'), f.message);
      const columns = base + md`

        | Topic | Partitions | Replication factor |
        |---|---|---|
        | \`refunds\` | 3 | 2 |
      `;
      const g = findingsOf(columns, RULE);
      assert.equal(g.length, 1);
      assert.equal(g[0]!.range.start.line, rangeOf(columns, '| 3 | 2 |').start.line);
      assert.ok(g[0]!.message.includes('replication factor 2 < 3'), g[0]!.message);
      // the partitions column is no factor
      assert.deepEqual(findingsOf(columns.replace('| 3 | 2 |', '| 2 | 3 |'), RULE), []);
    });

    it('a global label regex left mid-string by an earlier match still reads from the start', () => {
      const label = /\bmin\.insync\.replicas\b/g;
      label.lastIndex = 30;
      assert.deepEqual(labelledNumbers('min.insync.replicas 2, acks=all and more text', 0, label).map((n) => n.value), [2]);
    });

    it('レプリケーションファクターは3、min.insync.replicas は2: no finding (JA)', () => {
      assert.deepEqual(findingsOf(kessai('レプリケーションファクターは3、min.insync.replicas は2'), RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(payments('replication factor 2'), RULE)[0]!, 'moderate');
      assertTier(findingsOf(kessai('レプリケーションファクターは2'), RULE)[0]!, 'moderate');
    });

    it('the message names the setting, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(payments('replication factor 2'), RULE)[0]!, 'en', ['replication factor 2']);
      assertMessage(findingsOf(kessai('レプリケーションファクターは2'), RULE)[0]!, 'ja', ['レプリケーションファクターは2']);
    });
  });

  describe('a later section that replaces the stated factor', () => {
    it('a section titled with the old factor that sets 3 supersedes it (EN)', () => {
      const text = payments('replication factor 2') + md`

        ### Raising replication factor 2 to 3

        The \`payments\` topic moves to replication factor 3 with min.insync.replicas 2 before launch.
      `;
      assert.deepEqual(findingsOf(text, RULE), []);
    });

    it('a factor of 3 stated elsewhere does not replace the topic\'s own factor 2 (EN)', () => {
      const text = payments('replication factor 2') + md`

        ## Defaults

        New topics are created with replication factor 3 and min.insync.replicas 2.
      `;
      assert.deepEqual(findingsOf(text, RULE).map((f) => f.range), [rangeOf(text, 'replication factor 2')]);
    });

    it('a section titled with the old factor that keeps it below 3 does not (JA)', () => {
      const text = kessai('レプリケーションファクターは2') + md`

        ### レプリケーションファクター 2 の見直し

        \`payments\` トピックのレプリケーションファクターは2のままとする。
      `;
      assert.equal(findingsOf(text, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the missing min.insync.replicas: inserts the settings and resolves the finding (EN)', { todo: P.fix }, () => {
      const text = shipments('replication factor 3, retention 7 days');
      assertFixResolves(text, findingsOf(text, RULE)[0]!, { names: ['replication factor 3', 'Scan Service'], lang: 'en' });
    });

    it('the fix inserts a settings section naming the services (EN, JA)', { todo: P.fix }, () => {
      const en = payments('replication factor 2');
      const fe = findingsOf(en, RULE)[0]!;
      assert.ok(applyFix(en, fe).includes('### Replication settings (currently replication factor 2)'));
      assert.ok(fe.fix!.text.includes('Payment Service'), fe.fix!.text);
      const ja = kessai('レプリケーションファクターは2');
      const fj = findingsOf(ja, RULE)[0]!;
      assert.ok(applyFix(ja, fj).includes('### レプリケーション設定（現状：レプリケーションファクターは2）'));
      assert.ok(fj.fix!.text.includes('決済サービス'), fj.fix!.text);
    });

    it('a factor below 3: re-analysed after the fix, the finding is gone (EN, JA)', { todo: P.fix }, () => {
      const en = payments('replication factor 2');
      assertFixResolves(en, findingsOf(en, RULE)[0]!, { names: ['Payment Service'], lang: 'en' });
      const ja = kessai('レプリケーションファクターは2');
      assertFixResolves(ja, findingsOf(ja, RULE)[0]!, { names: ['決済サービス'], lang: 'ja' });
    });
  });
});
