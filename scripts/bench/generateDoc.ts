/**
 * Large synthetic design documents for the benchmarks and the fuzz tests: realistic design-doc
 * sections (components, stores, queues, endpoints, flows, deployment, failure handling, capacity
 * figures) composed with varied names from a seeded PRNG, so that a 5 MB document is not one
 * file repeated (repetition would flatter the per-chunk cache and the phrase matcher).
 */

export type Rng = () => number;

/** mulberry32: small, fast, repeatable. */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: Rng, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
export const int = (rnd: Rng, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

const DOMAIN = ['Order', 'Payment', 'Invoice', 'Catalog', 'Inventory', 'Shipment', 'Billing', 'Ledger', 'Profile', 'Session', 'Search', 'Review', 'Coupon', 'Refund', 'Report', 'Audit', 'Tenant', 'Quota', 'Pricing', 'Fulfilment', 'Booking', 'Ticket', 'Message', 'Media', 'Upload', 'Export', 'Import', 'Schedule', 'Reminder', 'Device', 'Telemetry', 'Alert', 'Policy', 'Contract', 'Subscription', 'Usage', 'Metering', 'Settlement', 'Dispute', 'Loyalty'];
const QUALIFIER = ['', '', '', 'Event', 'Batch', 'Stream', 'Sync', 'Query', 'Command', 'Edge', 'Core', 'Archive'];
const SUFFIX = ['Service', 'Worker', 'Gateway', 'Processor', 'Scheduler', 'Consumer', 'Publisher', 'Aggregator', 'Indexer', 'Router', 'Manager', 'Collector'];
const STORES = ['PostgreSQL 15 (Amazon RDS, Multi-AZ)', 'MySQL 8 (Aurora)', 'DynamoDB', 'Redis 7 (ElastiCache)', 'MongoDB Atlas', 'Cassandra', 'Elasticsearch 8', 'Amazon S3', 'Cloud Spanner', 'CockroachDB'];
const QUEUES = ['Amazon SQS', 'Apache Kafka', 'RabbitMQ', 'Google Pub/Sub', 'Amazon Kinesis', 'NATS JetStream', 'Amazon SNS'];
const EXTERNALS = ['Stripe', 'SendGrid', 'Twilio', 'Slack API', 'Google Calendar API', 'GitHub API', 'Auth0', 'Salesforce API', 'Adyen', 'PayPal'];
const RUNTIMES = ['Kubernetes (EKS)', 'ECS Fargate', 'AWS Lambda', 'Cloud Run', 'GKE Autopilot', 'Nomad'];
const MONITORING = ['Prometheus', 'Datadog', 'CloudWatch', 'Grafana', 'New Relic', 'OpenTelemetry'];
const VERBS = ['stores', 'reads', 'publishes', 'consumes', 'validates', 'aggregates', 'forwards', 'indexes', 'archives', 'reconciles'];
const NOUNS = ['orders', 'events', 'invoices', 'records', 'documents', 'messages', 'snapshots', 'requests', 'batches', 'payloads'];
const PROSE = [
  'The component keeps no local state; everything it needs lives in the shared stores.',
  'Requests are authenticated at the edge and carry the tenant id in a signed header.',
  'Changes are rolled out behind a feature flag and enabled per tenant.',
  'The team reviews the dashboards weekly and adjusts the limits when traffic grows.',
  'Writes go to the primary; reads that tolerate staleness use the replicas.',
  'Each deployment is canaried on five percent of the traffic for thirty minutes.',
  'Large payloads are stored in object storage and referenced by key.',
  'Schema changes follow the expand and contract pattern over two releases.',
  'Batch jobs run in a separate pool so that they cannot starve interactive traffic.',
  'The public API is versioned in the path; old versions are kept for twelve months.',
];
const JA_PROSE = [
  'このコンポーネントはステートレスで、状態はすべて共有ストアに置く。',
  'リクエストはエッジで認証し、テナント ID を署名付きヘッダーで渡す。',
  '変更はフィーチャーフラグの背後でリリースし、テナントごとに有効化する。',
  '書き込みはプライマリに行い、古いデータを許容する読み取りはレプリカを使う。',
  'バッチ処理は別のプールで動かし、対話的なトラフィックを妨げない。',
];

interface Names {
  component: () => string;
  queue: () => string;
  path: () => string;
}

function names(rnd: Rng): Names {
  return {
    component: () => `${pick(rnd, DOMAIN)}${pick(rnd, QUALIFIER)}${pick(rnd, SUFFIX)}`,
    queue: () => `${pick(rnd, DOMAIN).toLowerCase()}-${pick(rnd, ['events', 'commands', 'jobs', 'updates', 'outbox'])}-${int(rnd, 1, 99)}`,
    path: () => `/v${int(rnd, 1, 3)}/${pick(rnd, DOMAIN).toLowerCase()}s/{id}${rnd() < 0.4 ? `/${pick(rnd, NOUNS)}` : ''}`,
  };
}

function prose(rnd: Rng, n: number, ja: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rnd, ja ? JA_PROSE : PROSE));
  return out.join(' ');
}

