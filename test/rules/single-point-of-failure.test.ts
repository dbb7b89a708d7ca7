import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'single-point-of-failure';
const P = pending(RULE);

// parking garage: a single-instance service
const parking = md`
  # Parking Garage Access Design

  ## Architecture

  Gate controllers call the Access Service, which runs as a single instance on Amazon EC2.

  Permits are stored in PostgreSQL.
`;

// print shop: a singleton scheduler, second wording
const printing = md`
  # Print Shop Orders Design

  ## Architecture

  The Order Service runs on Kubernetes and keeps orders in MySQL.

  The PrintScheduler is a singleton that assigns jobs to printers.
`;

// meeting rooms: Japanese, one database server
const rooms = md`
  # 社内会議室予約 設計書

  ## 概要

  会議室の空き状況を表示し、予約を受け付ける。

  ## アーキテクチャ

  予約サービスは Kubernetes 上で稼働する。

  予約データは1台の MySQL サーバーに保存する。
`;

describe(RULE, () => {
  describe('fires on a component stated to have one instance', () => {
    it('"a single instance" (EN)', () => {
      // the squiggle covers the cue phrase that triggered the rule
      const range = rangeOf(parking, 'single instance');
      assert.deepEqual(findingAt(parking, RULE, range).range, range);
      assert.equal(findingsOf(parking, RULE).length, 1);
    });

    it('"a singleton" (EN, second wording)', () => {
      const range = rangeOf(printing, 'singleton');
      assert.deepEqual(findingAt(printing, RULE, range).range, range);
      assert.equal(findingsOf(printing, RULE).length, 1);
    });

    it('「1台の MySQL サーバー」 (JA)', () => {
      const range = rangeOf(rooms, '1台');
      assert.deepEqual(findingAt(rooms, RULE, range).range, range);
      assert.equal(findingsOf(rooms, RULE).length, 1);
      assert.equal(lint(rooms).language, 'ja');
    });

    it('"no single point of failure" claims no single instance', () => {
      const doc = parking.replace('which runs as a single instance on Amazon EC2', 'which has no single point of failure');
      assert.notEqual(doc, parking);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Critical (error)', { todo: P.tier }, () => {
      assertTier(findingsOf(parking, RULE)[0]!, 'critical');
      assertTier(findingsOf(rooms, RULE)[0]!, 'critical');
    });

    it('the message quotes the statement, naming the component, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(parking, RULE)[0]!, 'en', ['Access Service']);
      assertMessage(findingsOf(printing, RULE)[0]!, 'en', ['PrintScheduler']);
      assertMessage(findingsOf(rooms, RULE)[0]!, 'ja', ['MySQL']);
    });
  });

  describe('stays silent when redundancy is stated', () => {
    it('a standby in another AZ for the same service (EN)', () => {
      const doc = parking + md`

        ## Availability

        A hot standby of the Access Service in a second AZ takes over through automatic failover.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('leader election among several replicas (EN, second wording)', () => {
      const doc = printing.replace('The PrintScheduler is a singleton that assigns jobs to printers.', 'The PrintScheduler is a singleton that assigns jobs to printers; three replicas run with leader election, so one is active at a time.');
      assert.notEqual(doc, printing);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('マルチAZ のフェイルオーバー (JA)', () => {
      const doc = rooms + md`

        ## 可用性

        MySQL はマルチAZ 構成とし、障害時は自動でフェイルオーバーする。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('redundancy of another component does not cover the single instance (EN)', () => {
      const doc = md`
        # Parking Garage Access Design

        ## Architecture

        Gate controllers call the Access Service, which runs as a single instance on Amazon EC2 and stores permits in PostgreSQL.

        ## Availability

        PostgreSQL runs Multi-AZ with automatic failover.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'single instance')]);
    });

    it('a negated mention is not coverage (EN: "no failover")', () => {
      const doc = parking + md`

        There is no failover for the Access Service yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「冗長化は未定」)', () => {
      const doc = rooms + md`

        MySQL の冗長化は未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting the fix removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [parking, printing, rooms]) {
        assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
      }
    });

    it('inserts a redundancy section titled with the component (EN)', { todo: P.fix }, () => {
      assertFixResolves(parking, findingsOf(parking, RULE)[0]!, { names: ['Access Service'], lang: 'en' });
    });

    it('inserts a Japanese redundancy section (JA)', { todo: P.fix }, () => {
      assertFixResolves(rooms, findingsOf(rooms, RULE)[0]!, { names: ['MySQL'], lang: 'ja' });
    });
  });
});
