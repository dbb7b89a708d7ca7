import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertFixResolves, assertMessage, assertTier, findingAt, findingsOf, lint, md, pending, rangeOf } from './helpers';

const RULE = 'soft-delete';
const P = pending(RULE);

// recipe sharing: two DELETE endpoints in an API list
const recipes = md`
  # Recipe Sharing Design

  ## Architecture

  The Recipe Service runs on Amazon ECS and stores recipes and comments in PostgreSQL. The Feed Service builds the home feed.

  ## API

  - \`POST /api/recipes\` creates a recipe.
  - \`DELETE /api/recipes/{id}\` deletes a recipe and its photos.
  - \`DELETE /api/comments/{id}\` deletes a comment.
`;

// fitness tracker: a DELETE written in prose, second wording
const workouts = md`
  # Workout Tracker Design

  ## Architecture

  The Tracker API runs on Kubernetes and stores workouts in MongoDB. The Stats Worker aggregates weekly totals.

  ## Endpoints

  Users remove a logged workout with DELETE /v2/workouts/{workoutId}; the Stats Worker recomputes the week afterwards.
`;

// household budget, Japanese
const kakeibo = md`
  # 家計簿アプリ 設計書

  ## 概要

  家計の収支を記録する。

  ## アーキテクチャ

  家計簿サービスは Cloud Run 上で稼働し、取引データを MySQL に保存する。

  ## API設計

  - \`DELETE /v1/transactions/{id}\`: 取引を削除する。
  - \`GET /v1/transactions\`: 取引の一覧を返す。
`;

describe(RULE, () => {
  describe('fires on a DELETE endpoint', () => {
    it('one finding per DELETE endpoint, on the endpoint (EN)', () => {
      const r1 = rangeOf(recipes, 'DELETE /api/recipes/{id}');
      const r2 = rangeOf(recipes, 'DELETE /api/comments/{id}');
      assert.deepEqual(findingAt(recipes, RULE, r1).range, r1);
      assert.deepEqual(findingAt(recipes, RULE, r2).range, r2);
      assert.equal(findingsOf(recipes, RULE).length, 2, 'POST is not a subject');
    });

    it('a DELETE in prose (EN, second wording)', () => {
      const r = rangeOf(workouts, 'DELETE /v2/workouts/{workoutId}');
      assert.deepEqual(findingAt(workouts, RULE, r).range, r);
      assert.equal(findingsOf(workouts, RULE).length, 1);
    });

    it('a DELETE in a Japanese API設計 section', () => {
      const r = rangeOf(kakeibo, 'DELETE /v1/transactions/{id}');
      assert.deepEqual(findingAt(kakeibo, RULE, r).range, r);
      assert.equal(findingsOf(kakeibo, RULE).length, 1);
      assert.equal(lint(kakeibo).language, 'ja');
    });

    it('an API table with method and path in separate columns (EN)', () => {
      const doc = recipes.replace(/- `POST[^]*$/, md`
        | Method | Path | Purpose |
        |---|---|---|
        | POST | /api/recipes | create a recipe |
        | DELETE | /api/recipes/{id} | delete a recipe |
      `);
      assert.equal(findingsOf(doc, RULE).length, 1);
      const f = findingsOf(doc, RULE)[0]!;
      assert.deepEqual(f.range, rangeOf(doc, '/api/recipes/{id}'));
      // named with its method, as the doc's other endpoint mentions are
      assertMessage(f, 'en', ['DELETE /api/recipes/{id}']);
    });

    it('is Moderate (information)', { todo: P.tier }, () => {
      assertTier(findingsOf(recipes, RULE)[0]!, 'moderate');
      assertTier(findingsOf(kakeibo, RULE)[0]!, 'moderate');
    });

    it('the message names the endpoint, in the doc language', { todo: P.message }, () => {
      assertMessage(findingsOf(recipes, RULE)[0]!, 'en', ['DELETE /api/recipes/{id}']);
      assertMessage(findingsOf(workouts, RULE)[0]!, 'en', ['DELETE /v2/workouts/{workoutId}']);
      assertMessage(findingsOf(kakeibo, RULE)[0]!, 'ja', ['DELETE /v1/transactions/{id}']);
    });
  });

  describe('stays silent when deletes are soft', () => {
    it('soft delete stated for one endpoint covers that endpoint only (EN)', () => {
      const doc = recipes + md`

        ## Data Model

        Recipes are soft-deleted: \`DELETE /api/recipes/{id}\` sets \`deleted_at\`, and a nightly job purges rows older than 30 days.
      `;
      assert.deepEqual(findingsOf(doc, RULE).map((f) => f.subject?.name), ['`DELETE /api/comments/{id}`']);
    });

    it('a recycle bin as a policy naming no endpoint covers every DELETE (EN, second wording)', () => {
      const doc = workouts + md`

        ## Data Model

        Deleted items go to a recycle bin for 14 days before they are purged.
      `;
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('論理削除 (JA)', () => {
      const doc = kakeibo.replace('取引を削除する。', '取引を論理削除する（`deleted_at` を設定し、90日後に物理削除）。');
      assert.notEqual(doc, kakeibo);
      assert.deepEqual(findingsOf(doc, RULE), []);
    });

    it('a negated mention is not coverage (EN: "without a recycle bin")', () => {
      const doc = workouts.replace('afterwards.', 'afterwards, without a recycle bin.');
      assert.equal(findingsOf(doc, RULE).length, 1);
    });

    it('a negated mention is not coverage (JA: 「論理削除は未対応」)', () => {
      const doc = kakeibo + md`

        ## データモデル

        取引の論理削除は未対応。
      `;
      assert.equal(findingsOf(doc, RULE).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts a soft-delete section naming the endpoint and the datastore (EN)', { todo: P.fix }, () => {
      const f = findingAt(recipes, RULE, rangeOf(recipes, 'DELETE /api/recipes/{id}'));
      assertFixResolves(recipes, f, { names: ['DELETE /api/recipes/{id}', 'PostgreSQL'], lang: 'en' });
    });

    it('the fix for one endpoint leaves the other reported (EN)', { todo: P.fix }, () => {
      const f = findingAt(recipes, RULE, rangeOf(recipes, 'DELETE /api/recipes/{id}'));
      assert.deepEqual(findingsOf(applyFix(recipes, f), RULE).map((g) => g.subject?.name), ['`DELETE /api/comments/{id}`']);
    });

    it('inserts a Japanese soft-delete section (JA)', { todo: P.fix }, () => {
      assertFixResolves(kakeibo, findingsOf(kakeibo, RULE)[0]!, { names: ['DELETE /v1/transactions/{id}', 'MySQL'], lang: 'ja' });
    });
  });
});