/** One subsystem: a level-2 section with a few level-3 subsections drawn from the templates. */
function subsystem(rnd: Rng, n: Names, index: number, ja: boolean): string {
  const main = n.component();
  const other = n.component();
  const store = pick(rnd, STORES);
  const queue = pick(rnd, QUEUES);
  const q = n.queue();
  const ext = pick(rnd, EXTERNALS);
  const parts: string[] = [`## ${index}. ${main}`, '', prose(rnd, int(rnd, 2, 4), ja), ''];
  const templates: (() => string)[] = [
    () => [`### ${index}.1 Components`, '', `- ${main}: ${pick(rnd, VERBS)} ${pick(rnd, NOUNS)} in ${store}.`, `- ${other}: ${pick(rnd, VERBS)} ${pick(rnd, NOUNS)} from the ${queue} queue \`${q}\`.`, `  - runs ${int(rnd, 2, 24)} replicas on ${pick(rnd, RUNTIMES)}`, `  - calls ${ext} for ${pick(rnd, NOUNS)}`, ''].join('\n'),
    () => [`### ${index}.2 API`, '', '| Method | Path | Purpose |', '|---|---|---|', ...Array.from({ length: int(rnd, 2, 6) }, () => `| ${pick(rnd, ['GET', 'POST', 'PUT', 'DELETE'])} | \`${n.path()}\` | ${pick(rnd, VERBS)} ${pick(rnd, NOUNS)} |`), ''].join('\n'),
    () => [`### ${index}.3 Data flow`, '', `1. The client sends POST ${n.path()} to ${main}.`, `2. ${main} writes the record to ${store}.`, `3. ${main} publishes an event to ${queue} \`${q}\`.`, `4. ${other} consumes the event and calls ${ext}.`, '', `${main} → ${store} → ${other} → ${ext}`, ''].join('\n'),
    () => [`### ${index}.4 Deployment`, '', `${main} runs on ${pick(rnd, RUNTIMES)} in ${int(rnd, 2, 3)} availability zones with ${int(rnd, 2, 12)} instances.`, '', '```yaml', `service: ${main.toLowerCase()}`, `replicas: ${int(rnd, 2, 30)}`, `cpu: ${int(rnd, 1, 8)}`, `memory: ${int(rnd, 1, 16)}Gi`, '```', ''].join('\n'),
    () => [`### ${index}.5 Capacity`, '', `- Peak load: ${int(rnd, 50, 20000)} requests per second.`, `- Data growth: ${int(rnd, 1, 900)} GB per month.`, `- Availability target: 99.${int(rnd, 5, 99)}%.`, `- p99 latency: ${int(rnd, 20, 900)} ms.`, ''].join('\n'),
    () => [`### ${index}.6 Failure handling`, '', `When ${ext} is slow, ${main} retries ${int(rnd, 2, 6)} times with exponential backoff and a ${int(rnd, 1, 30)} s timeout.`, prose(rnd, 2, ja), ''].join('\n'),
    () => [`### ${index}.7 Monitoring`, '', `Metrics go to ${pick(rnd, MONITORING)}; alerts page the on-call engineer when the error rate exceeds ${int(rnd, 1, 10)}%.`, ''].join('\n'),
    () => [`### ${index}.8 Notes`, '', `> ${prose(rnd, 1, ja)}`, '>', `> - ${prose(rnd, 1, ja)}`, '', prose(rnd, int(rnd, 3, 8), ja), ''].join('\n'),
  ];
  // a random subset of the subsections, in their usual order
  const share = 0.4 + rnd() * 0.6;
  for (const t of templates) if (rnd() < share) parts.push(t());
  return parts.join('\n');
}

/** A design document of about `bytes` UTF-8 bytes (stops at the first subsystem past it). */
export function generateDesignDoc(bytes: number, seed = 1, options: { ja?: boolean } = {}): string {
  const rnd = seededRng(seed);
  const n = names(rnd);
  const title = options.ja ? '# 大規模プラットフォーム 設計書' : '# Platform Design Document';
  const parts = [title, '', '| Item | Value |', '|---|---|', '| Status | In review |', `| Owner | ${pick(rnd, DOMAIN)} team |`, ''];
  let size = Buffer.byteLength(parts.join('\n'));
  for (let i = 1; size < bytes; i++) {
    const s = subsystem(rnd, n, i, options.ja === true && rnd() < 0.5);
    parts.push(s);
    size += Buffer.byteLength(s) + 1;
  }
  return parts.join('\n');
}
