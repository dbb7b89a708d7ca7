import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf } from './helpers';

const RULE = 'dead-letter-queue';

// IoT: two named SQS queues, each consumed
const fleet = md`
  # Fleet Telemetry Design

  ## Architecture

  Vehicles send GPS pings to the Ingest Service on Amazon ECS. Pings are stored in DynamoDB.

  ## Data Flow

  - The Ingest Service puts each ping on the Amazon SQS queue \`gps-pings\`.
  - The GeofenceWorker polls the SQS queue \`gps-pings\` and raises alerts.
  - Alerts go to the Amazon SQS queue \`geofence-alerts\`, which the AlertWorker consumes.
`;

// e-commerce: a Kafka topic, different wording
const orders = md`
  # Order Events Design

  ## Architecture

  The Order Service runs on Kubernetes and stores orders in PostgreSQL.

  ## Data Flow

  Every placed order is published to the Kafka topic \`order-placed\`; the InvoiceWorker reads from it and creates the invoice.
`;

// chat: RabbitMQ queue, Japanese
const pushJa = md`
  # チャット通知基盤 設計書

  ## 概要

  チャットの新着メッセージをモバイル端末へプッシュ通知する。

  ## アーキテクチャ

  通知サービスは Amazon ECS 上で稼働する。配信要求は RabbitMQ の \`push-requests\` キューに投入し、プッシュワーカーが受信して FCM へ送信する。
`;

describe(RULE, () => {
  describe('fires on a queue or stream consumer', () => {
    it('one finding per named SQS queue, on its first mention, later mentions related (EN)', () => {
      const pings = findingAt(fleet, RULE, rangeOf(fleet, 'gps-pings'));
      assert.deepEqual(pings.range, rangeOf(fleet, 'gps-pings'));
      assert.deepEqual(pings.related.map((r) => r.range), [rangeOf(fleet, 'gps-pings', { occurrence: 2 })]);
      const alerts = findingAt(fleet, RULE, rangeOf(fleet, 'geofence-alerts'));
      assert.deepEqual(alerts.range, rangeOf(fleet, 'geofence-alerts'));
      assert.equal(findingsOf(fleet, RULE).length, 2, 'the queues are the subjects, not Amazon SQS itself');
    });

    it('a Kafka topic (EN, second wording)', () => {
      const f = findingAt(orders, RULE, rangeOf(orders, 'order-placed'));
      assert.deepEqual(f.range, rangeOf(orders, 'order-placed'));
      assert.equal(findingsOf(orders, RULE).length, 1);
    });

    it('a RabbitMQ queue in a Japanese doc', () => {
      const f = findingAt(pushJa, RULE, rangeOf(pushJa, 'push-requests'));
      assert.deepEqual(f.range, rangeOf(pushJa, 'push-requests'));
      assert.equal(lint(pushJa).language, 'ja');
    });

    it('is Critical (error)', () => {
      assertTier(findingAt(fleet, RULE, rangeOf(fleet, 'gps-pings')), 'critical');
      assertTier(findingAt(pushJa, RULE, rangeOf(pushJa, 'push-requests')), 'critical');
    });

    it('the message names the queue, in the doc language', () => {
      assertMessage(findingAt(fleet, RULE, rangeOf(fleet, 'gps-pings')), 'en', ['gps-pings']);
      assertMessage(findingAt(orders, RULE, rangeOf(orders, 'order-placed')), 'en', ['order-placed']);
      assertMessage(findingAt(pushJa, RULE, rangeOf(pushJa, 'push-requests')), 'ja', ['push-requests']);
    });
  });

  describe('stays silent when the queue has a DLQ', () => {
    it('a dead-letter queue with maxReceiveCount for one queue covers that queue only (EN)', () => {
      const doc = fleet + md`

        ## Error Handling

        - Messages from the SQS queue \`gps-pings\` that fail five times move to a dead-letter queue (maxReceiveCount 5).
        - The AlertWorker logs failures.
      `;
      const fs = findingsOf(doc, RULE);
      assert.deepEqual(fs.map((f) => f.subject?.name), ['Amazon SQS queue `geofence-alerts`']);
    });

    it('a redrive policy stated as a policy for every queue (EN, second wording)', () => {
      const doc = orders + md`

        ## Error Handling

        Poison messages are quarantined on a parking-lot queue after three failed attempts and replayed with a script.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('デッドレターキュー in the error-handling section (JA)', () => {
      const doc = pushJa + md`

        ## エラーハンドリング方針

        \`push-requests\` キューで処理に5回失敗したメッセージはデッドレターキューへ移し、アラートを上げる。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "there is no DLQ")', () => {
      const doc = fleet + md`

        ## Error Handling

        There is no DLQ for the SQS queue \`geofence-alerts\` yet.
      `;
      const fs = findingsOf(doc, RULE);
      assert.ok(fs.some((f) => f.subject?.name === 'Amazon SQS queue `geofence-alerts`'));
    });

    it('a negated mention is not coverage (JA: 「デッドレターキューは未実装」)', () => {
      const doc = pushJa + md`

        ## エラーハンドリング方針

        \`push-requests\` キューのデッドレターキューは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a DLQ section naming the queue (EN)', () => {
      const f = findingAt(fleet, RULE, rangeOf(fleet, 'gps-pings'));
      assertFixResolves(fleet, f, { names: ['gps-pings'], lang: 'en' });
    });

    it('the fix for one queue leaves the other queue reported (EN)', () => {
      const f = findingAt(fleet, RULE, rangeOf(fleet, 'gps-pings'));
      const after = applyFix(fleet, f);
      assert.deepEqual(findingsOf(after, RULE).map((g) => g.subject?.name), ['Amazon SQS queue `geofence-alerts`']);
    });

    it('inserts a Japanese DLQ section naming the queue (JA)', () => {
      const f = findingAt(pushJa, RULE, rangeOf(pushJa, 'push-requests'));
      assertFixResolves(pushJa, f, { names: ['push-requests'], lang: 'ja' });
    });
  });
});
