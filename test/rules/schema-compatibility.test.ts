import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf } from './helpers';

const RULE = 'schema-compatibility';

// warehouse: blue-green + Flyway
const slotting = md`
  # Warehouse Slotting Design

  ## Architecture

  The Slotting Service runs on Amazon ECS and stores bin assignments in PostgreSQL.

  ## Deployment

  Releases use blue-green deployment through AWS CodeDeploy. Flyway migrations run at application startup.
`;

// healthcare scheduling: canary + Liquibase, another wording
const clinic = md`
  # Clinic Scheduling Design

  ## Architecture

  The Scheduling Service runs on Kubernetes with appointments in MySQL.

  ## Release process

  Each version goes out as a canary release to 5% of pods first. Liquibase changesets are applied by an init container before the new pods start.
`;

// chat: Japanese rolling update + migrations
const chat = md`
  # 社内チャット 設計書

  ## 概要

  社内向けのチャットサービス。

  ## アーキテクチャ

  チャットサービスは Kubernetes 上で稼働し、MongoDB にメッセージを保存する。

  ## デプロイメント方針

  ローリングアップデートでリリースする。スキーマ変更はリリース前にマイグレーションで適用する。
`;

describe(RULE, () => {
  describe('fires on rolling/blue-green/canary deploys with schema migrations', () => {
    it('blue-green + Flyway: anchored on the migration words (EN)', () => {
      const f = findingAt(slotting, RULE, rangeOf(slotting, 'Flyway'));
      assert.deepEqual(f.range, rangeOf(slotting, 'Flyway'));
      assert.equal(findingsOf(slotting, RULE).length, 1, 'one finding per document');
    });

    it('canary + Liquibase (EN, second wording)', () => {
      const f = findingAt(clinic, RULE, rangeOf(clinic, 'Liquibase'));
      assert.deepEqual(f.range, rangeOf(clinic, 'Liquibase'));
      assert.equal(findingsOf(clinic, RULE).length, 1);
    });

    it('ローリングアップデート + マイグレーション in a Japanese デプロイメント方針 section', () => {
      const f = findingAt(chat, RULE, rangeOf(chat, 'スキーマ変更'));
      assert.deepEqual(f.range, rangeOf(chat, 'スキーマ変更'));
      assert.equal(findingsOf(chat, RULE).length, 1);
      assert.equal(lint(chat).language, 'ja');
    });

    it('is Critical (error)', () => {
      assertTier(findingsOf(slotting, RULE)[0]!, 'critical');
      assertTier(findingsOf(chat, RULE)[0]!, 'critical');
    });

    it('the message names the deployment/migration statement, in the doc language', () => {
      assertMessage(findingsOf(slotting, RULE)[0]!, 'en');
      assertMessage(findingsOf(clinic, RULE)[0]!, 'en');
      assertMessage(findingsOf(chat, RULE)[0]!, 'ja');
    });
  });

  describe('stays silent when migrations are backward compatible', () => {
    it('expand-contract, stated in the deployment section (EN)', () => {
      const doc = slotting.replace('run at application startup.', 'run at application startup and follow expand-contract: columns are added first and dropped only in a later release.');
      assert.notEqual(doc, slotting);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('backward-compatible migrations stated elsewhere in the doc (EN, second wording)', () => {
      const doc = clinic + md`

        ## Data Model

        Every schema change must be backward compatible with the previous release, so old and new pods can share the database during the canary.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('後方互換性 (JA)', () => {
      const doc = chat.replace('スキーマ変更はリリース前にマイグレーションで適用する。', 'マイグレーションは後方互換性を保ち、旧バージョンと新バージョンが同時に動作できるようにする。');
      assert.notEqual(doc, chat);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "not backward compatible")', () => {
      const doc = slotting + md`

        Migrations are not backward compatible; the blue environment is stopped before they run.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「後方互換性は考慮しない」)', () => {
      const doc = chat + md`

        マイグレーションの後方互換性は考慮しない。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts an expand-contract section under the deployment heading naming the database (EN)', () => {
      assertFixResolves(slotting, findingsOf(slotting, RULE)[0]!, { names: ['PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese expand-contract section naming the database (JA)', () => {
      assertFixResolves(chat, findingsOf(chat, RULE)[0]!, { names: ['MongoDB'], lang: 'ja' });
    });
  });
});
