import { labelledNumbers } from '../../model/figures';
import type { Span, Statement } from '../../model/types';
import type { ModelView } from '../context';
import type { Subject } from '../subjects';
import { registerCheck } from './index';
import { clauseAround, fmt, prose, statementSubject } from './shared';
import { documentMatches } from '../../model/buildModel';

/**
 * `connection-pool` (Critical trigger): max instances × pool size per instance, summed over the
 * services that state their own pool, against the database's connection limit: stated
 * (`max_connections 500`) or the default for a stated RDS / Aurora instance class.
 */

// ── the database's limit ────────────────────────────────────────────────────────────────────

/** Nominal memory (GiB) of RDS instance classes by family letter and size. */
const BURSTABLE_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 };
const SIZE_FACTOR: Record<string, number> = { large: 1, xlarge: 2, '2xlarge': 4, '4xlarge': 8, '8xlarge': 16, '12xlarge': 24, '16xlarge': 32, '24xlarge': 48, '32xlarge': 64, '48xlarge': 96 };
const LARGE_GIB: Record<string, number> = { m: 8, r: 16, x: 32, z: 16 };

export function instanceMemoryGiB(instanceClass: string): number | undefined {
  const m = /^db\.([a-z])(\d+)[a-z-]*\.(micro|small|medium|\d*xlarge|large)$/i.exec(instanceClass);
  if (!m) return undefined;
  const family = m[1]!.toLowerCase();
  const size = m[3]!.toLowerCase();
  if (family === 't') return BURSTABLE_GIB[size];
  const large = LARGE_GIB[family];
  const factor = SIZE_FACTOR[size];
  return large && factor ? large * factor : undefined;
}

/** Aurora MySQL publishes a table rather than a formula. */
const AURORA_MYSQL: Record<string, number> = { small: 45, medium: 90, large: 1000, xlarge: 2000, '2xlarge': 3000, '4xlarge': 4000, '8xlarge': 5000, '12xlarge': 6000, '16xlarge': 6000, '24xlarge': 7000 };

export type Engine = 'postgresql' | 'mysql' | 'aurora-mysql';

/**
 * Default `max_connections` of an instance class: RDS / Aurora PostgreSQL
 * LEAST(DBInstanceClassMemory/9531392, 5000); RDS MySQL / MariaDB DBInstanceClassMemory/12582880;
 * Aurora MySQL its published table. Computed from the class's nominal memory, so an estimate.
 */
export function defaultMaxConnections(instanceClass: string, engine: Engine): number | undefined {
  if (engine === 'aurora-mysql') return AURORA_MYSQL[instanceClass.split('.').pop()!.toLowerCase()];
  const gib = instanceMemoryGiB(instanceClass);
  if (!gib) return undefined;
  const bytes = gib * 1024 ** 3;
  return engine === 'postgresql' ? Math.min(Math.floor(bytes / 9531392), 5000) : Math.floor(bytes / 12582880);
}

interface Limit {
  value: number;
  span: Span;
  /** the instance class the default comes from */
  instanceClass?: string;
}

const MAX_CONNECTIONS = /\bmax_connections\b/gi;
const DB_LIMIT_LABEL = /(?:\bmax(?:imum)?\s+(?:db\s+|database\s+)?connections?(?:\s+limit)?\b|\b(?:db|database)\s+connections?\s+limit\b|\bconnection\s+limit\b|最大接続数|最大コネクション数|接続数(?:の)?上限|接続上限|コネクション数(?:の)?上限)/gi;
const INSTANCE_CLASS = /\bdb\.[a-z]\d+[a-z-]*\.(?:micro|small|medium|\d*xlarge|large)\b/gi;
const DB_WORD = /\b(?:database|db|rds|aurora|postgres(?:ql)?|mysql|mariadb)\b|データベース|DB/i;

function engineOf(view: ModelView, st: Statement): Engine | undefined {
  const has = (id: string) => view.model.entities.has(id);
  const named = (id: string) => st.entities.some((h) => h.entity === id);
  const aurora = /\baurora\b/i.test(view.model.text);
  if (named('postgresql') || (has('postgresql') && !has('mysql'))) return 'postgresql';
  if (named('mysql') || (has('mysql') && !has('postgresql'))) return aurora ? 'aurora-mysql' : 'mysql';
  return undefined;
}

