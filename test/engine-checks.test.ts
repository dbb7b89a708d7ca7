/**
 * Numeric checks: what covers them, what their messages and squiggles look like.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, md, rangeOf } from './rules/helpers';

const pool = (extra: string) => md`
  # Dispatch Design

  ## Architecture

  - The Dispatch Service stores jobs in PostgreSQL on Amazon RDS; max_connections is 400.
  - The Dispatch Service runs on Amazon ECS with up to 30 tasks.
  - Each task has a connection pool of 20 connections.
  - The Routing Service reads the jobs.
  ${extra}
`;

const overflow = (text: string) => findingsOf(text, 'connection-pool').filter((f) => f.tier === 'critical');

describe('connection-pool-overflow', () => {
  it('30 tasks × pool 20 = 600 > 400: reported with the arithmetic', () => {
    const [f] = overflow(pool(''));
    assert.ok(f, 'an overflow finding');
    assert.ok(f.message.includes('30 tasks × pool 20 = 600 connections > max_connections 400'), f.message);
  });

  it('a pooler in front of the database (PgBouncer) covers it', () => {
    assert.deepEqual(overflow(pool('- PgBouncer in transaction mode sits in front of PostgreSQL.')), []);
  });

  it('the squiggle closes the parenthesis it opens: 「コネクションプール（最大30接続）」 (JA)', () => {
    const text = md`
      # 配車 設計書

      ## アーキテクチャ

      - 配車サービスは PostgreSQL（Amazon RDS）に保存する。RDS の max_connections は 500 とする。
      - 配車サービスは ECS Fargate 上で最大20タスクまでオートスケーリングする。
      - 1タスクあたりコネクションプール（最大30接続）を持つ。
      - 経路サービスは配車結果を読む。
    `;
    const [f] = overflow(text);
    assert.ok(f, 'an overflow finding');
    assert.deepEqual(f.range, rangeOf(text, 'コネクションプール（最大30接続）'));
    assert.equal(f.fix!.title, 'コネクションプールの設計（コネクションプール（最大30接続））');
  });
});

describe('messages with an empty {{detail}}', () => {
  it('the pool-budget message (no arithmetic) ends with its sentence, not a blank', () => {
    const text = md`
      # Courier Design

      ## Architecture

      - The Tracking Service records courier positions in PostgreSQL on Amazon RDS.
      - The ETA Service reads the positions.
    `;
    const [f] = findingsOf(text, 'connection-pool');
    assert.ok(f, 'a connection-pool finding');
    assert.equal(f.message, f.message.trimEnd());
    assert.match(f.message, /waiting for one\.$/);
  });
});

describe('replication-factor', () => {
  it('min.insync.replicas 1 with factor 3 is reported (the stated value is read)', () => {
    const text = md`
      # Ledger Events Design

      ## Architecture

      The Ledger Service writes entries to PostgreSQL and publishes them to Kafka.

      ## Streaming

      The \`entries\` topic has replication factor 3 and min.insync.replicas 1.
    `;
    const fs = findingsOf(text, 'replication-factor');
    assert.equal(fs.length, 1);
    assert.ok(fs[0]!.message.includes('min.insync.replicas 1 < 2'), fs[0]!.message);
  });
});
