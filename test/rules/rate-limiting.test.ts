import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'rate-limiting';
const P = pending(RULE);

// photo contest: a public voting endpoint
const contest = md`
  # Photo Contest Design

  ## Architecture

  The Contest Service runs on Amazon ECS behind an ALB and stores entries in PostgreSQL.

  ## API

  - \`GET /api/contests/{id}/entries\` lists entries.
  - \`POST /api/contests/{id}/votes\` records a vote for an entry.
`;

// document signing: upload-URL issuance and a share endpoint in prose (second wording)
const signing = md`
  # Document Signing Design

  ## Architecture

  The Envelope Service runs on Kubernetes and keeps envelopes in MySQL; files go to Amazon S3.

  ## Endpoints

  - Clients get a pre-signed upload URL from POST /v1/envelopes/{id}/upload-url.
  - Senders share an envelope with POST /v1/envelopes/{id}/share.
`;

// open data: Japanese, citizen reports
const reports = md`
  # 自治体オープンデータ 設計書

  ## 概要

  公開 API で防災情報を提供し、住民からの通報を受け付ける。

  ## アーキテクチャ

  API サービスは Kubernetes 上で稼働し、通報を PostgreSQL に保存する。

  ## API設計

  - \`GET /v1/alerts\`: 防災情報を返す。
  - \`POST /v1/reports\`: 住民からの通報を登録する。
`;

describe(RULE, () => {
  describe('fires on each POST endpoint', () => {
    it('the vote endpoint, not the GET (EN)', () => {
      const range = rangeOf(contest, 'POST /api/contests/{id}/votes');
      assert.deepEqual(findingAt(contest, RULE, range).range, range);
      assert.equal(findingsOf(contest, RULE).length, 1);
    });

    it('upload-URL issuance and sharing named in prose, one finding each (EN, second wording)', () => {
      const upload = rangeOf(signing, 'POST /v1/envelopes/{id}/upload-url');
      assert.deepEqual(findingAt(signing, RULE, upload).range, upload);
      const share = rangeOf(signing, 'POST /v1/envelopes/{id}/share');
      assert.deepEqual(findingAt(signing, RULE, share).range, share);
      assert.equal(findingsOf(signing, RULE).length, 2);
    });

    it('a POST in a Japanese API section', () => {
      const range = rangeOf(reports, 'POST /v1/reports');
      assert.deepEqual(findingAt(reports, RULE, range).range, range);
      assert.equal(findingsOf(reports, RULE).length, 1);
      assert.equal(lint(reports).language, 'ja');
    });

    it('is Significant (warning)', { todo: P.tier }, () => {
      assertTier(findingsOf(contest, RULE)[0]!, 'significant');
      assertTier(findingsOf(reports, RULE)[0]!, 'significant');
    });

    it('the message names the endpoint, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(contest, RULE)[0]!, 'en', ['POST /api/contests/{id}/votes']);
      assertMessage(findingsOf(reports, RULE)[0]!, 'ja', ['POST /v1/reports']);
    });
  });

  describe('stays silent when requests are limited', () => {
    it('a per-user limit with 429 and Retry-After, doc-wide (EN)', () => {
      const doc = contest + md`

        ## Rate Limits

        Every client is limited to 60 requests per minute per user; excess requests get 429 with Retry-After.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a token bucket on one endpoint covers that endpoint only (EN, second wording)', () => {
      const doc = signing.replace('from POST /v1/envelopes/{id}/upload-url.', 'from POST /v1/envelopes/{id}/upload-url, throttled by a token bucket of 20 URLs per minute per sender.');
      assert.notEqual(doc, signing);
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'POST /v1/envelopes/{id}/share')]);
    });

    it('レート制限 (JA)', () => {
      const doc = reports + md`

        ## 流量制御

        通報 API は IP アドレスごとに毎分10件のレート制限を設け、超過時は 429 を返す。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no rate limit")', () => {
      const doc = contest + md`

        There is no rate limit on voting yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「レート制限は未定」)', () => {
      const doc = reports + md`

        レート制限は未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a rate-limit section naming the endpoint (EN)', { todo: P.fix }, () => {
      assertFixResolves(contest, findingsOf(contest, RULE)[0]!, { names: ['POST /api/contests/{id}/votes'], lang: 'en' });
    });

    it('the fix for one endpoint leaves the other reported (EN)', { todo: P.fix }, () => {
      const after = assertFixResolves(signing, findingAt(signing, RULE, rangeOf(signing, 'POST /v1/envelopes/{id}/upload-url')), { names: ['POST /v1/envelopes/{id}/upload-url'], lang: 'en' });
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'POST /v1/envelopes/{id}/share')]);
    });

    it('inserts a Japanese section naming the endpoint (JA)', { todo: P.fix }, () => {
      assertFixResolves(reports, findingsOf(reports, RULE)[0]!, { names: ['POST /v1/reports'], lang: 'ja' });
    });
  });
});
