import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'job-concurrency';
const P = pending(RULE);

// invoicing: two scheduled workers
const invoices = md`
  # Invoice Platform Design

  ## Architecture

  The Invoice Service runs on Kubernetes and stores invoices in PostgreSQL.

  ## Batch Processing

  - The DunningWorker runs as a nightly batch job and e-mails reminders for overdue invoices through SendGrid.
  - The LedgerExportWorker runs every hour as a Kubernetes CronJob and exports paid invoices to the accounting system.
`;

// subscriptions: a job named without a component word (second wording)
const renewals = md`
  # Subscription Renewals Design

  ## Architecture

  The Subscription Service runs on Amazon ECS and keeps subscriptions in MySQL.

  A scheduled task renews expiring subscriptions every day at 02:00.
`;

// loyalty points: Japanese, a cron-started worker
const points = md`
  # ポイント失効処理 設計書

  ## 概要

  有効期限切れのポイントを失効させる。

  ## アーキテクチャ

  ポイントサービスは Amazon ECS 上で稼働し、ポイント残高を MySQL に保存する。

  失効ワーカーは毎日3時に cron で起動し、期限切れのポイントを失効させる。
`;

describe(RULE, () => {
  describe('fires once per scheduled component', () => {
    it('two scheduled workers, one finding each, on the schedule wording (EN)', () => {
      const dunning = rangeOf(invoices, 'nightly batch job');
      assert.deepEqual(findingAt(invoices, RULE, dunning).range, dunning);
      const ledger = rangeOf(invoices, 'runs every hour');
      assert.deepEqual(findingAt(invoices, RULE, ledger).range, ledger);
      assert.equal(findingsOf(invoices, RULE).length, 2);
    });

    it('a scheduled task with no named component (EN, second wording)', () => {
      const range = rangeOf(renewals, 'scheduled task');
      assert.deepEqual(findingAt(renewals, RULE, range).range, range);
      assert.equal(findingsOf(renewals, RULE).length, 1);
    });

    it('a cron-started ワーカー (JA)', () => {
      const range = rangeOf(points, 'cron');
      assert.deepEqual(findingAt(points, RULE, range).range, range);
      assert.equal(findingsOf(points, RULE).length, 1);
      assert.equal(lint(points).language, 'ja');
    });

    it('a job named "…Job" is a component of its own', () => {
      const doc = invoices.replace('The DunningWorker', 'The DunningJob').replace('The LedgerExportWorker', 'The LedgerExportJob');
      assert.notEqual(doc, invoices);
      assert.equal(findingsOf(doc, RULE).length, 2);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(renewals, RULE)[0]!, 'moderate');
      assertTier(findingsOf(points, RULE)[0]!, 'moderate');
    });

    it('the message names the scheduled component, else the system, in the doc language', { todo: P.message }, () => {
      assertMessage(findingAt(invoices, RULE, rangeOf(invoices, 'nightly batch job')), 'en', ['DunningWorker']);
      assertMessage(findingAt(invoices, RULE, rangeOf(invoices, 'runs every hour')), 'en', ['LedgerExportWorker']);
      assertMessage(findingsOf(renewals, RULE)[0]!, 'en', ['the system']);
      assertMessage(findingsOf(points, RULE)[0]!, 'ja', ['失効ワーカー']);
    });
  });

  describe('stays silent when overlapping runs are prevented', () => {
    it('a distributed lock for one worker does not cover the other (EN)', () => {
      const doc = invoices + md`

        ## Job Safety

        The DunningWorker takes a distributed lock in Redis before each run and skips the run if the lock is held.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.range), [rangeOf(doc, 'runs every hour')]);
    });

    it('a Postgres advisory lock, stated as a policy (EN, second wording)', () => {
      const doc = renewals + md`

        ## Job Safety

        Every run first takes an advisory lock, so a second scheduler instance never renews the same subscription twice.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('多重実行防止 (JA)', () => {
      const doc = points + md`

        失効ワーカーは実行前に分散ロックを取得し、多重実行防止とする。
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "no distributed lock")', () => {
      const doc = renewals + md`

        There is no distributed lock yet.
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「分散ロックは未実装」)', () => {
      const doc = points + md`

        分散ロックは未実装。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserting the fix removes the finding (EN and JA)', { todo: P.fix }, () => {
      for (const doc of [renewals, points]) {
        assert.deepEqual(findingsOf(applyFix(doc, findingsOf(doc, RULE)[0]!), RULE), []);
      }
    });

    it('the fix for one worker leaves the other reported (EN)', { todo: P.fix }, () => {
      const after = applyFix(invoices, findingAt(invoices, RULE, rangeOf(invoices, 'nightly batch job')));
      assert.deepEqual(findingsOf(after, RULE).map((f) => f.range), [rangeOf(after, 'runs every hour')]);
    });

    it('inserts an overlap-protection section titled with the job (EN)', { todo: P.fix }, () => {
      assertFixResolves(invoices, findingAt(invoices, RULE, rangeOf(invoices, 'nightly batch job')), { names: ['DunningWorker'], lang: 'en' });
    });

    it('inserts a Japanese overlap-protection section (JA)', { todo: P.fix }, () => {
      assertFixResolves(points, findingsOf(points, RULE)[0]!, { names: ['失効ワーカー'], lang: 'ja' });
    });
  });
});
