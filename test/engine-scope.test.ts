/**
 * Where evidence counts: a statement about one queue, endpoint, consumer or flow covers that
 * subject only; a statement naming nothing specific is a doc-wide policy.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, md, spanOf } from './rules/helpers';

const names = (text: string, rule: string) => findingsOf(text, rule).map((f) => f.subject?.name);

describe('named queues on one technology', () => {
  const fleet = md`
    # Fleet Design

    ## Architecture

    The Ingest Service on Amazon ECS stores pings in DynamoDB.

    - Pings go to the Amazon SQS queue \`pings\`; the PingWorker consumes them.
    - Alerts go to the Amazon SQS queue \`alerts\`; the AlertWorker consumes them.
  `;

  it('a DLQ stated for one SQS queue does not cover the other', () => {
    const doc = fleet + '\nThe SQS queue `pings` has a dead-letter queue after 5 receives.\n';
    assert.deepEqual(names(doc, 'dead-letter-queue'), ['Amazon SQS queue `alerts`']);
  });

  it('a statement about SQS naming none of its queues covers every queue', () => {
    const doc = fleet + '\nEvery Amazon SQS queue has a dead-letter queue after 5 receives.\n';
    assert.deepEqual(names(doc, 'dead-letter-queue'), []);
  });

  it('a queue named by its name alone later in the doc is still that queue (JA)', () => {
    const doc = md`
      # 集計 設計書

      ## アーキテクチャ

      配信サーバーはインプレッションを Kinesis のストリーム \`impressions\` に送信し、集計ワーカーが受信する。

      ## 障害対策

      \`impressions\` ストリームの滞留が閾値を超えたら送信を間引くバックプレッシャーをかける。
    `;
    assert.deepEqual(names(doc, 'backpressure'), []);
  });
});

describe('consumers', () => {
  const two = md`
    # Payroll Design

    ## Architecture

    The Export Service on Amazon ECS writes payslips to PostgreSQL.

    ## Consumers

    - The PayslipWorker consumes messages from the Amazon SQS queue \`payslips\` and renders a PDF.
    - The TaxWorker consumes messages from the Amazon SQS queue \`tax-forms\` and files them.
  `;

  it('one subject per named queue on the same technology, anchored from the verb through the queue name', () => {
    const fs = findingsOf(two, 'idempotent-consumer');
    assert.deepEqual(fs.map((f) => f.subject?.name), ['Amazon SQS queue `payslips`', 'Amazon SQS queue `tax-forms`']);
    assert.deepEqual(fs[0]!.range, spanOf(two, 'consumes messages', 'payslips'));
  });

  it('dedup stated for one consumer in the list does not cover its sibling', () => {
    const doc = two + '- The PayslipWorker deduplicates messages from the queue `payslips` by message id.\n';
    assert.deepEqual(names(doc, 'idempotent-consumer'), ['Amazon SQS queue `tax-forms`']);
  });

  it('a dedup policy naming no queue covers every consumer', () => {
    const doc = two + '\nEvery consumer records processed message ids and skips duplicates.\n';
    assert.deepEqual(names(doc, 'idempotent-consumer'), []);
  });
});

describe('endpoints', () => {
  const api = md`
    # Board Design

    ## Architecture

    The Board Service runs on Amazon ECS and stores cards in PostgreSQL.

    ## API

    ### POST /api/cards

    Creates a card. The client sends an Idempotency-Key header; repeated keys return the first response.

    ### POST /api/boards

    Creates a board.
  `;

  it('a key described under one endpoint\'s heading covers that endpoint only', () => {
    assert.deepEqual(names(api, 'idempotency-key'), ['`POST /api/boards`']);
  });

  it('a policy outside any endpoint\'s heading covers every endpoint', () => {
    const doc = api.replace(' The client sends an Idempotency-Key header; repeated keys return the first response.', '') + '\n## Conventions\n\nEvery write accepts an Idempotency-Key header.\n';
    assert.deepEqual(names(doc, 'idempotency-key'), []);
  });
});

describe('flows', () => {
  it('compensation described in one flow\'s section does not cover another flow', () => {
    const doc = md`
      # Vault Design

      ## Deposit Flow

      1. The Vault Service writes the deposit to PostgreSQL.
      2. The Vault Service writes the audit entry to MongoDB.

      A reconciliation job compares both stores every night.

      ## Withdrawal Flow

      1. The Vault Service writes the withdrawal to PostgreSQL.
      2. The Vault Service writes the audit entry to MongoDB.
    `;
    const fs = findingsOf(doc, 'cross-store-transaction');
    assert.equal(fs.length, 1);
    assert.ok(fs[0]!.start > doc.indexOf('## Withdrawal Flow'));
  });
});

describe('components under their own heading', () => {
  it('a job named "…Job" is a component, and a lock stated under its heading is its own', () => {
    const doc = md`
      # Billing Design

      ## Architecture

      The Billing Service runs on Kubernetes and stores invoices in PostgreSQL.

      - The DunningJob runs nightly and e-mails reminders.
      - The ExportJob runs every hour and exports paid invoices.

      ## DunningJob

      A lease in PostgreSQL ensures only one run at a time.
    `;
    assert.deepEqual(names(doc, 'job-concurrency'), ['ExportJob']);
  });

  it('"Kubernetes CronJob" is a resource kind, not a named job', () => {
    const doc = md`
      # Export Design

      ## Architecture

      The Export Service runs on Kubernetes and stores reports in PostgreSQL. A Kubernetes CronJob starts the export every hour.
    `;
    assert.ok(!names(doc, 'job-concurrency').includes('CronJob'));
  });
});
