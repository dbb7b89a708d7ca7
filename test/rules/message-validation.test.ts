import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf, spanOf } from './helpers';

const RULE = 'message-validation';
const P = pending(RULE);

// utilities: meters publish readings to a Kafka topic; the aggregator consumes them
const meters = md`
  # Smart Meter Ingestion Design

  ## Architecture

  Meters publish readings to the Kafka topic \`meter-readings\`. The Billing Aggregator runs on Kubernetes and stores totals in PostgreSQL.

  ## Data Flow

  1. The Billing Aggregator consumes readings from the Kafka topic \`meter-readings\`.
  2. The Billing Aggregator adds each reading to the customer's monthly total in PostgreSQL.
`;

// insurance: partner claims ingested over HTTP, second wording
const claims = md`
  # Claims Intake Design

  ## Architecture

  The Intake Service runs on Amazon ECS behind an ALB and stores claims in MySQL.

  ## API

  - \`POST /v1/partners/claims\` ingests claim files sent by partner insurers.
`;

// logistics: Japanese, a partner warehouse feed
const warehouse = md`
  # 物流パートナー連携 設計書

  ## 概要

  提携倉庫から入出庫データを取り込み、在庫を更新する。

  ## アーキテクチャ

  取込サービスは Amazon ECS 上で稼働し、在庫を MySQL に保存する。

  ## API設計

  - \`POST /partner/ingest/shipments\`: 提携倉庫の入出庫データを取り込む。
`;

describe(RULE, () => {
  describe('fires on each ingestion point', () => {
    it('a consumer of a Kafka topic, from the consume verb (EN)', () => {
      const f = findingAt(meters, RULE, rangeOf(meters, 'consumes'));
      assert.deepEqual(f.range.start, rangeOf(meters, 'consumes').start);
      assert.equal(f.range.end.line, f.range.start.line);
      assert.equal(findingsOf(meters, RULE).length, 1);
    });

    it('the consumer squiggle covers the verb through the topic name (EN)', () => {
      const range = spanOf(meters, 'consumes', 'meter-readings', { after: '## Data Flow' });
      assert.deepEqual(findingsOf(meters, RULE)[0]!.range, range);
    });

    it('an HTTP ingestion endpoint (EN, second wording)', () => {
      const range = rangeOf(claims, 'POST /v1/partners/claims');
      assert.deepEqual(findingAt(claims, RULE, range).range, range);
      assert.equal(findingsOf(claims, RULE).length, 1);
    });

    it('a partner 取り込み endpoint (JA)', () => {
      const range = rangeOf(warehouse, 'POST /partner/ingest/shipments');
      assert.deepEqual(findingAt(warehouse, RULE, range).range, range);
      assert.equal(findingsOf(warehouse, RULE).length, 1);
      assert.equal(lint(warehouse).language, 'ja');
    });

    it('an ordinary POST that ingests nothing is not an ingestion point', () => {
      const doc = claims.replace('`POST /v1/partners/claims` ingests claim files sent by partner insurers.', '`POST /v1/sessions` signs an adjuster in.');
      assert.notEqual(doc, claims);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Critical (error)', { todo: P.tier }, () => {
      assertTier(findingsOf(meters, RULE)[0]!, 'critical');
      assertTier(findingsOf(warehouse, RULE)[0]!, 'critical');
    });

    it('the message names the topic or endpoint, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(meters, RULE)[0]!, 'en', ['meter-readings']);
      assertMessage(findingsOf(claims, RULE)[0]!, 'en', ['POST /v1/partners/claims']);
      assertMessage(findingsOf(warehouse, RULE)[0]!, 'ja', ['POST /partner/ingest/shipments']);
    });
  });

  describe('stays silent when input is validated against a schema', () => {
    it('Avro with a schema registry for the topic (EN)', () => {
      const doc = meters + md`

        ## Validation

        Readings on \`meter-readings\` are Avro records checked against the schema registry; invalid records are rejected.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('JSON Schema on the endpoint line (EN, second wording)', () => {
      const doc = claims.replace('sent by partner insurers.', 'sent by partner insurers; each file is validated against a JSON Schema and rejected with 422 when it does not match.');
      assert.notEqual(doc, claims);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('スキーマ検証 for the partner data (JA)', () => {
      const doc = warehouse + md`

        ## エラーハンドリング方針

        入出庫データは JSON Schema でスキーマ検証し、不正なデータは拒否する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('validation of one endpoint does not cover another ingestion endpoint', () => {
      const doc = claims.replace(
        '- `POST /v1/partners/claims` ingests claim files sent by partner insurers.',
        '- `POST /v1/partners/claims` ingests claim files sent by partner insurers and validates them against a JSON Schema.\n- `POST /v1/partners/photos` ingests damage photos sent by partner insurers.',
      );
      assert.notEqual(doc, claims);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'POST /v1/partners/photos')]);
    });

    it('validation of one topic consumer does not cover another consumer in the same section', () => {
      const doc = meters.replace(
        "2. The Billing Aggregator adds each reading to the customer's monthly total in PostgreSQL.",
        '2. The Billing Aggregator validates each reading on `meter-readings` against its Avro schema.\n3. The Outage Detector consumes alarms from the RabbitMQ queue `meter-alarms`.',
      );
      assert.notEqual(doc, meters);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.subject?.name), ['RabbitMQ queue `meter-alarms`']);
    });

    it('a negated mention is not coverage (EN: "no schema validation")', () => {
      const doc = claims + md`

        There is no schema validation yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a validation section naming the topic (EN)', { todo: P.fix }, () => {
      assertFixResolves(meters, findingsOf(meters, RULE)[0]!, { names: ['meter-readings'], lang: 'en' });
    });

    it('inserts a validation section naming the endpoint (EN)', { todo: P.fix }, () => {
      assertFixResolves(claims, findingsOf(claims, RULE)[0]!, { names: ['POST /v1/partners/claims'], lang: 'en' });
    });

    it('inserts a Japanese section naming the endpoint (JA)', { todo: P.fix }, () => {
      const after = applyFix(warehouse, findingsOf(warehouse, RULE)[0]!);
      assert.deepEqual(findingsOf(after, RULE), []);
      assertFixResolves(warehouse, findingsOf(warehouse, RULE)[0]!, { names: ['POST /partner/ingest/shipments'], lang: 'ja' });
    });
  });
});
