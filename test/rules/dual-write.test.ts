import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf, spanOf } from './helpers';

const RULE = 'dual-write';

// payments: an arrow chain DB → stream
const payouts = md`
  # Payout Service Design

  ## Architecture

  The Payout Service runs on Amazon ECS behind an ALB and stores payouts in PostgreSQL.

  ## Data Flow

  Payout API → PostgreSQL → Kafka → LedgerWorker
`;

// logistics: numbered steps, write then publish
const shipments = md`
  # Shipment Tracking Design

  ## Architecture

  The Tracking Service runs on Kubernetes with MySQL for shipments and RabbitMQ for carrier events.

  ## Data Flow

  1. The courier app posts a scan event to the Tracking Service.
  2. The Tracking Service saves the scan in MySQL.
  3. The Tracking Service publishes a shipment-updated message to RabbitMQ.
  4. The NotifierWorker consumes it and texts the customer.
`;

// HR: Japanese numbered steps
const attendance = md`
  # 勤怠管理システム 設計書

  ## 概要

  従業員の打刻を記録し、給与計算サービスへ連携する。

  ## アーキテクチャ

  打刻サービスは Amazon ECS 上で稼働し、PostgreSQL に打刻データを保存する。

  ## データフロー

  1. 打刻サービスが打刻データを PostgreSQL に保存する。
  2. 打刻サービスが Amazon SQS の \`attendance-events\` キューへ打刻イベントを送信する。
  3. 給与計算サービスがキューを受信して集計する。
`;

// HR: Japanese arrow chain
const attendanceChain = md`
  # 勤怠管理システム 設計書

  ## アーキテクチャ

  打刻サービスは Amazon ECS 上で稼働し、PostgreSQL に打刻データを保存する。

  ## データフロー

  打刻サービス → PostgreSQL → Amazon SQS → 給与計算サービス
`;

describe(RULE, () => {
  describe('fires on a flow that writes a datastore and then publishes', () => {
    it('an arrow chain PostgreSQL → Kafka, anchored on the chained hop (EN)', () => {
      const range = spanOf(payouts, 'PostgreSQL', 'Kafka', { after: '## Data Flow' });
      const f = findingAt(payouts, RULE, range);
      assert.deepEqual(f.range, range);
      assert.equal(findingsOf(payouts, RULE).length, 1);
    });

    it('numbered steps: save in MySQL, then publish to RabbitMQ; the write step is related (EN)', () => {
      const range = spanOf(shipments, 'publishes', 'RabbitMQ', { after: '## Data Flow' });
      const f = findingAt(shipments, RULE, range);
      assert.deepEqual(f.range, range);
      assert.deepEqual(f.related.map((r) => r.range), [rangeOf(shipments, 'MySQL', { after: '## Data Flow' })]);
      assert.equal(findingsOf(shipments, RULE).length, 1);
    });

    it('an arrow chain in a Japanese データフロー section', () => {
      const range = spanOf(attendanceChain, 'PostgreSQL', 'Amazon SQS', { after: '## データフロー' });
      const f = findingAt(attendanceChain, RULE, range);
      assert.deepEqual(f.range, range);
      assert.equal(lint(attendanceChain).language, 'ja');
    });

    it('Japanese numbered steps: fires once, on the publish step', () => {
      const fs = findingsOf(attendance, RULE);
      assert.equal(fs.length, 1);
      assert.equal(fs[0]!.range.start.line, rangeOf(attendance, '送信', { after: '## データフロー' }).start.line);
      assert.deepEqual(fs[0]!.related.map((r) => r.range), [rangeOf(attendance, 'PostgreSQL', { after: '## データフロー' })]);
    });

    it('Japanese numbered steps: the squiggle covers the destination and the verb', () => {
      const range = spanOf(attendance, 'Amazon SQS', '送信', { after: '## データフロー' });
      assert.deepEqual(findingAt(attendance, RULE, range).range, range);
    });

    it('is Critical (error)', () => {
      assertTier(findingsOf(payouts, RULE)[0]!, 'critical');
      assertTier(findingsOf(attendance, RULE)[0]!, 'critical');
    });

    it('the message names the flow, in the doc language', () => {
      const en = findingsOf(payouts, RULE)[0]!;
      assertMessage(en, 'en');
      assert.ok(en.subject!.name.includes('PostgreSQL → Kafka'));
      assertMessage(findingsOf(shipments, RULE)[0]!, 'en');
      assertMessage(findingsOf(attendanceChain, RULE)[0]!, 'ja', ['PostgreSQL']);
      assertMessage(findingsOf(attendance, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent when the flow states how the two writes stay consistent', () => {
    it('transactional outbox in the same transaction (EN)', () => {
      const doc = payouts + md`

        The Payout Service inserts the payout row and an outbox row in the same PostgreSQL transaction; a relay publishes the outbox rows to Kafka.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('change data capture publishes the committed row (EN, second wording)', () => {
      const doc = shipments.replace('3. The Tracking Service publishes a shipment-updated message to RabbitMQ.', '3. Debezium (CDC) publishes each committed MySQL row to RabbitMQ.');
      assert.notEqual(doc, shipments);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('アウトボックス + 同一トランザクション (JA)', () => {
      const doc = attendance + md`

        打刻データとアウトボックスのレコードは同一トランザクションで PostgreSQL に保存し、リレーが Amazon SQS へ送信する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('an outbox for the payout flow does not cover the statement flow', () => {
      const doc = md`
        # Payout Service Design

        ## Architecture

        The Payout Service runs on Amazon ECS, stores payouts in PostgreSQL and statements in MongoDB.

        ## Data Flow

        ### Payouts

        Payout API → PostgreSQL → Kafka → LedgerWorker

        The payout row and its outbox row are written to PostgreSQL in one transaction; a relay forwards the outbox to Kafka.

        ### Monthly statements

        Statement Job → MongoDB → Amazon SNS → Email Service
      `;
      const fs = findingsOf(doc, RULE);
      assert.deepEqual(fs.map((f) => f.range), [spanOf(doc, 'MongoDB', 'Amazon SNS', { after: '### Monthly statements' })]);
    });

    it('a negated mention is not coverage (EN: "there is no outbox yet")', () => {
      const doc = payouts + md`

        There is no outbox yet; the LedgerWorker tolerates missing events.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「アウトボックスは未実装」)', () => {
      const doc = attendanceChain + md`

        アウトボックスは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an outbox section naming the store and the stream (EN)', () => {
      const f = findingsOf(payouts, RULE)[0]!;
      assertFixResolves(payouts, f, { names: ['PostgreSQL', 'Kafka'], lang: 'en' });
    });

    it('numbered steps: the section goes under the data-flow heading (EN)', () => {
      const f = findingsOf(shipments, RULE)[0]!;
      assertFixResolves(shipments, f, { names: ['MySQL', 'RabbitMQ'], lang: 'en' });
    });

    it('inserts a Japanese outbox section naming PostgreSQL and the queue (JA)', () => {
      const f = findingsOf(attendance, RULE)[0]!;
      assertFixResolves(attendance, f, { names: ['PostgreSQL', 'attendance-events'], lang: 'ja' });
    });
  });
});
