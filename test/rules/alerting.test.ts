import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'alerting';
const P = pending(RULE);

// fleet dispatch: Prometheus and Grafana, no alert conditions
const dispatch = md`
  # Fleet Dispatch Design

  ## Architecture

  The Dispatch Service assigns drivers and the Tracking Service stores positions in PostgreSQL.

  ## Monitoring

  Both services export metrics to Prometheus, and Grafana dashboards show request volume and queue depth.
`;

// e-learning: Datadog named in the architecture, second wording
const courses = md`
  # Course Platform Design

  ## Architecture

  - The Course Service serves lessons from MongoDB.
  - The Grading Worker scores quiz submissions.
  - Datadog collects the logs and metrics of every service.
`;

// fleet dispatch, Japanese: CloudWatch
const haisha = md`
  # 配車管理システム 設計書

  ## 概要

  ドライバーへの配車を管理する。

  ## アーキテクチャ

  配車サービスと位置情報サービスは Amazon ECS 上で稼働し、位置情報を PostgreSQL に保存する。

  ## 監視

  各サービスのログとメトリクスは CloudWatch に集約し、ダッシュボードで確認する。
`;

describe(RULE, () => {
  describe('fires on monitoring with no alerting', () => {
    it('on the monitoring tool (EN)', () => {
      const r = rangeOf(dispatch, 'Prometheus');
      assert.deepEqual(findingAt(dispatch, RULE, r).range, r);
      assert.equal(findingsOf(dispatch, RULE).length, 1, 'one finding per document');
    });

    it('Datadog in an architecture list (EN, second wording)', () => {
      const r = rangeOf(courses, 'Datadog');
      assert.deepEqual(findingAt(courses, RULE, r).range, r);
      assert.equal(findingsOf(courses, RULE).length, 1);
    });

    it('CloudWatch in a Japanese 監視 section', () => {
      const r = rangeOf(haisha, 'CloudWatch');
      assert.deepEqual(findingAt(haisha, RULE, r).range, r);
      assert.equal(lint(haisha).language, 'ja');
    });

    it('no monitoring tool named: no finding', () => {
      const doc = courses.replace('- Datadog collects the logs and metrics of every service.\n', '');
      assert.notEqual(doc, courses);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(dispatch, RULE)[0]!, 'moderate');
      assertTier(findingsOf(haisha, RULE)[0]!, 'moderate');
    });

    it('the message names the monitoring tool, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(dispatch, RULE)[0]!, 'en', ['Prometheus']);
      assertMessage(findingsOf(courses, RULE)[0]!, 'en', ['Datadog']);
      assertMessage(findingsOf(haisha, RULE)[0]!, 'ja', ['CloudWatch']);
    });
  });

  describe('stays silent with alert conditions and on-call', () => {
    it('alert thresholds paging through PagerDuty (EN)', () => {
      const doc = dispatch + md`

        Alertmanager pages the on-call engineer through PagerDuty when the dispatch error rate exceeds 2% for 5 minutes.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('an escalation policy in the same list (EN, second wording)', () => {
      const doc = courses + md`
        - Datadog monitors notify the team channel, with an escalation policy to the on-call lead after 15 minutes.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('アラート / オンコール (JA)', () => {
      const doc = haisha + md`

        配車失敗率が5%を超えたら CloudWatch アラームでオンコール担当を呼び出す。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no alerts are configured")', () => {
      const doc = dispatch + md`

        There are no alerts yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「アラートは未定」)', () => {
      const doc = haisha + md`

        アラートは未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an alerting section naming the services and the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(dispatch, findingsOf(dispatch, RULE)[0]!, { names: ['Dispatch Service', 'PostgreSQL'], lang: 'en' });
      assertFixResolves(courses, findingsOf(courses, RULE)[0]!, { names: ['Grading Worker', 'MongoDB'], lang: 'en' });
    });

    it('inserts a Japanese alerting section (JA)', { todo: P.fix }, () => {
      assertFixResolves(haisha, findingsOf(haisha, RULE)[0]!, { names: ['配車サービス', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
