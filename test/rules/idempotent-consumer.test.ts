import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anchored, assertFixResolves, assertMessage, assertTier, findingsOf, lint, md, offsetOf, positionAt, spanOf } from './helpers';

const RULE = 'idempotent-consumer';

// HR / payroll: an SQS queue and a Kafka topic, both consumed
const payroll = md`
  # Payroll Export Design

  ## Architecture

  The Export Service on Amazon ECS writes payslips to PostgreSQL.

  ## Consumers

  - The PayslipWorker consumes messages from the Amazon SQS queue \`payslip-jobs\` and renders a PDF.
  - The LedgerSync reads from the Kafka topic \`salary-posted\` and commits the offset after processing.
`;

// retail inventory: Japanese, Kafka topic subscribed
const stock = md`
  # 在庫連携 設計書

  ## 概要

  店舗の在庫変動を本部の在庫DBへ反映する。

  ## アーキテクチャ

  在庫サービスは Amazon ECS 上で稼働し、PostgreSQL に在庫を保存する。

  ## データフロー

  在庫ワーカーが Kafka の \`stock-changes\` トピックを購読し、在庫数を更新する。処理後にオフセットをコミットする。
`;

function consumerOf(text: string, queue: string) {
  const f = findingsOf(text, RULE).find((g) => g.subject?.name.includes(`\`${queue}\``));
  assert.ok(f, `a ${RULE} finding for ${queue}; found: ${findingsOf(text, RULE).map((g) => g.subject?.name).join(', ') || 'none'}`);
  return f;
}

describe(RULE, () => {
  describe('fires on a consumer of an at-least-once queue or stream', () => {
    it('one finding per consumed queue, each on its consume statement (EN)', () => {
      const fs = findingsOf(payroll, RULE);
      assert.equal(fs.length, 2);
      const sqs = consumerOf(payroll, 'payslip-jobs');
      assert.deepEqual(sqs.range.start, positionAt(payroll, offsetOf(payroll, 'consumes messages')));
      assert.ok(anchored(payroll, sqs).includes('Amazon SQS'));
      const kafka = consumerOf(payroll, 'salary-posted');
      assert.deepEqual(kafka.range.start, positionAt(payroll, offsetOf(payroll, 'reads from')));
    });

    it('two queues on the same technology: one finding per queue, named by the queue (EN)', () => {
      const doc = payroll.replace(
        '- The LedgerSync reads from the Kafka topic `salary-posted` and commits the offset after processing.',
        '- The TaxWorker consumes messages from the Amazon SQS queue `tax-forms` and files them.',
      );
      assert.notEqual(doc, payroll);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.subject?.name), ['Amazon SQS queue `payslip-jobs`', 'Amazon SQS queue `tax-forms`']);
    });

    it('the squiggle covers the consume verb through the queue name (EN)', () => {
      assert.deepEqual(consumerOf(payroll, 'payslip-jobs').range, spanOf(payroll, 'consumes messages', 'payslip-jobs'));
      assert.deepEqual(consumerOf(payroll, 'salary-posted').range, spanOf(payroll, 'reads from', 'salary-posted'));
    });

    it('a Kafka topic subscribed in a Japanese データフロー section', () => {
      const f = consumerOf(stock, 'stock-changes');
      assert.deepEqual(f.range, spanOf(stock, 'Kafka', '購読', { after: '## データフロー' }));
      assert.equal(findingsOf(stock, RULE).length, 1);
      assert.equal(lint(stock).language, 'ja');
    });

    it('is Critical (error)', () => {
      assertTier(consumerOf(payroll, 'payslip-jobs'), 'critical');
      assertTier(consumerOf(stock, 'stock-changes'), 'critical');
    });

    it('the message names the queue, in the doc language', () => {
      assertMessage(consumerOf(payroll, 'payslip-jobs'), 'en', ['payslip-jobs']);
      assertMessage(consumerOf(payroll, 'salary-posted'), 'en', ['salary-posted']);
      assertMessage(consumerOf(stock, 'stock-changes'), 'ja', ['stock-changes']);
    });
  });

  describe('stays silent when the consumer deduplicates', () => {
    it('a unique constraint stated in the consumer step itself (EN)', () => {
      const doc = md`
        # Payroll Export Design

        ## Architecture

        The Export Service on Amazon ECS writes payslips to PostgreSQL.

        ## Consumers

        - The LedgerSync reads from the Kafka topic \`salary-posted\` and upserts each posting under a unique constraint on the posting id before committing the offset.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a unique constraint in one consumer\'s step does not cover the other consumer (EN)', () => {
      const doc = payroll.replace('and commits the offset after processing.', 'and upserts each posting under a unique constraint on the posting id before committing the offset.');
      assert.notEqual(doc, payroll);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.subject?.name), ['Amazon SQS queue `payslip-jobs`']);
    });

    it('a processed-message table in the consumer\'s own section (EN, second wording)', () => {
      const doc = md`
        # Payroll Export Design

        ## Architecture

        The Export Service on Amazon ECS writes payslips to PostgreSQL.

        ## Payslip rendering

        The PayslipWorker consumes messages from the Amazon SQS queue \`payslip-jobs\` and renders a PDF.
        It records each message id in a processed_messages table and skips duplicates.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('dedup for one consumer does not cover another consumer in the same list (EN)', () => {
      const doc = payroll + '- The PayslipWorker deduplicates messages from the SQS queue `payslip-jobs` by message id.\n';
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.subject?.name), ['Kafka topic `salary-posted`']);
    });

    it('一意制約 + 重複イベントの無視 (JA)', () => {
      const doc = stock + md`

        イベントIDに一意制約を設け、重複したイベントは無視する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "not idempotent yet")', () => {
      const doc = payroll + md`

        Consumers are not idempotent yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 2);
    });

    it('a negated mention is not coverage (JA: 「冪等性は未対応」)', () => {
      const doc = stock + md`

        在庫ワーカーの冪等性は未対応。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an idempotent-consumer section naming the queue (EN)', () => {
      assertFixResolves(payroll, consumerOf(payroll, 'payslip-jobs'), { names: ['payslip-jobs'], lang: 'en' });
    });

    it('inserts a Japanese section naming the topic (JA)', () => {
      assertFixResolves(stock, consumerOf(stock, 'stock-changes'), { names: ['stock-changes'], lang: 'ja' });
    });
  });
});
