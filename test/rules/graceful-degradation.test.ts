import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'graceful-degradation';
const P = pending(RULE);

// recipes: a search engine and a push provider
const recipes = md`
  # Recipe Sharing App Design

  ## Architecture

  The Recipe Service runs on Kubernetes and stores recipes in PostgreSQL. Full-text search is served by Elasticsearch, and new followers are notified through Firebase Cloud Messaging.

  ## Data Flow

  1. A user publishes a recipe; the Recipe Service saves it in PostgreSQL.
  2. The Recipe Service indexes the recipe in Elasticsearch.
`;

// clinic: sign-in and SMS reminders listed as dependencies
const clinic = md`
  # Clinic Appointments Design

  ## Architecture

  The Appointment Service runs on Amazon ECS and keeps appointments in MySQL.

  | Dependency | Used for |
  |---|---|
  | Auth0 | patient sign-in |
  | Twilio | appointment reminders by SMS |
`;

// help desk: Japanese, a translation API
const helpdesk = md`
  # 多言語ヘルプデスク 設計書

  ## 概要

  問い合わせを受け付け、オペレーターの言語へ翻訳して表示する。

  ## アーキテクチャ

  チケットサービスは Amazon ECS 上で稼働し、問い合わせを MySQL に保存する。翻訳には DeepL API を利用する。
`;

// internal hop: one service asks another in the data flow
const hop = md`
  # Marketplace Orders Design

  ## Architecture

  The Order Service and the Pricing Service run on Kubernetes; orders are stored in PostgreSQL.

  ## Data Flow

  1. The Order Service calls the Pricing Service for the final price.
  2. The Order Service saves the order in PostgreSQL.
`;

describe(RULE, () => {
  describe('fires on each dependency whose outage behaviour is not stated', () => {
    it('the search engine and the push provider, each on its first mention (EN)', () => {
      const es = findingAt(recipes, RULE, rangeOf(recipes, 'Elasticsearch'));
      assert.deepEqual(es.range, rangeOf(recipes, 'Elasticsearch'));
      assert.deepEqual(es.related.map((r) => r.range), [rangeOf(recipes, 'Elasticsearch', { occurrence: 2 })]);
      const fcm = findingAt(recipes, RULE, rangeOf(recipes, 'Firebase Cloud Messaging'));
      assert.deepEqual(fcm.range, rangeOf(recipes, 'Firebase Cloud Messaging'));
      assert.equal(findingsOf(recipes, RULE).length, 2, 'PostgreSQL, the primary store, is not a degradable dependency');
    });

    it('dependencies named in a table (EN, second wording)', () => {
      assert.deepEqual(findingAt(clinic, RULE, rangeOf(clinic, 'Auth0')).range, rangeOf(clinic, 'Auth0'));
      assert.deepEqual(findingAt(clinic, RULE, rangeOf(clinic, 'Twilio')).range, rangeOf(clinic, 'Twilio'));
      assert.equal(findingsOf(clinic, RULE).length, 2);
    });

    it('a translation API in a Japanese doc', () => {
      const range = rangeOf(helpdesk, 'DeepL API');
      assert.deepEqual(findingAt(helpdesk, RULE, range).range, range);
      assert.equal(findingsOf(helpdesk, RULE).length, 1);
      assert.equal(lint(helpdesk).language, 'ja');
    });

    it('a synchronous call to another of the doc\'s services, in the data flow (EN)', () => {
      const range = rangeOf(hop, 'calls');
      assert.deepEqual(findingAt(hop, RULE, range).range, range);
      assert.equal(findingsOf(hop, RULE).length, 1);
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingAt(recipes, RULE, rangeOf(recipes, 'Elasticsearch')), 'significant');
      assertTier(findingsOf(helpdesk, RULE)[0]!, 'significant');
    });

    it('the message names the dependency, in the doc language', { todo: P.message }, () => {
      assertMessage(findingAt(recipes, RULE, rangeOf(recipes, 'Elasticsearch')), 'en', ['Elasticsearch']);
      assertMessage(findingAt(clinic, RULE, rangeOf(clinic, 'Twilio')), 'en', ['Twilio']);
      assertMessage(findingsOf(helpdesk, RULE)[0]!, 'ja', ['DeepL API']);
    });
  });

  describe('stays silent when the degraded behaviour is stated', () => {
    it('a fallback for search does not cover the push provider (EN)', () => {
      const doc = recipes + md`

        ## Failure Handling

        When Elasticsearch is down, search falls back to a PostgreSQL prefix match on recipe titles.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'Firebase Cloud Messaging')]);
    });

    it('a doc-wide "best effort" policy (EN, second wording)', () => {
      const doc = clinic + md`

        ## Degraded Modes

        Reminders are best-effort: if a provider is unavailable the reminder is skipped and logged; sign-in failures show a read-only mode with cached appointments.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('縮退運転 for the translation API (JA)', () => {
      const doc = helpdesk + md`

        ## 障害時の動作

        DeepL API が停止した場合は、原文をそのまま表示する縮退運転に切り替える。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('縮退運転 after an unrelated なし (JA: 「翻訳なしで縮退運転する」)', () => {
      const doc = helpdesk + md`

        ## 障害時の動作

        DeepL API が停止した場合は原文のまま表示し、翻訳なしで縮退運転する。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a fallback for the internal call, stated in the data flow (EN)', () => {
      const doc = hop.replace('for the final price.', 'for the final price; while the Pricing Service is down, the order falls back to the list price.');
      assert.notEqual(doc, hop);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a fallback after a negated condition (EN: "if it does not answer, … falls back")', () => {
      const doc = hop.replace('for the final price.', 'for the final price; if it does not answer, the order falls back to the list price.');
      assert.notEqual(doc, hop);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no fallback")', () => {
      const doc = helpdesk.replace('翻訳には DeepL API を利用する。', '翻訳には DeepL API を利用する。\n\nDeepL API のフォールバックは未定。');
      assert.notEqual(doc, helpdesk);
      assert.equal(findingsOf(doc, RULE).length, 1);
      const en = recipes + md`

        There is no fallback for Elasticsearch.
      `;
      assert.equal(findingsOf(en, RULE).length, 2);
    });
  });

  describe('quick fix', () => {
    it('inserts a degraded-mode section naming the dependency (EN)', { todo: P.fix }, () => {
      assertFixResolves(recipes, findingAt(recipes, RULE, rangeOf(recipes, 'Elasticsearch')), { names: ['Elasticsearch'], lang: 'en' });
    });

    it('the fix for one dependency leaves the other reported (EN)', { todo: P.fix }, () => {
      const after = applyFix(recipes, findingAt(recipes, RULE, rangeOf(recipes, 'Elasticsearch')));
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'Firebase Cloud Messaging')]);
    });

    it('inserts a Japanese section naming the dependency (JA)', { todo: P.fix }, () => {
      assertFixResolves(helpdesk, findingsOf(helpdesk, RULE)[0]!, { names: ['DeepL API'], lang: 'ja' });
    });
  });
});
