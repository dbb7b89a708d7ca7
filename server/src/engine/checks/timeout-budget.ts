import { labelledNumbers } from '../../model/figures';
import type { Figure, Span, Statement } from '../../model/types';
import type { ModelView } from '../context';
import type { Subject } from '../subjects';
import { registerCheck } from './index';
import { cellIndex, cells, clauseAround, columnsWith, fmt, fmtDuration, prose, statementSubject, tableHeader } from './shared';

/**
 * `timeout-budget`: an upstream timeout (API gateway, load balancer, client) shorter than the
 * time a downstream call it wraps may take: its timeout × attempts, plus the stated backoff.
 * The caller gives up while the retries go on, and its own retry doubles the load.
 * Only timeouts the doc states on both sides are compared.
 */

type Side = 'up' | 'down';

interface Marker extends Span {
  side: Side;
  name: string;
}

interface Timeout {
  st: Statement;
  clause: Span;
  side: Side;
  /** who: "API Gateway", "Stripe" */
  name: string;
  seconds: number;
  figure: Figure;
  anchor: Span;
}

const UPSTREAM_WORDS =
  /\b(?:(?:api|edge|ingress)[\s-]?gateway|load\s+balancer|alb|elb|nlb|ingress(?:\s+controller)?|cloudfront|cdn|reverse\s+proxy|nginx|envoy|(?<!(?:http|rest|grpc|api|sdk|db)\s)clients?|frontend|front-end|browsers?|mobile\s+apps?|callers?|upstream|end[- ]to[- ]end|overall\s+request|whole\s+request|(?:api|http)\s+requests?)\b|APIゲートウェイ|ロードバランサー?|クライアント|フロントエンド|ブラウザ|呼び出し元|リクエスト全体|エンドツーエンド/gi;
const DOWNSTREAM_WORDS = /\b(?:downstream|dependency|dependencies|outbound\s+calls?|external\s+(?:api|service)s?|database\s+quer(?:y|ies)|db\s+quer(?:y|ies))\b|外部API|外部サービス|依存先|下流|DBクエリ/gi;
/** timeouts that bound no request: queue visibility, sessions, jobs, health checks… */
const NOT_REQUEST =
  /\b(?:visibility|session|keep-?alive|heartbeat|lock|lease|token|cache|ttl|job|jobs|batch|cron|worker|workers|consumer|consumers|queue|queues|websocket|socket|grace|draining|drain|shutdown|deregistration|health[- ]?checks?|ping|poll(?:ing)?|async(?:hronous)?|background|scheduled|idempotency)\b|可視性|セッション|ロック|ジョブ|バッチ|ワーカー|コンシューマー|キュー|ヘルスチェック|非同期|定期/i;
const ASYNC_SECTION = /\b(?:workers?|jobs?|batch|consumers?|queues?|async(?:hronous)?|background|scheduled|cron)\b|ワーカー|ジョブ|バッチ|非同期|キュー|定期/i;
/** the doc's own components that front the requests: "API Gateway", "Edge Proxy", "BFF" */
const FRONT_COMPONENT = /\b(?:api|edge|ingress)[\s-]?gateway|balancer|\b(?:reverse|edge)[\s-]?proxy|\bbff\b|frontend|APIゲートウェイ|ロードバランサ|フロントエンド/i;
const CAP_BEFORE = /(?:\bcap(?:ped)?(?:\s+at)?|\bmax(?:imum)?|\bup\s+to|\bat\s+most|上限|最大)\s*[:=]?\s*$/i;

