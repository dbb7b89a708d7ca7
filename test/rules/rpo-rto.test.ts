import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, headingRange, lint, md } from './helpers';

const RULE = 'rpo-rto';

// IoT: an availability section with no targets
const hub = md`
  # Sensor Hub Design

  ## Architecture

  The Hub Service runs on Amazon ECS and stores readings in DynamoDB and device profiles in PostgreSQL.

  ## Availability

  DynamoDB point-in-time recovery is enabled; PostgreSQL is Multi-AZ.
`;

// payments: no availability section, a non-functional one
const wallet = md`
  # Wallet Service Design

  ## Architecture

  The Wallet Service runs on Kubernetes and keeps balances in PostgreSQL.

  ## Non-functional Requirements

  Availability target 99.95%. p95 latency under 200 ms.
`;

// logistics: Japanese 非機能要件
const warehouse = md`
  # 物流倉庫管理 設計書

  ## 概要

  倉庫の入出庫を管理する。

  ## アーキテクチャ

  在庫サービスは Amazon ECS 上で稼働し、MySQL に在庫を保存する。

  ## 非機能要件

  可用性 99.9% を目標とする。
`;

describe(RULE, () => {
  describe('fires when the doc has datastores and no recovery targets', () => {
    it('on the availability heading (EN)', () => {
      const f = findingAt(hub, RULE, headingRange(hub, '## Availability'));
      assert.deepEqual(f.range, headingRange(hub, '## Availability'));
      assert.equal(findingsOf(hub, RULE).length, 1, 'one finding per document');
    });

    it('on the non-functional heading when there is no availability section (EN, second wording)', () => {
      const f = findingAt(wallet, RULE, headingRange(wallet, '## Non-functional Requirements'));
      assert.deepEqual(f.range, headingRange(wallet, '## Non-functional Requirements'));
    });

    it('on the 非機能要件 heading of a Japanese doc', () => {
      const f = findingAt(warehouse, RULE, headingRange(warehouse, '## 非機能要件'));
      assert.deepEqual(f.range, headingRange(warehouse, '## 非機能要件'));
      assert.equal(lint(warehouse).language, 'ja');
    });

    it('an RPO without an RTO is not enough (EN)', () => {
      const doc = hub.replace('PostgreSQL is Multi-AZ.', 'PostgreSQL is Multi-AZ. The RPO is 15 minutes.');
      assert.notEqual(doc, hub);
      findingAt(doc, RULE, headingRange(doc, '## Availability'));
    });

    it('「RTO は未定」 is not a target (JA)', () => {
      const doc = warehouse.replace('可用性 99.9% を目標とする。', '可用性 99.9% を目標とする。RPO は15分とする。RTO は未定。');
      findingAt(doc, RULE, headingRange(doc, '## 非機能要件'));
    });

    it('a negated mention is not coverage (EN: "no RPO or RTO has been agreed")', () => {
      const doc = hub + md`

        No RPO or RTO has been agreed with the business yet.
      `;
      findingAt(doc, RULE, headingRange(doc, '## Availability'));
    });

    it('is Critical (error)', () => {
      assertTier(findingsOf(hub, RULE)[0]!, 'critical');
      assertTier(findingsOf(warehouse, RULE)[0]!, 'critical');
    });

    it('the message names the datastores, in the doc language', () => {
      assertMessage(findingsOf(hub, RULE)[0]!, 'en', ['DynamoDB']);
      assertMessage(findingsOf(warehouse, RULE)[0]!, 'ja', ['MySQL']);
    });
  });

  describe('stays silent when RPO and RTO are stated', () => {
    it('"RPO 5 minutes, RTO 1 hour" (EN)', () => {
      const doc = hub + md`

        Recovery targets: RPO 5 minutes, RTO 1 hour.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('spelled out, in another section (EN, second wording)', () => {
      const doc = wallet + md`

        ## Disaster Recovery

        The recovery point objective is one minute of transactions and the recovery time objective is 30 minutes.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('目標復旧時点 (RPO) / 目標復旧時間 (RTO) (JA)', () => {
      const doc = warehouse.replace('可用性 99.9% を目標とする。', '可用性 99.9% を目標とする。目標復旧時点 (RPO) は15分、目標復旧時間 (RTO) は2時間とする。');
      assert.deepEqual(findingsOf(doc, RULE), []);
    });
  });

  describe('quick fix', () => {
    it('inserts an RPO/RTO table under the availability heading naming the stores (EN)', () => {
      assertFixResolves(hub, findingsOf(hub, RULE)[0]!, { names: ['DynamoDB', 'PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese RPO/RTO section naming the store (JA)', () => {
      assertFixResolves(warehouse, findingsOf(warehouse, RULE)[0]!, { names: ['MySQL'], lang: 'ja' });
    });
  });
});