function databaseLimit(view: ModelView, pooled: boolean[]): { limit: Limit; several: boolean } | undefined {
  const stated: Limit[] = [];
  const classes: Limit[] = [];
  const text = view.model.text;
  for (const st of view.model.statements) {
    if (!prose(st, true)) continue;
    const body = text.slice(st.start, st.end);
    for (const n of labelledNumbers(body, st.start, MAX_CONNECTIONS)) stated.push({ value: n.max ?? n.value, span: { start: n.start, end: n.end } });
    // "max connections 500" is the database's only where the statement is about the database
    if (!pooled[st.index] && (st.entities.some((h) => view.entity(h.entity)?.role === 'relational') || DB_WORD.test(body))) {
      for (const n of labelledNumbers(body, st.start, DB_LIMIT_LABEL)) {
        if (!stated.some((s) => s.span.start <= n.numberStart && n.numberStart < s.span.end)) stated.push({ value: n.max ?? n.value, span: { start: n.start, end: n.end } });
      }
    }
    for (const m of body.matchAll(INSTANCE_CLASS)) {
      const engine = engineOf(view, st);
      const value = engine && defaultMaxConnections(m[0], engine);
      if (value) classes.push({ value, span: { start: st.start + m.index!, end: st.start + m.index! + m[0].length }, instanceClass: m[0] });
    }
  }
  // with several figures, the largest: the check reports only what overflows every reading
  const pick = (ls: Limit[]) => ls.reduce<Limit | undefined>((b, l) => (!b || l.value > b.value ? l : b), undefined);
  const limit = pick(stated.filter((l) => l.value > 0)) ?? pick(classes);
  if (!limit) return undefined;
  // several databases: each pool may go to a different one, so pools are not summed
  const engines = ['postgresql', 'mysql', 'sqlserver', 'oracle'].filter((id) => view.model.entities.has(id)).length;
  const values = new Set([...stated, ...classes].map((l) => (l.instanceClass ?? String(l.value)).toLowerCase()));
  return { limit, several: engines > 1 || values.size > 1 };
}

// ── pools ───────────────────────────────────────────────────────────────────────────────────

const POOL_LABEL =
  /(?:\b(?:connection|db|database|jdbc|hikaricp|hikari|pgx|sqlalchemy|prisma|typeorm|sequelize|knex)[ -]?pools?(?:\s+size)?\b|\bpool[ _-]?size\b|\bmax(?:imum)?[-_ ]?pool[-_ ]?size\b|\bmaximumPoolSize\b|\bmaxPoolSize\b|\bpool[._]max\b|\bmax_pool\b|\bconnection_limit\b|コネクションプール(?:の)?(?:サイズ|数|最大(?:数|サイズ)?|上限)?|接続プール(?:の)?(?:サイズ|数|最大(?:数|サイズ)?|上限)?|DBプール(?:の)?(?:サイズ)?)/gi;
const POOL_WORD = /pool|プール/i; // "maximumPoolSize" too
const NOT_DB_POOL = /\b(?:thread|worker|goroutine|redis|http|grpc|object)[ -]?pools?\b|スレッドプール/i;
const PER_INSTANCE = /\b(?:per|each|every)\s+(?:task|instance|pod|container|server|replica|process|host|node)\b|(?:タスク|インスタンス|ポッド|Pod|コンテナ|サーバー?|プロセス)(?:あたり|ごと|毎|当たり)|1(?:タスク|インスタンス|台)(?:あたり|当たり)/i;
const CONNECTION_NOUN = /^(?:connections?|接続|コネクション)$/i;
const PROXY = /\b(?:pgbouncer|pgpool(?:-ii)?|rds\s+proxy|proxysql|odyssey|pgcat|supavisor)\b|connection\s+pooler/i;
const INSTANCE_NOUN = /^(?:tasks?|instances?|pods?|containers?|servers?|replicas?|hosts?|machines?|vms?|processes|タスク|インスタンス|ポッド|コンテナ|台|レプリカ|プロセス)$/i;
const INSTANCE_LABEL =
  /(?:\bmax(?:imum)?[ _-]?(?:replicas|capacity|count|tasks|instances|pods|size)\b|\bmaxReplicas\b|\bmaxCapacity\b|\bmaxCount\b|\bmaxSize\b|\bdesired[ _-]?count\b|\bdesiredCount\b|\breplicas\b|最大(?:タスク|インスタンス|Pod|ポッド)数|(?:タスク|インスタンス|Pod|ポッド|コンテナ)数|台数)/gi;