function markersIn(view: ModelView, st: Statement, clause: Span): Marker[] {
  const text = view.model.text;
  const out: Marker[] = [];
  for (const h of st.entities) {
    if (h.start < clause.start || h.end > clause.end) continue;
    const e = view.entity(h.entity);
    if (!e) continue;
    const front = e.kind === 'gateway' || e.kind === 'loadbalancer' || e.kind === 'cdn' || (e.kind === 'component' && FRONT_COMPONENT.test(e.name));
    if (front) out.push({ start: h.start, end: h.end, side: 'up', name: view.textOf(h) });
    else if (e.kind === 'external' || e.kind === 'datastore' || e.kind === 'component') out.push({ start: h.start, end: h.end, side: 'down', name: e.generic ? view.textOf(h) : e.name });
  }
  const body = text.slice(clause.start, clause.end);
  for (const [re, side] of [[UPSTREAM_WORDS, 'up'], [DOWNSTREAM_WORDS, 'down']] as const) {
    for (const m of body.matchAll(re)) {
      const start = clause.start + m.index!;
      const end = start + m[0].length;
      if (out.some((o) => o.start < end && start < o.end)) continue;
      out.push({ start, end, side, name: m[0] });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The duration a timeout word states: right after it, or right before ("a 10 s timeout"). */
function durationFor(st: Statement, hit: Span, clause: Span, taken: Set<Figure>): Figure | undefined {
  let best: Figure | undefined;
  let bestDistance = Infinity;
  for (const f of st.figures) {
    if (f.kind !== 'duration' || taken.has(f) || f.start < clause.start || f.end > clause.end) continue;
    const d = f.start >= hit.end ? f.start - hit.end : hit.start - f.end;
    if ((f.start >= hit.end ? d <= 30 : d <= 12) && d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

function timeoutsIn(view: ModelView, st: Statement): Timeout[] {
  const text = view.model.text;
  const out: Timeout[] = [];
  const taken = new Set<Figure>();
  const hits = view.assertedConcepts(st).get('timeout') ?? [];
  for (const hit of hits) {
    const clause = clauseAround(view, st, hit.start);
    const f = durationFor(st, hit, clause, taken);
    if (!f) continue;
    const near = text.slice(Math.max(clause.start, hit.start - 30), hit.end);
    const markers = markersIn(view, st, clause);
    const lb = markers.some((m) => m.side === 'up' && /balancer|alb|elb|nlb|ロードバランサ/i.test(m.name));
    if (NOT_REQUEST.test(near) && !(lb && /idle/i.test(near))) continue;
    const connect = /connect(?:ion)?[\s_-]+time-?out|接続タイムアウト/i.test(near);
    // the thing the timeout belongs to: the marker nearest before the word, else the first after
    const before = markers.filter((m) => m.end <= hit.start);
    const marker = before.length ? before[before.length - 1]! : markers.find((m) => m.start >= hit.end);
    // a connect timeout bounds the handshake, not the request the caller waits for
    if (!marker || (marker.side === 'up' && connect)) continue;
    taken.add(f);
    const anchorStart = marker.end <= hit.start && hit.start - marker.end <= 30 ? marker.start : hit.start;
    out.push({ st, clause, side: marker.side, name: marker.name, seconds: f.normalized, figure: f, anchor: { start: Math.min(anchorStart, f.start), end: Math.max(hit.end, f.end) } });
  }
  // | Dependency | Timeout | Retries |: a row naming the dependency, the duration in the timeout column
  const header = tableHeader(view, st);
  if (header) {
    const columns = columnsWith(view, header, 'timeout');
    for (const f of st.figures) {
      if (f.kind !== 'duration' || taken.has(f) || !columns.includes(cellIndex(view, st, f))) continue;
      const markers = markersIn(view, st, { start: st.start, end: st.end }).filter((m) => cellIndex(view, st, m) !== cellIndex(view, st, f));
      const marker = markers[0];
      if (!marker || NOT_REQUEST.test(text.slice(st.start, st.end))) continue;
      taken.add(f);
      out.push({ st, clause: { start: st.start, end: st.end }, side: marker.side, name: marker.name, seconds: f.normalized, figure: f, anchor: { start: f.start, end: f.end } });
    }
  }
  return out;
}

interface Attempts {
  attempts: number;
  retries?: number;
}

const NUMBER_WORDS: Record<string, number> = { once: 1, twice: 2, thrice: 3, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const WORD = 'one|two|three|four|five|six|seven|eight|nine|ten';
/** "retried twice", "retries the call up to three times": the count is of retries */
const RETRIED_WORD = new RegExp(`\\b(?:retried|retries|retry|retrying|re-tried)\\b[^.;:]{0,24}?\\b(?:(once|twice|thrice)|(${WORD})\\s+(?:more\\s+)?times)\\b`, 'i');
/** "three attempts", "two retries", "five tries" */
const WORD_COUNT = new RegExp(`\\b(${WORD})\\s+(?:more\\s+)?(attempts?|tries|retries)\\b`, 'i');

/** "3 retries" → 4 attempts; "3 attempts" → 3; 「3回リトライ」→ 4; 「最大3回試行」→ 3; "retried twice" → 3. */
function attemptsIn(view: ModelView, t: Timeout): Attempts | undefined {
  const text = view.model.text;
  const { st, clause } = t;
  const body = text.slice(clause.start, clause.end);
  const counted = (n: number, attempts: boolean): Attempts | undefined => (n >= 1 && n <= 100 ? (attempts ? { attempts: n } : { attempts: n + 1, retries: n }) : undefined);
  for (const f of st.figures) {
    if (f.kind !== 'count' || f.start < clause.start || f.end > clause.end) continue;
    const noun = (f.noun ?? '').toLowerCase();
    if (/^attempts?$/.test(noun)) return counted(f.normalized, true);
    if (noun === 'retries') return counted(f.normalized, false);
    if (noun === 'times' && /retr|re-?tr/i.test(body)) return counted(f.normalized, false);
    if (noun === '回') {
      const around = text.slice(Math.max(clause.start, f.start - 12), Math.min(clause.end, f.end + 8));
      if (/試行|attempt/i.test(around)) return counted(f.normalized, true);
      if (/リトライ|再試行|再送|再実行|retr/i.test(around)) return counted(f.normalized, false);
    }
  }
  // "retries: 3", "max_attempts = 3", 「リトライ回数 3」
  for (const n of labelledNumbers(body, clause.start, /\b(?:max(?:imum)?[ _-]?attempts|maxAttempts|attempts)\b|最大試行回数|試行回数/gi)) return counted(n.value, true);
  for (const n of labelledNumbers(body, clause.start, /\b(?:max(?:imum)?[ _-]?retries|maxRetries|retries|retry\s+count|retry\s+limit)\b|最大リトライ回数|リトライ回数|リトライ上限|再試行回数/gi)) return counted(n.value, false);
  // spelled out: "retried twice", "retries it three times", "three attempts", "up to two retries"
  const word = (w: string) => NUMBER_WORDS[w.toLowerCase()];
  const retriedWord = RETRIED_WORD.exec(body);
  if (retriedWord) return counted(word(retriedWord[1] ?? retriedWord[2]!)!, false);
  const countedWord = WORD_COUNT.exec(body);
  if (countedWord) return counted(word(countedWord[1]!)!, !/^retr/i.test(countedWord[2]!));
  // a table row: the number in the retries / attempts column
  const header = tableHeader(view, st);
  if (header) {
    const row = cells(view, st);
    const heads = cells(view, header);
    for (const col of [...new Set([...columnsWith(view, header, 'max-attempts'), ...columnsWith(view, header, 'retry')])]) {
      const cell = row[col];
      const m = cell && /^\s*(\d{1,3})\b/.exec(text.slice(cell.start, cell.end));
      if (!m) continue;
      // "Max attempts" / 「試行回数」 count the first call; "Retries" / 「リトライ回数」 do not
      const head = heads[col] ? text.slice(heads[col]!.start, heads[col]!.end) : '';
      return counted(Number(m[1]), /attempt|tries\b|試行/i.test(head) && !/retr|リトライ|再試行/i.test(head));
    }
  }
  return undefined;
}

/** Backoff delays stated in the clause, for `retries` retries: a list, or a base doubled when exponential. */
function backoffIn(view: ModelView, t: Timeout, retries: number): number[] {
  const hit = t.st.concepts.find((c) => c.concept === 'backoff' && c.start >= t.clause.start && c.end <= t.clause.end);
  if (!hit || retries < 1) return [];
  const text = view.model.text;
  const delays: number[] = [];
  let cap = Infinity;
  for (const f of t.st.figures) {
    if (f.kind !== 'duration' || f === t.figure || f.start < hit.end || f.end > t.clause.end) continue;
    if (CAP_BEFORE.test(text.slice(Math.max(hit.end, f.start - 16), f.start))) cap = Math.min(cap, f.normalized);
    else delays.push(f.normalized);
  }
  if (delays.length === 0) return [];
  const exponential = /exponential|指数/i.test(text.slice(Math.max(t.clause.start, hit.start - 16), hit.end));
  const out: number[] = [];
  for (let i = 0; i < retries; i++) {
    const d = delays.length > 1 ? delays[Math.min(i, delays.length - 1)]! : exponential ? delays[0]! * 2 ** i : delays[0]!;
    out.push(Math.min(d, cap));
  }
  return out;
}

interface Budget {
  t: Timeout;
  total: number;
  en: string;
  ja: string;
}

function budgetOf(view: ModelView, t: Timeout): Budget {
  const a = attemptsIn(view, t) ?? { attempts: 1 };
  const backoff = backoffIn(view, t, a.attempts - 1);
  const total = t.seconds * a.attempts + backoff.reduce((s, d) => s + d, 0);
  const per = { en: fmtDuration(t.seconds, 'en'), ja: fmtDuration(t.seconds, 'ja') };
  let en: string;
  let ja: string;
  if (a.attempts === 1) {
    en = `${t.name} timeout ${per.en}`;
    ja = `${t.name} のタイムアウト ${per.ja}`;
  } else {
    en = `${t.name} ${per.en} × ${a.attempts} attempts${a.retries !== undefined ? ` (1 + ${a.retries} retries)` : ''}`;
    ja = `${t.name} ${per.ja} × ${a.attempts} 回${a.retries !== undefined ? `（初回 + リトライ ${a.retries} 回）` : ''}`;
    if (backoff.length) {
      en += ` + backoff ${backoff.map((d) => fmtDuration(d, 'en')).join(' + ')}`;
      ja += ` + バックオフ ${backoff.map((d) => fmtDuration(d, 'ja')).join(' + ')}`;
    }
    en += ` = ${fmtDuration(total, 'en')}`;
    ja += ` = ${fmtDuration(total, 'ja')}`;
  }
  return { t, total, en, ja };
}

function asynchronous(view: ModelView, t: Timeout): boolean {
  if (NOT_REQUEST.test(view.model.text.slice(t.clause.start, t.clause.end))) return true;
  return view.sectionChain(t.st.section).some((s) => ASYNC_SECTION.test(s.title));
}

function timeoutBudget(view: ModelView): Subject[] {
  const all: Timeout[] = [];
  for (const st of view.statementsWith('timeout')) if (prose(st)) all.push(...timeoutsIn(view, st));
  const tables = view.model.statements.filter((st) => st.table !== undefined && !st.tableHeader && !st.concepts.some((c) => c.concept === 'timeout') && st.figures.some((f) => f.kind === 'duration'));
  for (const st of tables) all.push(...timeoutsIn(view, st));
  const ups = all.filter((t) => t.side === 'up');
  const downs = all.filter((t) => t.side === 'down' && !asynchronous(view, t));
  if (ups.length === 0 || downs.length === 0) return [];
  // one budget per downstream clause: its longest timeout
  const budgets = new Map<string, Budget>();
  for (const d of downs) {
    const key = `${d.clause.start}`;
    const b = budgetOf(view, d);
    const known = budgets.get(key);
    if (!known || b.total > known.total) budgets.set(key, b);
  }
  const out: Subject[] = [];
  const seen = new Set<string>();
  for (const u of ups) {
    const key = `${u.name.toLowerCase()}:${u.seconds}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const over = [...budgets.values()].filter((b) => b.total > u.seconds).sort((a, b) => b.total - a.total);
    const worst = over[0];
    if (!worst) continue;
    const limit = { en: `${u.name} timeout ${fmtDuration(u.seconds, 'en')}`, ja: `${u.name} のタイムアウト ${fmtDuration(u.seconds, 'ja')}` };
    out.push(
      statementSubject(
        view,
        u.st,
        `timeout-budget:${u.st.index}:${u.figure.start}`,
        u.anchor,
        { en: `${worst.en} > ${limit.en}`, ja: `${worst.ja} > ${limit.ja}` },
        { en: `${limit.en} wraps ${worst.t.name} (${fmt(worst.total, 1)} s)`, ja: `${limit.ja} の内側で ${worst.t.name}（${fmt(worst.total, 1)} 秒）` },
        over.map((b) => b.t.anchor),
      ),
    );
  }
  return out;
}

registerCheck('timeout-budget', timeoutBudget);
