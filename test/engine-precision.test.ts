/**
 * Words that look like a subject but are not one: an ordinary word spelled like a product, a
 * product's name inside a code identifier, a katakana word that continues past a component suffix,
 * billing as a pricing model, a component named "Scheduler". Each case is paired with the real
 * thing written nearby, so the test fails if the recognition is simply switched off.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, lint, md } from './rules/helpers';

const subjects = (text: string, rule: string) => findingsOf(text, rule).map((f) => f.subject?.name);

/** A small design doc: a title, an architecture section with one sentence, then the sentence under test. */
const designDoc = (title: string, architecture: string, heading = 'Architecture') => (line: string) => md`
  # ${title}

  ## ${heading}

  ${architecture}

  ${line}
`;

/** A small design doc with a service and its datastore, and one more sentence. */
const notification = designDoc('Notification Design', 'The Notifier Service runs on Amazon ECS and stores deliveries in PostgreSQL.');

describe('ordinary words spelled like a product', () => {
  const doc = notification;

  it('"Slack" capitalised is the dependency; "time slack" is not', () => {
    assert.deepEqual(subjects(doc('The Notifier Service posts alerts to Slack.'), 'circuit-breaker'), ['Slack']);
    assert.deepEqual(subjects(doc('The batch window has some time slack for retries of the export.'), 'circuit-breaker'), []);
  });

  it('"Stripe" is the payment provider; "a stripe of" is not', () => {
    assert.deepEqual(subjects(doc('The Notifier Service charges the card through Stripe.'), 'circuit-breaker'), ['Stripe']);
    assert.deepEqual(subjects(doc('Each shard holds a stripe of the key space.'), 'circuit-breaker'), []);
  });
});

describe('a product name inside a code identifier', () => {
  const doc = designDoc('Log Pipeline Design', 'The Ingest Service runs on AWS Lambda and stores events in DynamoDB.');

  it('`sqs-message-logger` is a function name, not an SQS queue', () => {
    assert.deepEqual(subjects(doc('- `sqs-message-logger` and `sns-message-logger` only log what they receive.'), 'dead-letter-queue'), []);
  });

  it('the queue itself, written next to such a name, is still found', () => {
    assert.equal(subjects(doc('- `sqs-message-logger` consumes messages from Amazon SQS.'), 'dead-letter-queue').length, 1);
  });
});

describe('Japanese component suffixes', () => {
  const doc = designDoc('ログ基盤 設計書', '集計サービスは Amazon ECS 上で稼働し、結果を PostgreSQL に保存する。', 'アーキテクチャ');

  it('サーバーレス is not a サーバー component, 部分バッチ is not a バッチ component', () => {
    const components = (text: string) => [...lint(text).model.entities.values()].filter((e) => e.kind === 'component').map((e) => e.name);
    assert.deepEqual(components(doc('完全サーバーレス構成で、部分バッチ失敗を報告する。')), ['集計サービス']);
    assert.deepEqual(components(doc('通知サーバーが結果を配信する。')).sort(), ['通知サーバー', '集計サービス'].sort());
  });
});

describe('cues that only look like their concept', () => {
  it('課金 as a pricing model is not a charge; 課金する is (JA)', () => {
    const doc = (step: string) => md`
      # 決済 設計書

      ## アーキテクチャ

      注文サービスは Amazon ECS 上で稼働し、注文を PostgreSQL に保存する。

      ## データフロー

      1. ${step}
      2. 注文サービスが注文を PostgreSQL に保存する。
    `;
    assert.deepEqual(findingsOf(doc('NAT Gateway を使わず、Stripe の時間課金とデータ処理課金を回避する。'), 'compensation'), []);
    assert.equal(findingsOf(doc('注文サービスが Stripe でカードに課金する。'), 'compensation').length, 1);
  });

  it('a component called "Query Scheduler" is not a scheduled job; a nightly batch job is', () => {
    const doc = designDoc('Query Design', 'The Query Scheduler is an optional service that holds the queue of pending queries in memory and stores results in PostgreSQL.');
    assert.deepEqual(findingsOf(doc(''), 'job-concurrency'), []);
    assert.equal(findingsOf(doc('The Cleanup Worker runs a nightly batch job that deletes expired results.'), 'job-concurrency').length, 1);
  });
});

describe('products named as examples, not as parts of the design (JA)', () => {
  const doc = designDoc('在庫 設計書', '在庫サービスは Amazon ECS 上で稼働し、在庫を PostgreSQL に保存する。', 'アーキテクチャ');

  it('「memcachedなどのシステム」「[MongoDB](…) や [Cassandra](…) など」「例えば、Redis」 are examples', () => {
    assert.deepEqual(subjects(doc('この方式はmemcachedなどのシステムで使われる。'), 'circuit-breaker'), []);
    assert.deepEqual(subjects(doc('[MongoDB](https://www.mongodb.com/) や [Cassandra](https://cassandra.apache.org/) などの製品もある。'), 'circuit-breaker'), []);
    assert.deepEqual(subjects(doc('インメモリストア、例えば、Redis も候補になる。'), 'circuit-breaker'), []);
  });

  it('a product the design uses, with など later in the sentence, is still a subject', () => {
    assert.deepEqual(subjects(doc('在庫サービスは Redis に在庫数をキャッシュし、商品名などを表示する。'), 'circuit-breaker'), ['Redis']);
  });
});

