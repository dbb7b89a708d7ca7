import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'config-management';
const P = pending(RULE);

// invoice portal: an API key and a database password passed as environment variables
const invoices = md`
  # Invoice Portal Design

  ## Architecture

  The Invoice Service renders PDFs and stores invoices in PostgreSQL. The Mailer Worker sends them with SendGrid.

  ## Configuration

  The SendGrid API key and the database password are passed to the containers as environment variables.
`;

// CI bot: credentials in a config file, second wording
const bot = md`
  # Release Bot Design

  ## Architecture

  The Release Service posts release notes to Slack and records releases in MySQL. The Changelog Worker collects merged pull requests.

  ## Deployment

  Slack credentials live in a config.yaml baked into the image.
`;

// invoice portal, Japanese: APIキー and パスワード in 環境変数
const seikyu = md`
  # 請求書ポータル 設計書

  ## 概要

  請求書を発行する。

  ## アーキテクチャ

  請求書サービスは PDF を生成して PostgreSQL に保存し、メールワーカーが SendGrid で送付する。

  ## 設定

  SendGrid の APIキーと DB のパスワードは環境変数でコンテナに渡す。
`;

describe(RULE, () => {
  describe('fires on credentials with no stated management', () => {
    it('on the API key (EN)', () => {
      const r = rangeOf(invoices, 'API key');
      assert.deepEqual(findingAt(invoices, RULE, r).range, r);
      assert.equal(findingsOf(invoices, RULE).length, 1, 'one finding per document');
    });

    it('on "credentials" in a config file (EN, second wording)', () => {
      const r = rangeOf(bot, 'credentials');
      assert.deepEqual(findingAt(bot, RULE, r).range, r);
      assert.equal(findingsOf(bot, RULE).length, 1);
    });

    it('on APIキー in a Japanese 設定 section', () => {
      const r = rangeOf(seikyu, 'APIキー');
      assert.deepEqual(findingAt(seikyu, RULE, r).range, r);
      assert.equal(lint(seikyu).language, 'ja');
    });

    it("end users' passwords and sign-in tokens are not the system's credentials: no finding", () => {
      const doc = invoices.replace(
        'The SendGrid API key and the database password are passed to the containers as environment variables.',
        'Customers log in with e-mail and password; passwords are hashed with bcrypt and Auth0 issues JWT access tokens.',
      );
      assert.notEqual(doc, invoices);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(invoices, RULE)[0]!, 'moderate');
      assertTier(findingsOf(seikyu, RULE)[0]!, 'moderate');
    });

    it('the message names whose credentials they are, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(invoices, RULE)[0]!, 'en', ['SendGrid']);
      assertMessage(findingsOf(bot, RULE)[0]!, 'en', ['Slack']);
      assertMessage(findingsOf(seikyu, RULE)[0]!, 'ja', ['SendGrid']);
    });
  });

  describe('stays silent with managed secrets and configuration', () => {
    it('AWS Secrets Manager with rotation (EN)', () => {
      const doc = invoices + md`

        Both secrets are stored in AWS Secrets Manager, injected into the task definition and rotated every 90 days.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('HashiCorp Vault and config as code (EN, second wording)', () => {
      const doc = bot.replace('Slack credentials live in a config.yaml baked into the image.', 'Slack credentials are read from HashiCorp Vault at startup; other settings are config as code, validated at startup.');
      assert.notEqual(doc, bot);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('パラメータストア (JA)', () => {
      const doc = seikyu.replace('環境変数でコンテナに渡す。', 'SSM パラメータストアに SecureString として保存し、起動時に読み込む。');
      assert.notEqual(doc, seikyu);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no secrets manager")', () => {
      const doc = invoices + md`

        We do not use a secrets manager yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('the inserted section is evidence: re-analysed, the finding is gone (EN, JA)', () => {
      for (const doc of [invoices, bot, seikyu]) assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
    });

    it('inserts a configuration section naming the services and the datastore (EN)', { todo: P.fix }, () => {
      assertFixResolves(invoices, findingsOf(invoices, RULE)[0]!, { names: ['Invoice Service', 'PostgreSQL'], lang: 'en' });
    });

    it('inserts a Japanese configuration section (JA)', { todo: P.fix }, () => {
      assertFixResolves(seikyu, findingsOf(seikyu, RULE)[0]!, { names: ['請求書サービス', 'PostgreSQL'], lang: 'ja' });
    });
  });
});
