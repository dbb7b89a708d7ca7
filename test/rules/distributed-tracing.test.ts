import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'distributed-tracing';
const P = pending(RULE);

// food delivery: logs with a request id across two services and a Kafka hop
const delivery = md`
  # Food Delivery Design

  ## Architecture

  - The Order Service accepts orders and stores them in PostgreSQL.
  - The Courier Service assigns couriers and consumes order events from the Kafka topic \`orders\`.

  ## Observability

  Every service writes structured logs to CloudWatch Logs with the request ID of the incoming call.
`;

// food delivery, second wording: plain logs under a Logging heading (no correlation id)
const deliveryLogs = md`
  # Food Delivery Design

  ## Architecture

  - The Order Service accepts orders and stores them in PostgreSQL.
  - The Courier Service assigns couriers and consumes order events from the Kafka topic \`orders\`.

  ## Logging

  Services log JSON lines to stdout, shipped to Elasticsearch.
`;

// food delivery, Japanese: リクエストID付きのログ
const demae = md`
  # フードデリバリー 設計書

  ## 概要

  料理の注文と配達を管理する。

  ## アーキテクチャ

  注文サービスは注文を PostgreSQL に保存し、配達員サービスは SQS キュー \`orders\` から注文イベントを受信する。

  ## 監視

  各サービスはリクエストID付きの構造化ログを CloudWatch Logs に出力する。
`;

describe(RULE, () => {
  describe('fires on several services with logs only', () => {
    it('on the structured logs of the correlation-id statement (EN)', () => {
      const r = rangeOf(delivery, 'structured logs');
      assert.deepEqual(findingAt(delivery, RULE, r).range, r);
      assert.equal(findingsOf(delivery, RULE).length, 1, 'one finding per document');
    });

    it('plain logging under a Logging heading (EN, second wording)', () => {
      const r = rangeOf(deliveryLogs, 'log', { after: 'Services ' });
      assert.deepEqual(findingAt(deliveryLogs, RULE, r).range, r);
      assert.equal(findingsOf(deliveryLogs, RULE).length, 1);
    });

    it('on ログ in a Japanese 監視 section', () => {
      const r = rangeOf(demae, 'ログ');
      assert.deepEqual(findingAt(demae, RULE, r).range, r);
      assert.equal(lint(demae).language, 'ja');
    });

    it('a single service: no finding', () => {
      const doc = delivery.replace('- The Courier Service assigns couriers and consumes order events from the Kafka topic `orders`.\n', '');
      assert.notEqual(doc, delivery);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(delivery, RULE)[0]!, 'moderate');
      assertTier(findingsOf(demae, RULE)[0]!, 'moderate');
    });

    it('the message names the subject, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(delivery, RULE)[0]!, 'en');
      assertMessage(findingsOf(deliveryLogs, RULE)[0]!, 'en');
      assertMessage(findingsOf(demae, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent with distributed tracing', () => {
    it('OpenTelemetry with trace context through Kafka headers (EN)', () => {
      const doc = delivery + md`

        Services are instrumented with OpenTelemetry; the trace context travels in Kafka message headers.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('X-Ray in the same statement (EN, second wording)', () => {
      const doc = deliveryLogs.replace('shipped to Elasticsearch.', 'shipped to Elasticsearch; AWS X-Ray joins the spans of one order across services.');
      assert.notEqual(doc, deliveryLogs);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('分散トレーシング (JA)', () => {
      const doc = demae + md`

        分散トレーシングには AWS X-Ray を使い、SQS メッセージ属性でトレース ID を引き継ぐ。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no distributed tracing")', () => {
      const doc = delivery + md`

        There is no distributed tracing yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「分散トレーシングは未導入… なし」)', () => {
      const doc = demae + md`

        分散トレーシングはなし。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a tracing section naming the services, the datastore and the topic (EN)', { todo: P.fix }, () => {
      assertFixResolves(delivery, findingsOf(delivery, RULE)[0]!, { names: ['Order Service', 'Courier Service', 'PostgreSQL', 'orders'], lang: 'en' });
      assertFixResolves(deliveryLogs, findingsOf(deliveryLogs, RULE)[0]!, { names: ['Order Service'], lang: 'en' });
    });

    it('inserts a Japanese tracing section (JA)', { todo: P.fix }, () => {
      assertFixResolves(demae, findingsOf(demae, RULE)[0]!, { names: ['注文サービス', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