interface Pool {
  st: Statement;
  value: number;
  span: Span;
  component?: string;
}

interface Count {
  st: Statement;
  value: number;
  noun: string;
  span: Span;
  component?: string;
}

/** The component a place belongs to: named before it in its clause, in the statement, or in a heading above. */
function componentOf(view: ModelView, st: Statement, at: number, clause: Span): string | undefined {
  const comps = st.entities.filter((h) => view.entity(h.entity)?.kind === 'component');
  const before = comps.filter((h) => h.start >= clause.start && h.end <= at);
  if (before.length) return before[before.length - 1]!.entity;
  const inClause = comps.find((h) => h.start >= clause.start && h.end <= clause.end);
  if (inClause) return inClause.entity;
  if (comps.length === 1) return comps[0]!.entity;
  for (const s of view.sectionChain(st.section)) {
    const heading = view.statementsIn(s.index).find((h) => h.kind === 'heading');
    const c = heading?.entities.find((h) => view.entity(h.entity)?.kind === 'component');
    if (c) return c.entity;
  }
  return undefined;
}

/** 「コネクションプール（最大30接続）」: a squiggle that opens a parenthesis closes it too. */
function balanced(text: string, span: Span): Span {
  const inner = text.slice(span.start, span.end);
  const open = (inner.match(/[（(]/g) ?? []).length - (inner.match(/[)）]/g) ?? []).length;
  const next = text.slice(span.end, span.end + open);
  return open > 0 && /^[)）]+$/.test(next) ? { start: span.start, end: span.end + open } : span;
}

function poolsIn(view: ModelView, st: Statement): Pool[] {
  const text = view.model.text;
  const body = text.slice(st.start, st.end);
  if (NOT_DB_POOL.test(body) && !/\b(?:connection|db|database|hikari)/i.test(body.replace(NOT_DB_POOL, ''))) return [];
  // a pool of a cache or a search engine is not the database's
  const named = st.entities.map((h) => view.entity(h.entity));
  const stores = named.filter((e) => e?.kind === 'datastore');
  if (stores.length && !stores.some((e) => e!.role === 'relational')) return [];
  // an HTTP client pool towards Stripe, a producer pool towards Kafka
  if (!stores.length && named.some((e) => ['external', 'queue', 'stream', 'pubsub'].includes(e?.kind ?? '')) && !DB_WORD.test(body)) return [];
  const found: Pool[] = [];
  const add = (value: number, raw: Span) => {
    const span = balanced(text, raw);
    if (value < 1 || value > 100000 || found.some((p) => p.span.start < span.end && span.start < p.span.end)) return;
    const clause = clauseAround(view, st, span.start);
    found.push({ st, value, span, component: componentOf(view, st, span.start, clause) });
  };
  for (const n of labelledNumbers(body, st.start, POOL_LABEL, 30)) {
    const following = text.slice(n.end, n.end + 16);
    if (/^\s*(?:tasks?|instances?|pods?|タスク|インスタンス)/i.test(following)) continue;
    // the unit that follows the number belongs to the squiggle: 「最大30接続」
    const unit = st.figures.find((f) => f.start === n.numberStart);
    add(n.max ?? n.value, { start: n.start, end: unit ? Math.max(unit.end, n.end) : n.end });
  }
  // "max 20 connections per task", 「1タスクあたり最大20接続」「コネクションプール（最大100接続）」
  for (const f of st.figures) {
    if (f.kind !== 'count' || !CONNECTION_NOUN.test(f.noun ?? '')) continue;
    const clause = clauseAround(view, st, f.start);
    const clauseText = text.slice(clause.start, clause.end);
    if (!POOL_WORD.test(clauseText) && (!PER_INSTANCE.test(clauseText) || stores.length)) continue; // "PostgreSQL takes 500 connections per server" is its limit
    add(f.normalized, { start: f.start, end: f.end });
  }
  return found;
}

