/**
 * How subjects are named: messages and fix titles speak of the doc's own things ("Stripe",
 * "PostgreSQL and Redis", "Amazon SQS queue `jobs`"), never a sentence or a heading.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, findingsOf, lint, md, rangeOf } from './rules/helpers';
import { docNames } from '../server/src/findings/placeholders';
import { ModelBuilder } from '../server/src/model/buildModel';
import type { Finding } from '../server/src/findings/types';

function only(text: string, rule: string): Finding {
  const fs = findingsOf(text, rule);
  assert.equal(fs.length, 1, `one ${rule} finding; found ${fs.map((f) => f.subject?.name).join(', ') || 'none'}`);
  return fs[0]!;
}

/** A fix title is a title: short, no sentence punctuation, no ellipsis. */
function assertShortTitle(f: Finding): void {
  const title = f.fix!.title;
  assert.ok(title.length <= 70, `short fix title: ${title}`);
  assert.doesNotMatch(title, /…|[.。]$|。/, `not a sentence: ${title}`);
}

describe('statement subjects are named by what the statement names', () => {
  // a long retry sentence: the dependency sits past the 80th character
  const wallet = md`
    # Wallet Design

    ## Architecture

    The Wallet Service runs on Amazon ECS and keeps balances in PostgreSQL.

    ## Top-ups

    When a customer tops up, the Wallet Service validates the amount and the currency and then asks Adyen to capture the card; failed captures are retried.
  `;

  it('the dependency in the retry sentence, not the sentence (EN)', () => {
    const f = findingsOf(wallet, 'retry-policy').find((g) => g.subject?.kind === 'statement')!;
    assert.equal(f.subject!.name, 'Adyen');
    assert.ok(f.message.startsWith('Retries for Adyen are not bounded'), f.message);
    assert.equal(f.fix!.title, 'Retry policy for Adyen');
  });

  it('a table row is named by the product in it, not by the row (EN)', () => {
    const doc = md`
      # Shop Design

      ## Architecture

      The Order Service runs on Amazon ECS.

      | Part | Technology | Notes |
      |---|---|---|
      | Cache | Redis 7 | Product prices cached with a TTL of 10 minutes |
    `;
    const f = only(doc, 'cache-invalidation');
    assert.equal(f.subject!.name, 'Redis');
    assert.doesNotMatch(f.message, /\|/);
    assertShortTitle(f);
  });

  it('the sentence carrying the cue decides: the deployed service, not the datastores its probe checks (EN)', () => {
    const doc = md`
      # Ledger Design

      ## Architecture

      The Ledger Service runs on Kubernetes behind an ALB, with PostgreSQL and Redis.

      ## Deployment

      The Ledger Service is released with a rolling update. Pods pass a readiness check that pings PostgreSQL and Redis.
    `;
    const f = only(doc, 'feature-flags');
    assert.equal(f.subject!.name, 'Ledger Service');
  });

  it('two things in the sentence: "PostgreSQL and Redis" (EN), 「PostgreSQL と Redis」 (JA)', () => {
    const en = md`
      # Catalogue Design

      ## Architecture

      The Catalogue Service runs on Amazon ECS behind an ALB.

      ## Deployment

      The health check of PostgreSQL and Redis runs every 10 seconds.
    `;
    assert.equal(only(en, 'health-checks').subject!.name, 'PostgreSQL and Redis');
    const ja = md`
      # カタログ 設計書

      ## アーキテクチャ

      カタログサービスは Amazon ECS 上で ALB の背後に配置する。

      ## デプロイ

      PostgreSQL と Redis へのヘルスチェックを10秒ごとに行う。
    `;
    const f = only(ja, 'health-checks');
    assert.equal(f.subject!.name, 'PostgreSQL と Redis');
    assert.equal(f.fix!.title, 'PostgreSQL と Redis のヘルスチェック');
  });

  it('a generic word stands for the named store it means: 「データベース」 is PostgreSQL (JA)', () => {
    const doc = md`
      # 受注 設計書

      ## アーキテクチャ

      受注サービスは Amazon ECS 上で稼働し、注文を PostgreSQL に保存する。

      ## デプロイ

      ECS のローリングアップデートでデプロイする。データベースのマイグレーションはデプロイ前に実行する。
    `;
    const f = only(doc, 'schema-compatibility');
    assert.equal(f.subject!.name, 'PostgreSQL');
  });

  it('naming nothing: the rule\'s own subject kind in the doc (backups → the datastores), else "the system"', () => {
    const doc = md`
      # Archive Design

      ## Architecture

      The Archive Service runs on Amazon ECS and stores documents in MongoDB.

      ## Operations

      Nightly snapshots are copied to another account.
    `;
    const f = only(doc, 'backup-restore');
    assert.equal(f.subject!.name, 'MongoDB');
    assert.equal(f.fix!.title, 'Backup and restore for MongoDB');

    const region = md`
      # Archive Design

      ## Architecture

      The Archive Service runs on Amazon ECS and stores documents in MongoDB.

      ## Availability

      Everything runs in one region (eu-west-1).
    `;
    const dr = only(region, 'disaster-recovery');
    assert.equal(dr.subject!.name, 'the system');
    assert.ok(dr.message.startsWith('The system runs in one region'), dr.message);
    assert.equal(dr.fix!.title, 'Disaster recovery for the system');
  });

  it('a rule that names its subject by a kind (realtime-reconnect: the channel) uses it even when a service is named', () => {
    const doc = md`
      # Board Design

      ## Architecture

      The Board Service runs on Amazon ECS. Browsers keep a WebSocket open to it.

      ## Live updates

      The FeedHandler broadcasts every change to all connected clients.
    `;
    const f = only(doc, 'realtime-reconnect');
    assert.equal(f.subject!.name, 'WebSocket');
    assert.deepEqual(f.range, rangeOf(doc, 'broadcasts'));
  });

  it('a protocol inside a service\'s name ("WebSocket Server") names the service', () => {
    const doc = md`
      # Chat Design

      ## Architecture

      The Chat Service and the WebSocket Server run on Amazon ECS behind an ALB and keep messages in PostgreSQL.

      ## Deployment

      The WebSocket Server is released with a rolling update.
    `;
    assert.equal(only(doc, 'graceful-shutdown').subject!.name, 'WebSocket Server');
  });

  it('a product keeps its own spelling at the start of a message ("etcd", not "Etcd")', () => {
    const doc = md`
      # Scheduler Design

      ## Architecture

      The Scheduler Service stores leases in etcd.
    `;
    const f = findingsOf(doc, 'timeout')[0]!;
    assert.ok(f.message.startsWith('etcd is called'), f.message);
  });
});

