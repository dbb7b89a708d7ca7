import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'feature-flags';
const P = pending(RULE);

// loyalty wallet: blue-green switch of every user at once
const wallet = md`
  # Loyalty Wallet Design

  ## Architecture

  The Wallet Service and the Rewards Service run on Amazon ECS and store balances in PostgreSQL.

  ## Deployment

  Releases use blue-green deployment through AWS CodeDeploy; the listener switches all traffic to the new task set at once.
`;

// ticket desk: a Kubernetes rolling update, second wording
const desk = md`
  # Ticket Desk Design

  ## Architecture

  The Ticket Service and the Assignment Worker run on Kubernetes and keep tickets in MySQL.

  ## Release Process

  New versions ship as a rolling update of the Deployment. A failed readiness check stops the rollout.
`;

// hotel booking, Japanese: ローリングアップデート
const hotel = md`
  # ホテル予約システム 設計書

  ## 概要

  客室の予約と決済を扱う。

  ## アーキテクチャ

  予約サービスと在庫サービスは Kubernetes 上で稼働し、予約を MySQL に保存する。

  ## リリース方針

  新しいバージョンはローリングアップデートで全ポッドを順に入れ替える。
`;

describe(RULE, () => {
  describe('fires on all-or-nothing releases', () => {
    it('on the blue-green deploy strategy (EN)', () => {
      const f = findingAt(wallet, RULE, rangeOf(wallet, 'blue-green'));
      assert.deepEqual(f.range, rangeOf(wallet, 'blue-green'));
      assert.equal(findingsOf(wallet, RULE).length, 1, 'one finding per document');
    });

    it('on a rolling update (EN, second wording)', () => {
      const f = findingAt(desk, RULE, rangeOf(desk, 'rolling update'));
      assert.deepEqual(f.range, rangeOf(desk, 'rolling update'));
      assert.equal(findingsOf(desk, RULE).length, 1);
    });

    it('on ローリングアップデート in a Japanese doc', () => {
      const f = findingAt(hotel, RULE, rangeOf(hotel, 'ローリングアップデート'));
      assert.deepEqual(f.range, rangeOf(hotel, 'ローリングアップデート'));
      assert.equal(lint(hotel).language, 'ja');
    });

    it('no deploy strategy: no finding', () => {
      const doc = desk.replace('as a rolling update of the Deployment', 'through Argo CD');
      assert.notEqual(doc, desk);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(wallet, RULE)[0]!, 'moderate');
      assertTier(findingsOf(hotel, RULE)[0]!, 'moderate');
    });

    it('the message names the subject, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(wallet, RULE)[0]!, 'en');
      assertMessage(findingsOf(desk, RULE)[0]!, 'en');
      assertMessage(findingsOf(hotel, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent with feature flags or progressive rollout', () => {
    it('feature flags with a kill switch (EN)', () => {
      const doc = wallet + md`

        New reward rules ship dark behind feature flags in LaunchDarkly, each with a kill switch.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a percentage rollout of features (EN, second wording)', () => {
      const doc = desk.replace('A failed readiness check stops the rollout.', 'User-facing changes then go through a percentage rollout: 5%, 25%, 100% of agents.');
      assert.notEqual(doc, desk);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('フィーチャーフラグ (JA)', () => {
      const doc = hotel + md`

        新機能はフィーチャーフラグで段階的に公開し、問題があればフラグで即座に無効化する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "without feature flags")', () => {
      const doc = wallet + md`

        Features are released without feature flags.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「フィーチャーフラグは未導入… なし」)', () => {
      const doc = hotel + md`

        フィーチャーフラグはなし。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a feature-flags section in the deployment section (EN)', { todo: P.fix }, () => {
      assertFixResolves(wallet, findingsOf(wallet, RULE)[0]!, { names: ['Wallet Service', 'Rewards Service'], lang: 'en' });
      assertFixResolves(desk, findingsOf(desk, RULE)[0]!, { names: ['Ticket Service'], lang: 'en' });
    });

    it('inserts a Japanese feature-flags section (JA)', { todo: P.fix }, () => {
      assertFixResolves(hotel, findingsOf(hotel, RULE)[0]!, { names: ['予約サービス'], lang: 'ja' });
    });
  });
});
