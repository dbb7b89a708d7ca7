import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, headingRange, lint, md, pending } from './helpers';

const RULE = 'runbooks';
const P = pending(RULE);

// photo printing: an operations section without incident procedures
const prints = md`
  # Photo Print Ordering Design

  ## Architecture

  The Order Service takes print orders and stores them in PostgreSQL. The Print Worker sends jobs to the lab over SFTP.

  ## Operations

  The platform team owns both services. Deploys happen on weekdays.
`;

// event ticketing: only a monitoring section, second wording
const tickets = md`
  # Event Ticketing Design

  ## Architecture

  The Ticket Service sells seats and stores orders in MySQL. The Seat Worker releases expired holds.

  ## Monitoring

  Metrics and logs go to Datadog.
`;

// photo printing, Japanese: 運用設計
const print = md`
  # 写真プリント注文 設計書

  ## 概要

  写真プリントの注文を受け付ける。

  ## アーキテクチャ

  注文サービスは注文を PostgreSQL に保存し、印刷ワーカーがラボへ印刷ジョブを送る。

  ## 運用設計

  両サービスはプラットフォームチームが運用する。
`;

describe(RULE, () => {
  describe('fires on a production system with no incident procedures', () => {
    it('on the operations heading (EN)', () => {
      const r = headingRange(prints, '## Operations');
      assert.deepEqual(findingAt(prints, RULE, r).range, r);
      assert.equal(findingsOf(prints, RULE).length, 1, 'one finding per document');
    });

    it('on the monitoring heading when there is no operations section (EN, second wording)', () => {
      const r = headingRange(tickets, '## Monitoring');
      assert.deepEqual(findingAt(tickets, RULE, r).range, r);
      assert.equal(findingsOf(tickets, RULE).length, 1);
    });

    it('on the 運用設計 heading of a Japanese doc', () => {
      const r = headingRange(print, '## 運用設計');
      assert.deepEqual(findingAt(print, RULE, r).range, r);
      assert.equal(lint(print).language, 'ja');
    });

    it('no operations or monitoring section: on the architecture heading (EN)', () => {
      const doc = tickets.replace(/## Monitoring[^]*$/, '');
      const r = headingRange(doc, '## Architecture');
      assert.deepEqual(findingAt(doc, RULE, r).range, r);
    });

    it('a single service: no finding', () => {
      const doc = tickets.replace(' The Seat Worker releases expired holds.', '');
      assert.notEqual(doc, tickets);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(prints, RULE)[0]!, 'moderate');
      assertTier(findingsOf(print, RULE)[0]!, 'moderate');
    });

    it('the message names the services, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(prints, RULE)[0]!, 'en', ['Order Service', 'Print Worker']);
      assertMessage(findingsOf(tickets, RULE)[0]!, 'en', ['Ticket Service', 'Seat Worker']);
      assertMessage(findingsOf(print, RULE)[0]!, 'ja', ['注文サービス']);
    });
  });

  describe('stays silent with runbooks and an incident process', () => {
    it('runbooks linked from every alert (EN)', () => {
      const doc = prints + md`

        Every alert links to a runbook in the team wiki.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('incident response and postmortems (EN, second wording)', () => {
      const doc = tickets.replace('Metrics and logs go to Datadog.', 'Metrics and logs go to Datadog. Incident response follows the company process, and every outage gets a blameless postmortem.');
      assert.notEqual(doc, tickets);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('障害対応手順 (JA)', () => {
      const doc = print + md`

        障害対応手順はアラートごとにまとめ、障害後はポストモーテムを実施する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "runbooks: TBD")', () => {
      const doc = prints + md`

        Runbooks: TBD.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「ランブックは未定」)', () => {
      const doc = print + md`

        ランブックは未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a runbooks section naming the services and the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(prints, findingsOf(prints, RULE)[0]!, { names: ['Order Service', 'Print Worker', 'PostgreSQL'], lang: 'en' });
      assertFixResolves(tickets, findingsOf(tickets, RULE)[0]!, { names: ['Ticket Service', 'MySQL'], lang: 'en' });
    });

    it('inserts a Japanese runbooks section (JA)', { todo: P.fix }, () => {
      assertFixResolves(print, findingsOf(print, RULE)[0]!, { names: ['注文サービス', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
