import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, headingRange, lint, md, pending } from './helpers';

const RULE = 'red-metrics';
const P = pending(RULE);

// fleet dispatch: a monitoring section with dashboards but no rate/error/duration metrics
const dispatch = md`
  # Fleet Dispatch Design

  ## Architecture

  The Dispatch Service assigns drivers and the Tracking Service stores positions in PostgreSQL.

  ## Monitoring

  Both services write logs to Loki, and an uptime page shows whether they respond.
`;

// event ticketing: no monitoring section at all, second wording
const tickets = md`
  # Event Ticketing Design

  ## Architecture

  The Ticket Service sells seats through \`POST /api/orders\` and stores orders in MySQL. The Seat Worker releases expired holds.

  ## Deployment

  Both services run on Kubernetes.
`;

// fleet dispatch, Japanese: 監視 section
const haisha = md`
  # 配車管理システム 設計書

  ## 概要

  ドライバーへの配車を管理する。

  ## アーキテクチャ

  配車サービスと位置情報サービスは Amazon ECS 上で稼働し、位置情報を PostgreSQL に保存する。

  ## 監視

  各サービスのログを CloudWatch Logs に集約する。
`;

describe(RULE, () => {
  describe('fires on services with no rate-error-duration metrics', () => {
    it('on the monitoring heading (EN)', () => {
      const r = headingRange(dispatch, '## Monitoring');
      assert.deepEqual(findingAt(dispatch, RULE, r).range, r);
      assert.equal(findingsOf(dispatch, RULE).length, 1, 'one finding per document');
    });

    it('no monitoring section: on the architecture heading (EN, second wording)', () => {
      const r = headingRange(tickets, '## Architecture');
      assert.deepEqual(findingAt(tickets, RULE, r).range, r);
      assert.equal(findingsOf(tickets, RULE).length, 1);
    });

    it('on the 監視 heading of a Japanese doc', () => {
      const r = headingRange(haisha, '## 監視');
      assert.deepEqual(findingAt(haisha, RULE, r).range, r);
      assert.equal(lint(haisha).language, 'ja');
    });

    it('a single service: no finding', () => {
      const doc = tickets.replace(' The Seat Worker releases expired holds.', '');
      assert.notEqual(doc, tickets);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(dispatch, RULE)[0]!, 'moderate');
      assertTier(findingsOf(haisha, RULE)[0]!, 'moderate');
    });

    it('the message names the services, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(dispatch, RULE)[0]!, 'en', ['Dispatch Service', 'Tracking Service']);
      assertMessage(findingsOf(tickets, RULE)[0]!, 'en', ['Ticket Service', 'Seat Worker']);
      assertMessage(findingsOf(haisha, RULE)[0]!, 'ja', ['配車サービス']);
    });
  });

  describe('stays silent with RED metrics', () => {
    it('request rate, error rate and a latency histogram per endpoint (EN)', () => {
      const doc = dispatch + md`

        Each service exports request rate, error rate and a latency histogram per endpoint to Prometheus.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('"golden signals" and consumer lag (EN, second wording)', () => {
      const doc = tickets.replace('Both services run on Kubernetes.', 'Both services run on Kubernetes and report the four golden signals to Datadog.');
      assert.notEqual(doc, tickets);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('エラー率・レイテンシ (JA)', () => {
      const doc = haisha + md`

        API ごとのリクエスト数、エラー率、レイテンシを CloudWatch メトリクスとして収集する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no per-endpoint metrics")', () => {
      const doc = dispatch + md`

        There are no per-endpoint metrics.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「エラー率は未計測… なし」)', () => {
      const doc = haisha + md`

        エラー率の計測はなし。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a metrics section naming the services and the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(dispatch, findingsOf(dispatch, RULE)[0]!, { names: ['Dispatch Service', 'Tracking Service', 'PostgreSQL'], lang: 'en' });
      assertFixResolves(tickets, findingsOf(tickets, RULE)[0]!, { names: ['Ticket Service', 'Seat Worker', 'MySQL'], lang: 'en' });
    });

    it('inserts a Japanese metrics section (JA)', { todo: P.fix }, () => {
      assertFixResolves(haisha, findingsOf(haisha, RULE)[0]!, { names: ['配車サービス', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
