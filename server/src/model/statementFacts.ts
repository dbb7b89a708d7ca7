import type { Block } from '../parse/blocks';
import { longestNonOverlapping, type PhraseHit } from '../vocabulary/phraseMatcher';
import { exclusionOf, type Technology, type Vocabulary } from '../vocabulary/vocabulary';
import type { ConceptHit, Figure, Span } from './types';
import { figuresIn } from './figures';

/**
 * What one statement says, before the document is merged: offsets are relative to the chunk
 * the statement was parsed in, so a chunk's facts can be cached and reused after edits
 * elsewhere in the document.
 */
export interface StatementFacts extends Span {
  block: Block;
  concepts: ConceptHit[];
  techs: (Span & { tech: Technology })[];
  components: (Span & { name: string })[];
  /** third parties the doc names only through their API: 「提携銀行 API」, "the partner bank's API" */
  partners: (Span & { name: string })[];
  namedQueues: (Span & { name: string; techIndex: number; noun: string })[];
  endpoints: (Span & { method: string; path: string })[];
  figures: Omit<Figure, 'statement'>[];
  chain?: Span[];
}

const COMPONENT_SUFFIX = '(?:Service|Server|Worker|Gateway|Handler|Processor|Scheduler|Consumer|Producer|Dispatcher|Generator|Aggregator|Publisher|Subscriber|Relay|Router|Controller|Manager|Engine|Agent|Poller|Indexer|Collector|Coordinator|Orchestrator)';
// "NotificationWorker", "ActivityFeedHandler"
const CAMEL_COMPONENT = new RegExp(`\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*(?:${COMPONENT_SUFFIX}|Job)s?\\b`, 'g');
// "Message Service", "API Gateway Service", "Application Servers"
const WORDS_COMPONENT = new RegExp(`\\b(?:[A-Z][A-Za-z0-9]*[ -]){1,3}${COMPONENT_SUFFIX}s?\\b`, 'g');
// 「通知サービス」「集計ワーカー」
const JA_COMPONENT = /[\u30A0-\u30FF\u4E00-\u9FFFA-Za-z0-9]{1,12}(?:サービス|ワーカー|ワーカ|サーバー|サーバ|ゲートウェイ|バッチ|ジョブ)(?![\u30A0-\u30FF])/g; // not サーバーレス
const LEADING_STOPWORDS = new Set(['The', 'A', 'An', 'Each', 'Every', 'All', 'Our', 'This', 'That', 'Its', 'Their', 'Any', 'New', 'Old', 'One', 'Two', 'Three', 'Both', 'When', 'If', 'Then', 'Web', 'Other', 'Same', 'Per', 'Blue', 'Green', 'Amazon', 'AWS', 'Google', 'Azure', 'Our', 'Your', 'Internal', 'External', 'Backend', 'Frontend']);
const JA_STOP_PREFIX = /^(?:外部|各|全|部分|他の|その|この|同じ|Web|クラウド|マネージド|AWS|主要|対象|提供)/;
const JA_COMPONENT_STOP = /^(?:サービス|ジョブ|バッチ|サーバー|サーバ)$/;