describe('doc-wide subjects are named by the doc\'s stores or services, not the heading', () => {
  const shop = md`
    # Shop Design

    ## Architecture

    The Order Service and the Billing Service run on Amazon ECS. Orders live in PostgreSQL, carts in DynamoDB, and prices are cached in Redis.

    ## Availability

    The services run in two availability zones.
  `;

  it('rpo-rto names the stores of record, a cache left out (EN)', () => {
    const f = only(shop, 'rpo-rto');
    assert.equal(f.subject!.name, 'PostgreSQL and DynamoDB');
    assert.ok(f.message.startsWith('No RPO or RTO is stated for PostgreSQL and DynamoDB:'), f.message);
    assert.doesNotMatch(f.message, /Availability/);
  });

  it('a doc whose only datastore is a cache has no RPO/RTO or backup finding', () => {
    const doc = md`
      # Rate Card Design

      ## Architecture

      The Rate Service runs on Amazon ECS and caches rates in Redis.
    `;
    assert.deepEqual(findingsOf(doc, 'rpo-rto'), []);
    assert.deepEqual(findingsOf(doc, 'backup-restore'), []);
  });

  it('a long list is cut: "A, B, C and 2 more" / 「A、B、C ほか2件」', () => {
    const en = md`
      # Platform Design

      ## Architecture

      The Platform Service stores data in PostgreSQL, MongoDB, DynamoDB, Cassandra and Elasticsearch.
    `;
    assert.equal(only(en, 'rpo-rto').subject!.name, 'PostgreSQL, MongoDB, DynamoDB and 2 more');
    const ja = md`
      # 基盤 設計書

      ## アーキテクチャ

      基盤サービスは PostgreSQL、MongoDB、DynamoDB、Cassandra、Elasticsearch にデータを保存する。
    `;
    assert.equal(only(ja, 'rpo-rto').subject!.name, 'PostgreSQL、MongoDB、DynamoDB ほか2件');
  });

  it('runbooks name the doc\'s own services (EN)', () => {
    const f = only(shop, 'runbooks');
    assert.equal(f.subject!.name, 'Order Service and Billing Service');
  });

  it('an SQS queue and the SQS carrying it are one store: one queue alone is not "several stores"', () => {
    const one = md`
      # Relay Design

      ## Architecture

      The Relay Service reads events from the Amazon SQS queue \`inbound\` and forwards them.
    `;
    assert.deepEqual(findingsOf(one, 'consistency-model'), []);
    const two = one + '\nIt records each event in DynamoDB.\n';
    const f = only(two, 'consistency-model');
    assert.equal(f.subject!.name, 'Amazon SQS queue `inbound` and DynamoDB');
  });
});

