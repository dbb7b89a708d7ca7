import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'chaos-testing';
const P = pending(RULE);

// payroll: automatic failover claimed, never exercised
const payroll = md`
  # Payroll Run Design

  ## Architecture

  The Payroll Service computes salaries and the Payslip Worker renders PDFs. Data is stored in PostgreSQL on Amazon RDS with automatic failover to a standby.
`;

// smart home hub: redundant brokers, second wording
const home = md`
  # Smart Home Hub Design

  ## Architecture

  - The Device Gateway keeps MQTT sessions with the devices.
  - The Rules Service stores automations in DynamoDB.

  ## Availability

  The Device Gateway runs as a redundant pair across two zones.
`;

// payroll, Japanese: 冗長構成
const kyuyo = md`
  # 給与計算システム 設計書

  ## 概要

  月次の給与計算を行う。

  ## アーキテクチャ

  給与計算サービスと明細ワーカーは Amazon ECS 上で稼働する。データは PostgreSQL に保存し、DB は冗長構成とする。
`;

describe(RULE, () => {
  describe('fires on redundancy and failover claims nobody tests', () => {
    it('on "automatic failover" (EN)', () => {
      const r = rangeOf(payroll, 'automatic failover');
      assert.deepEqual(findingAt(payroll, RULE, r).range, r);
      assert.equal(findingsOf(payroll, RULE).length, 1, 'one finding per document');
    });

    it('on "redundant" in an availability section (EN, second wording)', () => {
      const r = rangeOf(home, 'redundant');
      assert.deepEqual(findingAt(home, RULE, r).range, r);
      assert.equal(findingsOf(home, RULE).length, 1);
    });

    it('on 冗長構成 in a Japanese doc', () => {
      const r = rangeOf(kyuyo, '冗長構成');
      assert.deepEqual(findingAt(kyuyo, RULE, r).range, r);
      assert.equal(findingsOf(kyuyo, RULE).length, 1);
      assert.equal(lint(kyuyo).language, 'ja');
    });

    it('a self-restarting service claims no redundancy: no finding', () => {
      const doc = home.replace('The Device Gateway runs as a redundant pair across two zones.', 'The Device Gateway restarts automatically when it crashes.');
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Minor (hint)', { todo: P.tier }, () => {
      assertTier(findingsOf(payroll, RULE)[0]!, 'minor');
      assertTier(findingsOf(kyuyo, RULE)[0]!, 'minor');
    });

    it('the message names what is redundant, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(payroll, RULE)[0]!, 'en');
      assertMessage(findingsOf(home, RULE)[0]!, 'en', ['Device Gateway']);
      assertMessage(findingsOf(kyuyo, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent with failure-injection tests', () => {
    it('a quarterly game day (EN)', () => {
      const doc = payroll + md`

        ## Testing

        A quarterly game day forces an RDS failover with AWS FIS and measures how long the services take to recover.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('chaos engineering in the same section (EN, second wording)', () => {
      const doc = home.replace('across two zones.', 'across two zones; chaos engineering experiments stop one gateway every month.');
      assert.notEqual(doc, home);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('障害注入 (JA)', () => {
      const doc = kyuyo + md`

        ## 試験

        四半期ごとに障害注入試験でフェイルオーバーを発生させ、復旧時間を計測する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no chaos testing")', () => {
      const doc = payroll + md`

        There is no chaos testing planned.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「障害訓練は未定」)', () => {
      const doc = kyuyo + md`

        障害訓練は未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [payroll, home, kyuyo]) assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
    });

    it('inserts a resilience-testing section naming the services and the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(payroll, findingsOf(payroll, RULE)[0]!, { names: ['Payroll Service', 'PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese resilience-testing section (JA)', { todo: P.fix }, () => {
      assertFixResolves(kyuyo, findingsOf(kyuyo, RULE)[0]!, { names: ['給与計算サービス', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