const ENDPOINT = /\b(GET|POST|PUT|PATCH|DELETE)\s+(\/[A-Za-z0-9_\-{}:.\/*]*)/g;
// an API table with the method and the path in adjacent cells: "| POST | /api/webhooks/stripe |"
const TABLE_ENDPOINT = /(?<=^|\|)[ \t]*`?(GET|POST|PUT|PATCH|DELETE)`?[ \t]*\|[ \t]*`?(\/[A-Za-z0-9_\-{}:.\/*]*)/g;
const NAMED_QUEUE_AFTER = /(\bqueues?|\btopics?|\bstreams?|キュー|トピック|ストリーム)\s*`([^`\n]{1,80})`/gi;
const NAMED_QUEUE_BEFORE = /`([^`\n]{1,80})`\s*(queues?\b|topics?\b|streams?\b|キュー|トピック|ストリーム)/gi;
const ARROW = /\s*(?:→|->|⇒|=>|➡|⟶|－＞)\s*/g;

export function statementFacts(source: string, block: Block, vocab: Vocabulary): StatementFacts {
  const { start, end } = block;
  // HTML comments hold editor directives and notes to self, not statements about the design
  if (block.kind === 'html' || block.kind === 'frontmatter') {
    return { start, end, block, concepts: [], techs: [], components: [], partners: [], namedQueues: [], endpoints: [], figures: [] };
  }
  const text = source.slice(start, end);
  const techHits = longestNonOverlapping(vocab.techMatcher.match(source, start, end));
  // "Secrets Manager", "API Gateway": a product whose name happens to end like a component's
  const components = componentsIn(text, start).filter((c) => !techHits.some((h) => h.start === c.start && h.end === c.end));
  const ignored = citedSpans(text, start, block);
  const outside = (h: Span) => !ignored.some((i) => i.start <= h.start && h.end <= i.end);
  const identifiers = codeIdentifiers(text, start);
  const techs = techHits
    .filter((h) => h.value.kind === 'realtime' || !components.some((c) => c.start <= h.start && h.end <= c.end))
    .filter(outside)
    .filter((h) => !identifiers.some((i) => i.start <= h.start && h.end <= i.end) && !/[A-Za-z0-9]-$/.test(source.slice(Math.max(start, h.start - 2), h.start)))
    .filter((h) => !writtenAsWord(source.slice(h.start, h.end), h.value))
    .filter((h, _, all) => !consumerPolling(source.slice(h.start, h.end), all))
    .filter((h) => !EXAMPLE_BEFORE.test(source.slice(Math.max(start, h.start - 24), h.start)))
    .filter((h) => !EXAMPLE_AFTER_JA.test(source.slice(h.end, Math.min(end, h.end + 200))))
    .map((h) => ({ start: h.start, end: h.end, tech: h.value }));
  const concepts = withoutExclusions(vocab.conceptMatcher.match(source, start, end).filter(outside)).map((h) => ({ start: h.start, end: h.end, concept: h.value }));
  const facts: StatementFacts = {
    start,
    end,
    block,
    concepts,
    techs,
    components,
    partners: partnersIn(text, start).filter((p) => !techs.some((t) => t.start < p.end && p.start < t.end) && !components.some((c) => c.start < p.end && p.start < c.end)),
    namedQueues: namedQueuesIn(text, start, techs),
    endpoints: endpointsIn(text, start, block),
    figures: figuresIn(text, start),
  };
  if (block.kind !== 'code' && block.kind !== 'heading') {
    const chain = chainIn(text, start);
    if (chain) facts.chain = chain;
  }
  return facts;
}

function endpointsIn(text: string, offset: number, block: Block): (Span & { method: string; path: string })[] {
  const out = [...text.matchAll(ENDPOINT)].map((m) => {
    const path = m[2]!.replace(/[.,:;)]+$/, '');
    return { start: offset + m.index!, end: offset + m.index! + m[1]!.length + 1 + path.length, method: m[1]!, path };
  });
  if (block.kind === 'tableRow' && !block.tableHeader) {
    for (const m of text.matchAll(TABLE_ENDPOINT)) {
      const path = m[2]!.replace(/[.,:;)]+$/, '');
      if (path.length < 2) continue;
      // the mention is the path cell; the method is in the cell before it
      const at = offset + m.index! + m[0].length - m[2]!.length;
      out.push({ start: at, end: at + path.length, method: m[1]!, path });
    }
  }
  return out;
}

/** Drops concept hits inside a longer phrase that means something else: "snapshot" in "snapshot tests". */
function withoutExclusions(hits: PhraseHit<string>[]): PhraseHit<string>[] {
  const excluded = hits.filter((h) => h.value.startsWith('!'));
  if (excluded.length === 0) return hits;
  return hits.filter((h) => !h.value.startsWith('!') && !excluded.some((x) => x.value === exclusionOf(h.value) && x.start <= h.start && h.end <= x.end));
}

