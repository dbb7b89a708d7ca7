import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, rangeOf } from './helpers';

const RULE = 'timeout';

// ride-hailing dispatch: a relational DB and two external APIs
const dispatch = md`
  # Driver Dispatch Design

  ## Architecture

  The Dispatch Service on Kubernetes stores trips in MySQL and calls the Google Maps API for ETAs and Twilio for SMS.

  ## Data Flow

  1. The rider app requests a trip from the Dispatch Service.
  2. The Dispatch Service asks the Google Maps API for the ETA of nearby drivers.
  3. The chosen driver gets an SMS through Twilio.
`;

// e-learning: a document store and an AI API, another wording
const tutoring = md`
  # AI Tutor Design

  ## Architecture

  | Component | Technology |
  |---|---|
  | Lesson store | MongoDB |
  | Answer generation | OpenAI API |

  The Tutor Service queries MongoDB for the lesson and sends the student's question to the OpenAI API.
`;

// payments: Japanese
const payment = md`
  # 決済連携 設計書

  ## 概要

  EC サイトのカード決済と決済完了メールを扱う。

  ## アーキテクチャ

  決済サービスは Amazon ECS 上で稼働し、PostgreSQL に取引を保存する。カード決済は Stripe、メール送信は SendGrid を利用する。
`;

describe(RULE, () => {
  describe('fires on each remote call without a stated timeout', () => {
    it('one finding per dependency (DB included), on its first mention, other mentions related (EN)', () => {
      const mysql = findingAt(dispatch, RULE, rangeOf(dispatch, 'MySQL'));
      assert.deepEqual(mysql.range, rangeOf(dispatch, 'MySQL'));
      const maps = findingAt(dispatch, RULE, rangeOf(dispatch, 'Google Maps API'));
      assert.deepEqual(maps.range, rangeOf(dispatch, 'Google Maps API'));
      assert.deepEqual(maps.related.map((r) => r.range), [rangeOf(dispatch, 'Google Maps API', { occurrence: 2 })]);
      const twilio = findingAt(dispatch, RULE, rangeOf(dispatch, 'Twilio'));
      assert.deepEqual(twilio.related.map((r) => r.range), [rangeOf(dispatch, 'Twilio', { occurrence: 2 })]);
      assert.equal(findingsOf(dispatch, RULE).length, 3);
    });

    it('dependencies first named in a stack table (EN, second wording)', () => {
      assert.deepEqual(findingAt(tutoring, RULE, rangeOf(tutoring, 'MongoDB')).range, rangeOf(tutoring, 'MongoDB'));
      assert.deepEqual(findingAt(tutoring, RULE, rangeOf(tutoring, 'OpenAI API')).range, rangeOf(tutoring, 'OpenAI API'));
      assert.equal(findingsOf(tutoring, RULE).length, 2);
    });

    it('Japanese doc: PostgreSQL, Stripe and SendGrid', () => {
      for (const name of ['PostgreSQL', 'Stripe', 'SendGrid']) assert.deepEqual(findingAt(payment, RULE, rangeOf(payment, name)).range, rangeOf(payment, name));
      assert.equal(findingsOf(payment, RULE).length, 3);
      assert.equal(lint(payment).language, 'ja');
    });

    it('is Critical (error)', () => {
      assertTier(findingAt(dispatch, RULE, rangeOf(dispatch, 'Twilio')), 'critical');
      assertTier(findingAt(payment, RULE, rangeOf(payment, 'Stripe')), 'critical');
    });

    it('the message names the dependency, in the doc language', () => {
      assertMessage(findingAt(dispatch, RULE, rangeOf(dispatch, 'Google Maps API')), 'en', ['Google Maps API']);
      assertMessage(findingAt(tutoring, RULE, rangeOf(tutoring, 'OpenAI API')), 'en', ['OpenAI API']);
      assertMessage(findingAt(payment, RULE, rangeOf(payment, 'Stripe')), 'ja', ['Stripe']);
    });
  });

  describe('stays silent when the call has a timeout value', () => {
    it('per-dependency values cover their own dependency only; a timeout without a value is no coverage (EN)', () => {
      const doc = dispatch + md`

        ## Error Handling

        - Google Maps API requests time out after 2 seconds.
        - MySQL queries use a statement_timeout of 500 ms.
        - Twilio calls have a timeout (value TBD).
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'Twilio')]);
    });

    it('a doc-wide deadline covers every call (EN, second wording)', () => {
      const doc = tutoring + md`

        Every outbound request carries a deadline of 3 seconds; the service gives up and returns a cached lesson after that.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('接続タイムアウト/読み取りタイムアウト per dependency; Stripe\'s does not cover SendGrid (JA)', () => {
      const doc = payment + md`

        ## エラーハンドリング方針

        - Stripe API 呼び出しの接続タイムアウトは1秒、読み取りタイムアウトは5秒とする。
        - PostgreSQL のクエリタイムアウトは3秒。
        - SendGrid のタイムアウトは未定。
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'SendGrid')]);
    });
  });

  describe('quick fix', () => {
    it('inserts a timeouts section naming the dependency (EN)', () => {
      assertFixResolves(dispatch, findingAt(dispatch, RULE, rangeOf(dispatch, 'Google Maps API')), { names: ['Google Maps API'], lang: 'en' });
    });

    it('inserts a Japanese section naming the dependency (JA)', () => {
      assertFixResolves(payment, findingAt(payment, RULE, rangeOf(payment, 'SendGrid')), { names: ['SendGrid'], lang: 'ja' });
    });
  });
});