describe('a writer with a reader is redundancy', () => {
  it('「ライター1台、リーダー1台」 and "one writer and one reader instance" are not a single point of failure', () => {
    const doc = designDoc('Orders Design', 'The Order Service runs on Amazon ECS.');
    assert.deepEqual(findingsOf(doc('- Orders DB — Amazon Aurora PostgreSQL (one writer and one reader instance)'), 'single-point-of-failure'), []);
    assert.deepEqual(findingsOf(doc('- 注文DB — Amazon Aurora PostgreSQL（ライター1台、リーダー1台）'), 'single-point-of-failure'), []);
    assert.equal(findingsOf(doc('- 注文DB — Amazon Aurora PostgreSQL（ライター1台）'), 'single-point-of-failure').length, 1);
  });
});

describe('"single" must be said of the thing', () => {
  const doc = designDoc('API Server Design', 'The API Server stores objects in etcd.');

  it('"a single Pod" far from etcd in the same paragraph is not about etcd', () => {
    const text = 'The API Server (and etcd) can easily keep up with many simple in-flight requests (for example, create or get a single Pod), but listing every object at once is expensive.';
    assert.deepEqual(findingsOf(doc(text), 'single-point-of-failure'), []);
  });

  it('"etcd runs as a single node" is', () => {
    assert.deepEqual(subjects(doc('For now etcd runs as a single node next to the API Server.'), 'single-point-of-failure'), ['etcd']);
  });
});

describe('long polling', () => {
  const doc = designDoc('Pipeline Design', 'The Ingest Service runs on Amazon ECS and stores events in DynamoDB.');

  it('SQS long polling is how a consumer receives, not a real-time channel', () => {
    assert.deepEqual(findingsOf(doc('| SQS Queue | Long Polling (20 s), visibility timeout 30 s |'), 'realtime-reconnect'), []);
  });

  it('browsers on long polling are a real-time channel', () => {
    assert.equal(findingsOf(doc('Browsers receive new events from the Ingest Service over long polling.'), 'realtime-reconnect').length, 1);
  });
});

describe('a product name inside a hyphenated identifier', () => {
  it('"the go-etcd-cron library" does not name etcd; "etcd-backed" still does', () => {
    const doc = designDoc('Scheduler Design', 'The Scheduler Service runs on Kubernetes and stores jobs in PostgreSQL.');
    assert.deepEqual(subjects(doc('It uses the go-etcd-cron library to trigger jobs.'), 'circuit-breaker'), []);
    assert.deepEqual(subjects(doc('Leases are kept in an etcd-backed store that the Scheduler Service calls.'), 'circuit-breaker'), ['etcd']);
  });
});

describe('a product named as not used is no part of the design', () => {
  const en = notification;
  const ja = designDoc('通知 設計書', '通知サービスは Amazon ECS 上で稼働し、配信履歴を PostgreSQL に保存する。', 'アーキテクチャ');

  /** the subjects of `rule` that name `product` */
  const named = (text: string, rule: string, product: string) => subjects(text, rule).filter((n) => n?.includes(product));

  it('"does not use Twilio", "without Stripe", "Auth0 is not used" (EN)', () => {
    assert.deepEqual(named(en('The Notifier Service does not use Twilio; SMS is out of scope for this release.'), 'circuit-breaker', 'Twilio'), []);
    assert.deepEqual(named(en('Refunds are settled without Stripe, by bank transfer from the finance team.'), 'circuit-breaker', 'Stripe'), []);
    assert.deepEqual(named(en('Auth0 is not used: the gateway validates the tokens itself.'), 'timeout', 'Auth0'), []);
  });

  it('「Auth0 は利用しない」「Twilio を使えない」 (JA)', () => {
    assert.deepEqual(named(ja('認証に Auth0 は利用しない。API Gateway の IAM 認可で行う。'), 'timeout', 'Auth0'), []);
    assert.deepEqual(named(ja('閉域網のため SMS 送信に Twilio を使えない。'), 'circuit-breaker', 'Twilio'), []);
  });

  it('failure wording still uses the product: "if Twilio does not answer", 「Stripe API が応答しない場合」', () => {
    assert.deepEqual(named(en('If Twilio does not answer within 2 seconds, the SMS is queued for a later retry.'), 'circuit-breaker', 'Twilio'), ['Twilio']);
    assert.deepEqual(named(ja('Stripe API が応答しない場合は注文を保留にする。'), 'circuit-breaker', 'Stripe'), ['Stripe API']);
    assert.deepEqual(named(en('Auth0 signs the tokens; the gateway validates them.'), 'timeout', 'Auth0'), ['Auth0']);
    // a condition: the product is used, the sentence says what happens when it cannot be
    assert.deepEqual(named(en('When the Notifier Service cannot call Twilio, the SMS is queued for a later retry.'), 'circuit-breaker', 'Twilio'), ['Twilio']);
    assert.deepEqual(named(ja('Twilio を利用できない場合は SMS をキューに戻して後で再送する。'), 'circuit-breaker', 'Twilio'), ['Twilio']);
    assert.deepEqual(named(ja('認証には Auth0 を利用する。'), 'timeout', 'Auth0'), ['Auth0']);
  });

  it('a quick fix names the dependencies the design uses, not the one it says it does not use', () => {
    const doc = en('The Notifier Service charges the card through Stripe. It does not use Twilio; SMS is out of scope.');
    const fix = findingsOf(doc, 'dependency-monitoring')[0]?.fix?.text ?? '';
    assert.match(fix, /Stripe/);
    assert.doesNotMatch(fix, /Twilio/);
  });

  it('named as not used once and used elsewhere, it is still a dependency', () => {
    const doc = en('The first release does not use Twilio. From the second release the Notifier Service sends SMS through Twilio.');
    assert.deepEqual(named(doc, 'circuit-breaker', 'Twilio'), ['Twilio']);
  });
});