function countsIn(view: ModelView, st: Statement): Count[] {
  const text = view.model.text;
  const out: Count[] = [];
  const push = (value: number, noun: string, span: Span, label = noun) => {
    const clause = clauseAround(view, st, span.start);
    // "Aurora cluster with 2 instances", "3 Kafka brokers": instances of a store, not of a service,
    // unless a service or a compute platform is named in between ("PostgreSQL, and the API on 10 ECS tasks")
    const before = st.entities.filter((h) => h.start >= clause.start && h.end <= span.end);
    const lastStore = before.filter((h) => h.end <= span.start && ['datastore', 'stream', 'queue', 'pubsub'].includes(view.entity(h.entity)?.kind ?? '')).pop();
    if (lastStore && !before.some((h) => h.start > lastStore.end && ['component', 'compute'].includes(view.entity(h.entity)?.kind ?? ''))) return;
    if (/\b(?:read\s+replicas?|standby|brokers?|nodes?|shards?)\b|リードレプリカ|スタンバイ/i.test(text.slice(clause.start, clause.end)) && /replica|レプリカ|node/i.test(label)) return;
    if (out.some((c) => c.span.start < span.end && span.start < c.span.end)) return;
    out.push({ st, value, noun, span, component: componentOf(view, st, span.start, clause) });
  };
  for (const f of st.figures) {
    // 「1タスクあたり」 is a unit, not a fleet
    if (/^\s*(?:あたり|当たり|ごと|毎|につき)/.test(text.slice(f.end, f.end + 6))) continue;
    if (f.kind === 'count' && INSTANCE_NOUN.test(f.noun ?? '')) push(f.normalized, f.noun!, { start: f.start, end: f.end });
  }
  const body = text.slice(st.start, st.end);
  const scaled = st.figures.some((f) => f.kind === 'count' && INSTANCE_NOUN.test(f.noun ?? '')) || view.mentions(st, 'autoscaling') || st.entities.some((h) => ['compute'].includes(view.entity(h.entity)?.kind ?? ''));
  if (scaled || /(?:replicas|desired|capacity|count|タスク|インスタンス|ポッド|Pod|台)/i.test(body)) {
    for (const n of labelledNumbers(body, st.start, INSTANCE_LABEL)) {
      const label = text.slice(n.start, n.numberStart);
      if (/capacity|size/i.test(label) && !scaled) continue;
      const noun = /task|タスク/i.test(label) ? 'tasks' : /pod|ポッド|replica/i.test(label) ? 'pods' : 'instances';
      push(n.max ?? n.value, noun, { start: n.numberStart, end: n.end }, label);
    }
  }
  return out;
}

// ── the arithmetic ──────────────────────────────────────────────────────────────────────────

const NOUN_EN: Record<string, string> = { タスク: 'tasks', インスタンス: 'instances', ポッド: 'pods', コンテナ: 'containers', 台: 'instances', レプリカ: 'replicas', プロセス: 'processes' };
const NOUN_JA: Record<string, string> = { task: 'タスク', instance: 'インスタンス', pod: 'ポッド', container: 'コンテナ', server: '台', replica: 'レプリカ', host: '台', machine: '台', vm: '台', process: 'プロセス' };

function nounEn(noun: string, n: number): string {
  const base = NOUN_EN[noun] ?? noun.toLowerCase();
  if (n === 1) return base.endsWith('sses') ? base.slice(0, -2) : base.replace(/(?<=[a-z])s$/, '');
  return /s$/.test(base) ? base : `${base}es`.replace(/(?<![sx])es$/, 's');
}

function nounJa(noun: string): string {
  const lower = noun.toLowerCase();
  const key = lower.endsWith('sses') ? lower.slice(0, -2) : lower.replace(/s$/, '');
  return NOUN_JA[key] ?? noun;
}

interface Term {
  pool: Pool;
  count: Count;
  component?: string;
}

