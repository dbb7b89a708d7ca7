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
const JA_COMPONENT = /[\u30A0-\u30FF\u4E00-\u9FFFA-Za-z0-9]{1,12}(?:サービス|ワーカー|ワーカ|サーバー|サーバ|ゲートウェイ|バッチ|ジョブ)/g;
const LEADING_STOPWORDS = new Set(['The', 'A', 'An', 'Each', 'Every', 'All', 'Our', 'This', 'That', 'Its', 'Their', 'Any', 'New', 'Old', 'One', 'Two', 'Three', 'Both', 'When', 'If', 'Then', 'Web', 'Other', 'Same', 'Per', 'Blue', 'Green', 'Amazon', 'AWS', 'Google', 'Azure', 'Our', 'Your', 'Internal', 'External', 'Backend', 'Frontend']);
const JA_STOP_PREFIX = /^(?:外部|各|全|他の|その|この|同じ|Web|クラウド|マネージド|AWS|主要|対象|提供)/;
const JA_COMPONENT_STOP = /^(?:サービス|ジョブ|バッチ|サーバー|サーバ)$/;

const ENDPOINT = /\b(GET|POST|PUT|PATCH|DELETE)\s+(\/[A-Za-z0-9_\-{}:.\/*]*)/g;
const NAMED_QUEUE_AFTER = /(\bqueues?|\btopics?|\bstreams?|キュー|トピック|ストリーム)\s*`([^`\n]{1,80})`/gi;
const NAMED_QUEUE_BEFORE = /`([^`\n]{1,80})`\s*(queues?\b|topics?\b|streams?\b|キュー|トピック|ストリーム)/gi;
const ARROW = /\s*(?:→|->|⇒|=>|➡|⟶|－＞)\s*/g;

export function statementFacts(source: string, block: Block, vocab: Vocabulary): StatementFacts {
  const { start, end } = block;
  // HTML comments hold editor directives and notes to self, not statements about the design
  if (block.kind === 'html' || block.kind === 'frontmatter') {
    return { start, end, block, concepts: [], techs: [], components: [], namedQueues: [], endpoints: [], figures: [] };
  }
  const text = source.slice(start, end);
  const techHits = longestNonOverlapping(vocab.techMatcher.match(source, start, end));
  // "Secrets Manager", "API Gateway": a product whose name happens to end like a component's
  const components = componentsIn(text, start).filter((c) => !techHits.some((h) => h.start === c.start && h.end === c.end));
  const ignored = citedSpans(text, start, block);
  const outside = (h: Span) => !ignored.some((i) => i.start <= h.start && h.end <= i.end);
  const techs = techHits
    .filter((h) => h.value.kind === 'realtime' || !components.some((c) => c.start <= h.start && h.end <= c.end))
    .filter(outside)
    .filter((h) => !EXAMPLE_BEFORE.test(source.slice(Math.max(start, h.start - 24), h.start)))
    .map((h) => ({ start: h.start, end: h.end, tech: h.value }));
  const concepts = withoutExclusions(vocab.conceptMatcher.match(source, start, end).filter(outside)).map((h) => ({ start: h.start, end: h.end, concept: h.value }));
  const facts: StatementFacts = {
    start,
    end,
    block,
    concepts,
    techs,
    components,
    namedQueues: namedQueuesIn(text, start, techs),
    endpoints: [...text.matchAll(ENDPOINT)].map((m) => {
      const path = m[2]!.replace(/[.,:;)]+$/, '');
      return { start: start + m.index!, end: start + m.index! + m[1]!.length + 1 + path.length, method: m[1]!, path };
    }),
    figures: figuresIn(text, start),
  };
  if (block.kind !== 'code' && block.kind !== 'heading') {
    const chain = chainIn(text, start);
    if (chain) facts.chain = chain;
  }
  return facts;
}

/** Drops concept hits inside a longer phrase that means something else: "snapshot" in "snapshot tests". */
function withoutExclusions(hits: PhraseHit<string>[]): PhraseHit<string>[] {
  const excluded = hits.filter((h) => h.value.startsWith('!'));
  if (excluded.length === 0) return hits;
  return hits.filter((h) => !h.value.startsWith('!') && !excluded.some((x) => x.value === exclusionOf(h.value) && x.start <= h.start && h.end <= x.end));
}

// "systems such as memcached": a named example is not part of this design
const EXAMPLE_BEFORE = /(?:such as|e\.g\.,?|for example,?|for instance,?|like|例えば|たとえば)\s*(?:\[|\*\*)?[\w\s,/-]{0,12}$/i;
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
