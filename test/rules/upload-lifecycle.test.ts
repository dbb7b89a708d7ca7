import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'upload-lifecycle';
const P = pending(RULE);

// expenses: pre-signed upload to S3, then a confirm call
const expenses = md`
  # Expense Reports Design

  ## Architecture

  The Expense Service runs on Amazon ECS and stores reports in PostgreSQL. Receipt images are kept in Amazon S3.

  ## Data Flow

  1. The app asks the Expense Service for a pre-signed upload URL.
  2. The app uploads the receipt image directly to Amazon S3.
  3. The app calls the Expense Service to confirm the upload, which records the receipt in PostgreSQL.
`;

// support desk: attachments, no confirm step (second wording)
const support = md`
  # Support Desk Design

  ## Architecture

  The Ticket Service runs on Kubernetes and keeps tickets in MySQL. Customers can attach files to a ticket; the files are stored in Azure Blob Storage.
`;

// recruiting: Japanese, résumé uploads
const hiring = md`
  # 採用管理システム 設計書

  ## 概要

  応募者が履歴書をアップロードし、面接官が閲覧する。

  ## アーキテクチャ

  採用サービスは Kubernetes 上で稼働し、応募情報を PostgreSQL に、履歴書ファイルを Amazon S3 に保存する。
`;

describe(RULE, () => {
  describe('fires on uploads without lifecycle or limits', () => {
    it('a confirm step after a direct upload, and the upload itself with no limits (EN)', () => {
      const confirm = rangeOf(expenses, 'confirm');
      assert.deepEqual(findingAt(expenses, RULE, confirm).range, confirm);
      const upload = rangeOf(expenses, 'pre-signed upload');
      assert.deepEqual(findingAt(expenses, RULE, upload).range, upload);
      assert.equal(findingsOf(expenses, RULE).length, 2);
    });

    it('file attachments with no size limit (EN, second wording)', () => {
      const range = rangeOf(support, 'attach files');
      assert.deepEqual(findingAt(support, RULE, range).range, range);
      assert.equal(findingsOf(support, RULE).length, 1);
    });

    it('アップロード with no size limit (JA)', () => {
      const range = rangeOf(hiring, 'アップロード');
      assert.deepEqual(findingAt(hiring, RULE, range).range, range);
      assert.equal(findingsOf(hiring, RULE).length, 1);
      assert.equal(lint(hiring).language, 'ja');
    });

    it('a user upload without a size limit, however it is said (EN: who uploads; JA: what is uploaded)', () => {
      const invoices = support.replace('Customers can attach files to a ticket; the files are stored in Azure Blob Storage.', 'Customers upload their invoices as PDF files, which are stored in Azure Blob Storage.');
      assert.equal(findingsOf(invoices, RULE).length, 1);
      const photos = hiring.replace('応募者が履歴書をアップロードし、面接官が閲覧する。', '顔写真は S3 にアップロードされる。');
      assert.equal(findingsOf(photos, RULE).length, 1);
    });

    it('a system uploading its own data is not a user upload (EN, JA)', () => {
      const blocks = support.replace('Customers can attach files to a ticket; the files are stored in Azure Blob Storage.', 'Every two hours the Indexer uploads compacted index blocks to Azure Blob Storage.');
      assert.deepEqual(findingsOf(blocks, RULE), []);
      const ja = hiring.replace('応募者が履歴書をアップロードし、面接官が閲覧する。', 'バッチは集計結果のスナップショットを Amazon S3 にアップロードする。');
      assert.deepEqual(findingsOf(ja, RULE), []);
    });

    it('a doc without uploads is not this rule', () => {
      const doc = support.replace(' Customers can attach files to a ticket; the files are stored in Azure Blob Storage.', '');
      assert.notEqual(doc, support);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingAt(expenses, RULE, rangeOf(expenses, 'confirm')), 'moderate');
      assertTier(findingsOf(hiring, RULE)[0]!, 'moderate');
    });

    it('the message names the object store the uploads land in, in the doc language', { todo: P.message }, () => {
      assertMessage(findingAt(expenses, RULE, rangeOf(expenses, 'confirm')), 'en', ['Amazon S3']);
      assertMessage(findingsOf(hiring, RULE)[0]!, 'ja', ['Amazon S3']);
    });

    it('the message names the object store even when it sits late in a long paragraph (EN)', { todo: P.message }, () => {
      assertMessage(findingsOf(support, RULE)[0]!, 'en', ['Azure Blob Storage']);
    });
  });

  describe('stays silent when orphans are cleaned up and uploads are limited', () => {
    it('a lifecycle rule covers the confirm step only; a size limit covers the upload (EN)', () => {
      const cleanup = expenses + md`

        ## Storage Hygiene

        An S3 lifecycle rule deletes unconfirmed uploads after 24 hours.
      `;
      assert.deepEqual(findingsOf(cleanup, RULE).map((f) => f.range), [rangeOf(cleanup, 'pre-signed upload')]);
      const both = cleanup + md`

        The pre-signed URL enforces a max file size of 10 MB.
      `;
      assert.deepEqual(findingsOf(both, RULE), []);
    });

    it('a per-team storage quota (EN, second wording)', () => {
      const doc = support + md`

        ## Limits

        Each attachment has a size limit of 25 MB and every customer a storage quota of 5 GB.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('ファイルサイズ上限 (JA)', () => {
      const doc = hiring + md`

        ## 制約

        履歴書のファイルサイズ上限は 10MB とし、超えるファイルは受け付けない。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no size limit")', () => {
      const doc = support + md`

        There is no size limit yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「サイズ上限は未定」)', () => {
      const doc = hiring + md`

        サイズ上限は未定。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting each fix removes its finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [expenses, support, hiring]) {
        for (const f of findingsOf(doc, RULE)) {
          const after = applyFix(doc, f);
          assert.ok(!findingsOf(after, RULE).some((g) => g.start === f.start), `${doc.split('\n')[0]}: ${f.subject?.name}`);
        }
      }
    });

    it('inserts an upload-lifecycle section (EN)', { todo: P.fix }, () => {
      assertFixResolves(expenses, findingAt(expenses, RULE, rangeOf(expenses, 'confirm')), { names: ['Amazon S3'], lang: 'en' });
    });

    it('inserts a Japanese upload-lifecycle section (JA)', { todo: P.fix }, () => {
      assertFixResolves(hiring, findingsOf(hiring, RULE)[0]!, { names: ['Amazon S3'], lang: 'ja' });
    });
  });
});