// "systems such as memcached": a named example is not part of this design
const EXAMPLE_BEFORE = /(?:such as|e\.g\.,?|for example,?|for instance,?|like|例えば|たとえば)[、,]?\s*(?:\[|\*\*)?[\w\s,、/-]{0,12}$/i;
// 「memcachedなどのシステム」「[MongoDB](…) や [CouchDB](…) など」: examples listed, not parts of this design
const EXAMPLE_AFTER_JA = /^(?:\]\([^)\s]*\))?(?:\*\*)?\s*(?:(?:や|、|,|と|および|及び)\s*\[?(?:\*\*)?[A-Za-z0-9][\w .\-/]{0,30}(?:\*\*)?\]?(?:\([^)\s]*\))?\s*)*(?:など|等の|等を|等が|といった|のような)/;
const URL = /\bhttps?:\/\/[^\s)>\]]+/g;
const CODE_HOST = /`[A-Za-z0-9<>{}_-]+(?:\.[A-Za-z0-9<>{}_-]+){2,}(?::\d+)?`/g;
const LINK = /\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)/g;

/**
 * Spans whose words are not statements about the design: URLs, and the text of links that
 * cite elsewhere when the statement is little more than the link ("* [Slack Engineering Blog](…)").
 */
function citedSpans(text: string, offset: number, block: Block): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(URL)) spans.push({ start: offset + m.index!, end: offset + m.index! + m[0].length });
  // `sns.<region>.amazonaws.com`: a host name in code names no region, queue or dependency of the design
  for (const m of text.matchAll(CODE_HOST)) spans.push({ start: offset + m.index!, end: offset + m.index! + m[0].length });
  const links = [...text.matchAll(LINK)];
  if (links.length && (block.kind === 'listItem' || block.kind === 'tableRow' || block.kind === 'paragraph')) {
    const rest = text.replace(LINK, '').replace(/[\s*|_:,.\-–—()]+/g, '');
    const citation = rest.length < 24;
    for (const m of links) {
      const destStart = m.index! + m[1]!.length + 2;
      spans.push({ start: offset + destStart, end: offset + m.index! + m[0].length });
      if (citation && /^(?:https?:|\.\.?\/|#)/.test(m[2]!)) spans.push({ start: offset + m.index!, end: offset + destStart });
    }
  }
  return spans;
}

/** "SQS Queue | Long Polling (20 s)": how a queue consumer receives, not a real-time channel to clients */
function consumerPolling(written: string, hits: PhraseHit<Technology>[]): boolean {
  return /^long[ -]polling$/i.test(written) && hits.some((h) => h.value.kind === 'queue');
}

/** "time slack", "a stripe of", "the vault": the ordinary word, not the product */
function writtenAsWord(written: string, tech: Technology): boolean {
  return !!tech.capitalized && written === written.toLowerCase() && tech.capitalized.includes(written);
}

// `sqs-message-logger`, `redis_client.py`, go-etcd-cron: an identifier that contains a product's name is not that product
const CODE_IDENTIFIER = /`[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+`/g;

function codeIdentifiers(text: string, offset: number): Span[] {
  return [...text.matchAll(CODE_IDENTIFIER)].map((m) => ({ start: offset + m.index!, end: offset + m.index! + m[0].length }));
}

function componentsIn(text: string, offset: number): (Span & { name: string })[] {
  const found: (Span & { name: string })[] = [];
  const add = (s: number, name: string) => {
    const e = s + name.length;
    if (found.some((f) => f.start <= s && e <= f.end)) return;
    for (let i = found.length - 1; i >= 0; i--) if (s <= found[i]!.start && found[i]!.end <= e) found.splice(i, 1);
    found.push({ start: offset + s, end: offset + e, name });
  };
  for (const m of text.matchAll(WORDS_COMPONENT)) {
    let name = m[0];
    let s = m.index!;
    // drop leading words that are not part of a name ("The Message Service")
    for (;;) {
      const first = name.split(/[ -]/)[0]!;
      if (!LEADING_STOPWORDS.has(first) || name.length === first.length) break;
      name = name.slice(first.length + 1);
      s += first.length + 1;
    }
    if (/^[A-Z][a-z]*s?$/.test(name)) continue; // a bare suffix word ("Services") names nothing
    add(s, name);
  }
  for (const m of text.matchAll(CAMEL_COMPONENT)) {
    if (/^(?:Cron|Batch)Jobs?$/.test(m[0])) continue; // a Kubernetes resource kind, not a named job
    add(m.index!, m[0]);
  }
  for (const m of text.matchAll(JA_COMPONENT)) {
    let name = m[0];
    let s = m.index!;
    const stop = JA_STOP_PREFIX.exec(name);
    if (stop) {
      name = name.slice(stop[0].length);
      s += stop[0].length;
    }
    if (JA_COMPONENT_STOP.test(name) || /^[A-Za-z0-9]+$/.test(name.replace(/(サービス|ワーカー|ワーカ|サーバー|サーバ|ゲートウェイ|バッチ|ジョブ)$/, '')) && name.length < 4) continue;
    add(s, name);
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * A third party named only through its API, marked as one by the words that name it: 「提携銀行 API」
 * 「取引先 API」, "the partner bank's API". A bare "<Name> API" ("Upload API", 「受注API」) is as
 * often the doc's own service, and 「パートナー向け API」 is an API the doc offers: neither counts.
 */
const JA_PARTNER_API = /(?<![\u4E00-\u9FFF\u30A0-\u30FF])((?:提携|取引先|他社|連携先|協力会社)[\u4E00-\u9FFF\u30A0-\u30FF]{0,8})[ \t]?(?:API|ＡＰＩ)(?![A-Za-z])/g;
const EN_PARTNER_API = /\b(partner\s+[a-z]+(?:\s+[a-z]+)?)['’]s\s+API\b/gi;

function partnersIn(text: string, offset: number): (Span & { name: string })[] {
  const out: (Span & { name: string })[] = [];
  for (const re of [JA_PARTNER_API, EN_PARTNER_API]) {
    for (const m of text.matchAll(re)) {
      const at = offset + m.index! + m[0].indexOf(m[1]!);
      out.push({ start: at, end: at + m[1]!.length, name: m[1]! });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function namedQueuesIn(text: string, offset: number, techs: (Span & { tech: Technology })[]) {
  const messaging = techs.map((t, i) => ({ t, i })).filter(({ t }) => t.tech.kind === 'queue' || t.tech.kind === 'stream' || t.tech.kind === 'pubsub');
  if (messaging.length === 0) return [];
  const out: (Span & { name: string; techIndex: number; noun: string })[] = [];
  for (const [re, nameGroup, nounGroup] of [[NAMED_QUEUE_AFTER, 2, 1], [NAMED_QUEUE_BEFORE, 1, 2]] as const) {
    for (const m of text.matchAll(re)) {
      const nameStart = offset + m.index! + m[0].indexOf('`') + 1;
      const name = m[nameGroup]!;
      const noun = m[nounGroup]!.toLowerCase().replace(/s$/, '');
      // a queue's name is one identifier; "` で HTTPS … `" is the text between two code spans
      if (/\s/.test(name) || out.some((o) => o.name === name)) continue;
      // the queue belongs to the messaging technology named closest before it
      const before = messaging.filter(({ t }) => t.start <= nameStart);
      const owner = (before.length ? before[before.length - 1] : messaging[0])!;
      out.push({ start: nameStart, end: nameStart + name.length, name, techIndex: owner.i, noun });
    }
  }
  return out;
}

function chainIn(text: string, offset: number): Span[] | undefined {
  const arrows = [...text.matchAll(ARROW)];
  if (arrows.length < 2) return undefined;
  const nodes: Span[] = [];
  let s = 0;
  for (const a of arrows) {
    nodes.push({ start: offset + s, end: offset + a.index! });
    s = a.index! + a[0].length;
  }
  nodes.push({ start: offset + s, end: offset + text.length });
  return nodes;
}