function connectionPoolOverflow(view: ModelView): Subject[] {
  const text = view.model.text;
  if (documentMatches(view.model, PROXY)) return []; // a proxy multiplexes: the apps' pools do not reach the database
  if (!documentMatches(view.model, POOL_WORD) && !documentMatches(view.model, PER_INSTANCE)) return [];
  const pools: Pool[] = [];
  const pooled: boolean[] = [];
  for (const st of view.model.statements) {
    if (!prose(st, true)) continue;
    const hasPoolWord = POOL_WORD.test(text.slice(st.start, st.end));
    if (!hasPoolWord && !st.figures.some((f) => f.kind === 'count' && CONNECTION_NOUN.test(f.noun ?? ''))) continue;
    const ps = poolsIn(view, st);
    pooled[st.index] = ps.length > 0 || hasPoolWord;
    pools.push(...ps);
  }
  if (pools.length === 0) return [];
  const counts: Count[] = [];
  for (const st of view.model.statements) if (prose(st, true)) counts.push(...countsIn(view, st));
  if (counts.length === 0) return [];
  const db = databaseLimit(view, pooled);
  if (!db) return [];
  const limit = db.limit;

  const largest = (cs: Count[]) => cs.reduce<Count | undefined>((b, c) => (!b || c.value > b.value ? c : b), undefined);
  // one pool per service: the largest it states
  const byService = new Map<string, Pool>();
  for (const p of pools) {
    const key = p.component ?? '';
    const known = byService.get(key);
    if (!known || p.value > known.value) byService.set(key, p);
  }
  const terms: Term[] = [];
  for (const [key, pool] of byService) {
    const clause = clauseAround(view, pool.st, pool.span.start);
    const own = counts.filter((c) => c.st === pool.st && c.span.start >= clause.start && c.span.end <= clause.end);
    let candidates: Count[];
    if (key) {
      const mine = counts.filter((c) => c.component === key);
      candidates = own.length || mine.length ? [...own, ...mine] : counts.filter((c) => !c.component);
    } else {
      // a pool no service claims: the largest fleet the doc states, unless services state their own pools
      candidates = byService.size > 1 ? own : counts;
    }
    const count = largest(candidates);
    if (count) terms.push({ pool, count, component: key || undefined });
  }
  if (terms.length === 0) return [];
  terms.sort((a, b) => a.pool.span.start - b.pool.span.start);
  if (db.several && terms.length > 1) {
    // with several databases, only a single service's own arithmetic is certain
    const worst = terms.reduce((b, t) => (t.count.value * t.pool.value > b.count.value * b.pool.value ? t : b));
    terms.splice(0, terms.length, worst);
  }
  const total = terms.reduce((s, t) => s + t.count.value * t.pool.value, 0);
  if (total <= limit.value) return [];

  const name = (t: Term) => (terms.length > 1 && t.component ? `${view.entity(t.component)?.name ?? ''} ` : '');
  const en = terms.map((t) => `${name(t)}${fmt(t.count.value)} ${nounEn(t.count.noun, t.count.value)} × pool ${fmt(t.pool.value)}`).join(' + ');
  const ja = terms.map((t) => `${name(t)}${fmt(t.count.value)} ${nounJa(t.count.noun)} × プール ${fmt(t.pool.value)}`).join(' + ');
  const limitEn = limit.instanceClass ? `max_connections ≈ ${fmt(limit.value)} (default for ${limit.instanceClass})` : `max_connections ${fmt(limit.value)}`;
  const limitJa = limit.instanceClass ? `max_connections ≈ ${fmt(limit.value)}（${limit.instanceClass} の既定値）` : `max_connections ${fmt(limit.value)}`;
  const first = terms[0]!;
  const related = [...terms.slice(1).map((t) => t.pool.span), ...terms.map((t) => t.count.span), limit.span];
  return [
    statementSubject(
      view,
      first.pool.st,
      `connection-pool-overflow:${first.pool.st.index}`,
      first.pool.span,
      { en: `${en} = ${fmt(total)} connections > ${limitEn}`, ja: `${ja} = ${fmt(total)} 接続 > ${limitJa}` },
      { en: `${fmt(total)} pooled connections against a limit of ${fmt(limit.value)}`, ja: `プール合計 ${fmt(total)} 接続（上限 ${fmt(limit.value)}）` },
      related,
    ),
  ];
}

registerCheck('connection-pool-overflow', connectionPoolOverflow);