describe('flows are named by their two hops', () => {
  it('numbered steps: "PostgreSQL → Kafka" (EN); the Japanese squiggle runs from the destination to the verb', () => {
    const en = md`
      # Payouts Design

      ## Data Flow

      1. The Payout Service writes the payout to PostgreSQL.
      2. The Payout Service publishes a PayoutCreated event to Kafka.
    `;
    const f = only(en, 'dual-write');
    assert.equal(f.subject!.name, 'PostgreSQL → Kafka');
    assert.equal(f.fix!.title, 'Transactional outbox for PostgreSQL → Kafka');
    const ja = md`
      # 払い出し 設計書

      ## データフロー

      1. 払い出しサービスが払い出しを PostgreSQL に書き込む。
      2. 払い出しサービスが Kafka にイベントを送信する。
    `;
    const g = only(ja, 'dual-write');
    assert.equal(g.subject!.name, 'PostgreSQL → Kafka');
    assert.deepEqual(g.range, { start: rangeOf(ja, 'Kafka').start, end: rangeOf(ja, '送信').end });
  });
});

describe('{{services}} and {{datastore}} placeholders', () => {
  it('products and kinds of server are not listed as the doc\'s services', () => {
    const doc = md`
      # Gateway Design

      ## Architecture

      The Quote Service and the ETA Service sit behind the NAT Gateway; the OpenTelemetry Collector ships traces and the DNS Server resolves names. Secrets Manager holds the keys.
    `;
    assert.equal(lint(doc).language, 'en');
    const { services } = docNames(modelOf(doc), 'en', analyzer.vocabulary);
    assert.equal(services, 'Quote Service, ETA Service');
  });

  it('the Japanese {{datastore}} fallback is not itself a datastore word', () => {
    const doc = md`
      # 通知 設計書

      ## アーキテクチャ

      通知サービスは Amazon ECS 上で稼働する。
    `;
    const names = docNames(modelOf(doc), 'ja', analyzer.vocabulary);
    const withFallback = `${doc}\n${names.datastore} の接続数を監視する。\n`;
    const model = modelOf(withFallback);
    assert.deepEqual([...model.entities.values()].filter((e) => e.kind === 'datastore').map((e) => e.name), []);
  });
});

function modelOf(text: string) {
  return new ModelBuilder(analyzer.vocabulary).build(text);
}
