import type { Entity, EntityHit, Span, Statement } from '../model/types';
import type { DetectSpec, DocumentSelector, EndpointSelector, EntitySelector, StatementSelector } from '../rules/definition';
import type { ModelView } from './context';
import { runCheck } from './checks';
import { statementIndexAt } from '../model/statementAt';
import { isTechnologyLike } from '../findings/placeholders';

/**
 * What a rule is about, found in the model: each uncovered subject becomes one finding.
 * The selectors are the engine's few predicate kinds; rule files pick one and parameterise it.
 */
export interface Subject {
  id: string;
  /** how the doc names it, for messages and fix titles */
  name: string;
  kind: string;
  anchor: Span;
  related: Span[];
  /** entities/endpoints the subject is about: evidence naming them counts */
  ids: string[];
  /** sections whose evidence counts for this subject */
  sections: number[];
  /**
   * what the subject's name refers to ("Distributed Scheduler" from a heading above): a
   * subsection titled with it (the fix's "Retry policy for Distributed Scheduler") is not about
   * another thing
   */
  nameIds?: string[];
  /** candidate ids of the whole selector: a statement naming none of them states a doc-wide policy */
  candidates: Set<string>;
  /** what made the rule apply, for the explanation ("external dependency", "consumer of …") */
  trigger: { en: string; ja: string };
  /** numeric checks: the arithmetic */
  detail?: { en: string; ja: string };
}

const KIND_LABEL: Record<string, [string, string]> = {
  datastore: ['datastore', 'データストア'],
  queue: ['queue', 'キュー'],
  stream: ['stream', 'ストリーム'],
  pubsub: ['pub/sub channel', 'Pub/Sub チャネル'],
  external: ['external dependency', '外部依存先'],
  realtime: ['real-time channel', 'リアルタイム通信'],
  loadbalancer: ['load balancer', 'ロードバランサー'],
  gateway: ['gateway', 'ゲートウェイ'],
  component: ['component', 'コンポーネント'],
  monitoring: ['monitoring tool', '監視ツール'],
  compute: ['compute platform', '実行基盤'],
};

function kindLabel(kind: string): { en: string; ja: string } {
  const l = KIND_LABEL[kind] ?? [kind, kind];
  return { en: l[0], ja: l[1] };
}

export function selectSubjects(spec: DetectSpec, view: ModelView): Subject[] {
  const s = spec.subjects;
  if (s.entities) return entitySubjects(s.entities, spec, view);
  if (s.endpoints) return endpointSubjects(s.endpoints, spec, view);
  if (s.statements) return statementSubjects(s.statements, spec, view);
  if (s.consumers) return consumerSubjects(s.consumers, view);
  if (s.flows) return flowSubjects(s.flows.pattern, view);
  if (s.document) return documentSubjects(s.document, spec, view);
  if (s.check) return runCheck(s.check, view);
  return [];
}

export function documentHolds(sel: DocumentSelector, view: ModelView): boolean {
  if (sel.entities) {
    const { kinds, roles, min } = sel.entities;
    // "Amazon SQS queue `orders`" is one store, not SQS plus the queue
    if (distinctStores(view, kinds, roles).length < min) return false;
  }
  if (sel.cues && !sel.cues.some((c) => view.triggerStatementsWith(c).length > 0)) return false;
  if (sel.components !== undefined && view.entitiesOfKind(['component']).length < sel.components) return false;
  return true;
}

/** The statement a mention sits in. */
function statementAt(view: ModelView, offset: number): Statement {
  return view.model.statements[statementIndexAt(view.model.statements, offset)]!;
}

function preferredMention(mentions: Span[], view: ModelView, prefer: string[] = [], preferSections: string[] = []): Span {
  const withStatement = mentions.map((m) => ({ m, st: statementAt(view, m.start) }));
  const places = preferSections.length ? [withStatement.filter(({ st }) => view.hasRole(st.section, preferSections)), withStatement] : [withStatement];
  for (const list of places) {
    for (const cue of prefer) {
      const hit = list.find(({ st }) => st.kind !== 'code' && view.mentions(st, cue));
      if (hit) return hit.m;
    }
  }
  return (withStatement.find(({ st }) => st.kind !== 'code') ?? withStatement[0]!).m;
}

function entityMatches(e: Entity, sel: EntitySelector): boolean {
  if (!sel.kinds.includes(e.kind)) return false;
  if (sel.roles && !sel.roles.includes(e.role ?? '')) return false;
  if (sel.notRoles && sel.notRoles.includes(e.role ?? '')) return false;
  if (sel.semantics && e.semantics !== sel.semantics) return false;
  return true;
}

function entitySubjects(sel: EntitySelector, spec: DetectSpec, view: ModelView): Subject[] {
  let entities = [...view.model.entities.values()].filter((e) => entityMatches(e, sel));
  if (sel.named) {
    // "Amazon SQS standard queue `taskflow-notifications`": the queue is the subject, not SQS
    const carried = new Set(entities.filter((e) => e.tech).map((e) => e.tech!));
    entities = entities.filter((e) => !carried.has(e.id));
  } else {
    entities = entities.filter((e) => !e.tech);
  }
  if (entities.some((e) => !e.generic)) entities = entities.filter((e) => !e.generic);
  // "SNS cannot use Cognito authorisation": named only as not used, it is no part of the design
  entities = entities.filter((e) => view.inDesign(e));
  if (sel.cues) {
    entities = entities.filter((e) => e.mentions.some((m) => sel.cues!.some((c) => view.mentions(statementAt(view, m.start), c))));
  }
  const candidates = new Set(entities.map((e) => e.id));
  return entities.map((e) => {
    // a named queue sits where the doc introduces it ("the SQS queue `x`"), not on a later bare `x`
    const used = e.mentions.filter((m) => !view.deniedMention(m));
    const introduced = used.filter((m) => !m.reference);
    const anchor = preferredMention(introduced.length ? introduced : used, view, spec.anchor?.prefer, spec.anchor?.preferSections);
    const name = e.tech ? namedQueueLabel(e, view) : view.textOf(e.mentions.find((m) => m === anchor) ?? anchor, 60);
    return {
      id: e.id,
      name,
      kind: e.kind,
      anchor: { start: anchor.start, end: anchor.end },
      related: e.mentions.filter((m) => m !== anchor).map((m) => ({ start: m.start, end: m.end })),
      // a named queue's evidence names the queue: "RabbitMQ queue `a` has a DLQ" says nothing of queue `b`
      ids: [e.id],
      sections: [],
      candidates,
      trigger: kindLabel(e.kind),
    };
  });
}

function namedQueueLabel(e: Entity, view: ModelView): string {
  const st = statementAt(view, e.mentions[0]!.start);
  const tech = st.entities.find((h) => h.entity === e.tech);
  const techName = tech ? view.textOf(tech) : view.entity(e.tech!)?.name ?? '';
  const nouns = view.language === 'ja' ? { stream: 'ストリーム', pubsub: 'トピック', queue: 'キュー' } : { stream: 'stream', pubsub: 'topic', queue: 'queue' };
  const en = view.language === 'en';
  const noun = e.noun && (en ? /^[a-z]/.test(e.noun) : !/^[a-z]/.test(e.noun)) ? e.noun : e.kind === 'stream' ? nouns.stream : e.kind === 'pubsub' ? nouns.pubsub : nouns.queue;
  return `${techName} ${noun} \`${e.name}\``.trim();
}

function endpointSubjects(sel: EndpointSelector, spec: DetectSpec, view: ModelView): Subject[] {
  const eps = [...view.model.endpoints.values()].filter((ep) => sel.methods.includes(ep.method) && !(sel.skipResources ?? []).some((r) => ep.path.toLowerCase().includes(r)));
  const filtered = sel.cues
    ? eps.filter((ep) => ep.mentions.some((m) => sel.cues!.some((c) => view.mentions(view.model.statements[m.statement]!, c))))
    : eps;
  const candidates = new Set(filtered.map((ep) => ep.id));
  return filtered.map((ep) => {
    const anchor = preferredMention(ep.mentions, view, spec.anchor?.prefer, spec.anchor?.preferSections);
    // "| POST | /api/webhooks/stripe |": a table mention is the path cell, the method is the column before
    const written = view.textOf(anchor);
    return {
      id: ep.id,
      name: `\`${written.startsWith(ep.method) ? written : `${ep.method} ${written}`}\``,
      kind: 'endpoint',
      anchor: { start: anchor.start, end: anchor.end },
      related: ep.mentions.filter((m) => m !== anchor).map((m) => ({ start: m.start, end: m.end })),
      ids: [ep.id],
      sections: [],
      candidates,
      trigger: { en: `${ep.method} endpoint`, ja: `${ep.method} エンドポイント` },
    };
  });
}

function firstCueSpan(st: Statement, sel: StatementSelector, prefer: string[] | undefined, view: ModelView): Span {
  for (const c of [...(prefer ?? []), ...(sel.cues ?? []), ...(sel.allCues ?? [])]) {
    const hit = view.mentions(st, c);
    if (hit) return hit;
  }
  // a statement selected for what it names ("pushes updates over Server-Sent Events")
  const named = sel.entityKinds && st.entities.find((h) => sel.entityKinds!.includes(view.entity(h.entity)?.kind ?? ''));
  if (named) return named;
  return { start: st.start, end: Math.min(st.end, firstLineEnd(view, st.start)) };
}

/** Kinds that name what a statement is about, before the doc's own components. */
const INFRA_NAMING_KINDS = ['datastore', 'queue', 'stream', 'pubsub', 'external', 'realtime'];
/** Kinds that only carry traffic: a statement is about them when it names nothing else. */
const CARRIER_KINDS = ['loadbalancer', 'gateway'];

/**
 * A short name for a statement subject, in the doc's words: the things it names ("Stripe",
 * "PostgreSQL and Redis"), else the component, else what its section heading names, else the
 * system as a whole. Never the sentence itself: the name goes into fix titles.
 */
function statementName(st: Statement, sel: StatementSelector, anchor: Span, view: ModelView, requires?: DocumentSelector): { name: string; ids: string[] } {
  const lang = view.language;
  const named = (hits: EntityHit[]) => ({ name: joinNames(namesOf(hits, view), lang), ids: [...new Set(hits.map((h) => h.entity))] });
  const nearest = nearestNamed(st, sel, anchor, view);
  if (nearest) return { name: hitName(nearest, view), ids: [nearest.entity] };
  // the sentence carrying the cue first: in "X and Y are deployed blue-green. The probe checks
  // PostgreSQL." the deployment is about X and Y
  const sentence = view.sentenceAt(st, anchor.start);
  // the rule may say what names its subject: "the ActivityFeedHandler broadcasts to all connected
  // clients" is about the WebSocket channel, wherever the doc names it
  if (sel.nameKinds) {
    const roleOk = (h: EntityHit) => !sel.nameRoles || sel.nameRoles.includes(view.entity(h.entity)?.role ?? '');
    const hits = [sentence, st].map((within) => namingHits(st, sel.nameKinds!, view).filter((h) => roleOk(h) && h.start >= within.start && h.end <= within.end)).find((n) => n.length);
    if (hits) return named(hits);
    const names = storeWords(view, sel.nameKinds, sel.nameRoles);
    if (names.length) return { name: joinNames(names, lang), ids: distinctStores(view, sel.nameKinds, sel.nameRoles).map((e) => e.id) };
  }
  const order = sel.entityKinds ? [sel.entityKinds] : [INFRA_NAMING_KINDS, ['component'], CARRIER_KINDS];
  for (const within of [sentence, st]) {
    for (const kinds of order) {
      const hits = namingHits(st, kinds, view).filter((h) => h.start >= within.start && h.end <= within.end);
      if (hits.length) return named(hits);
    }
  }
  for (const s of view.sectionChain(st.section)) {
    if (s.depth === 0) continue;
    const heading = view.statementsIn(s.index).find((h) => h.kind === 'heading');
    const hits = heading ? namingHits(heading, [...INFRA_NAMING_KINDS, 'component', ...CARRIER_KINDS], view) : [];
    if (hits.length) return named(hits);
  }
  // "Nightly snapshots are taken": the rule's precondition says what it is about (the datastores)
  if (requires?.entities) {
    const names = storeNames(view, requires.entities.kinds, requires.entities.roles);
    if (names.length) return { name: joinNames(names, lang), ids: distinctStores(view, requires.entities.kinds, requires.entities.roles).map((e) => e.id) };
  }
  return { name: SYSTEM_NAME[lang], ids: [] };
}

const SYSTEM_NAME = { en: 'the system', ja: '本システム' } as const;

/**
 * The one entity a statement selected for naming one thing is about: "a single ALB in front of
 * the Checkout Service" is about the thing next to its cue; a hosting platform ("on a single EC2
 * instance") names where the thing runs, not the thing.
 */
function nearestNamed(st: Statement, sel: StatementSelector, anchor: Span, view: ModelView): EntityHit | undefined {
  if (!sel.entityKinds || sel.mostEntities || (sel.minEntities ?? 1) > 1) return undefined;
  const rank = (h: EntityHit) => distance(h, anchor) + (view.entity(h.entity)?.kind === 'compute' ? 10_000 : 0);
  return namingHits(st, sel.entityKinds, view).sort((a, b) => rank(a) - rank(b))[0];
}

function distance(a: Span, b: Span): number {
  return a.end <= b.start ? b.start - a.end : a.start >= b.end ? a.start - b.end : 0;
}

/** Entity mentions of these kinds, named ones over generic words, a named queue over its carrier. */
function namingHits(st: Statement, kinds: string[], view: ModelView): EntityHit[] {
  const carriers = new Set(st.entities.map((h) => view.entity(h.entity)?.tech).filter((t): t is string => !!t));
  // "WebSocket" inside "WebSocket Server" names the component, not the protocol
  const components = st.entities.filter((h) => view.entity(h.entity)?.kind === 'component');
  const inComponent = (h: EntityHit) => view.entity(h.entity)?.kind !== 'component' && components.some((c) => c.start <= h.start && h.end <= c.end);
  const hits = st.entities.filter((h) => kinds.includes(view.entity(h.entity)?.kind ?? '') && !carriers.has(h.entity) && !inComponent(h));
  const specific = hits.filter((h) => !view.entity(h.entity)!.generic);
  return specific.length ? specific : hits;
}

function hitName(h: EntityHit, view: ModelView): string {
  const e = view.entity(h.entity)!;
  if (e.tech) return namedQueueLabel(e, view);
  // the doc's own words ("Aurora", "Amazon RDS"), unless they were a generic word for it
  return h.generic ? e.name : view.textOf(h, 40);
}

function namesOf(hits: EntityHit[], view: ModelView): string[] {
  const ids = new Set<string>();
  const names: string[] = [];
  for (const h of hits) {
    if (ids.has(h.entity)) continue;
    ids.add(h.entity);
    const n = hitName(h, view);
    if (!names.includes(n)) names.push(n);
  }
  return names;
}

/** "A", "A and B", "A, B and C", "A, B, C and 2 more" (JA: 「A と B」「A、B、C ほか2件」). */
export function joinNames(names: string[], lang: 'en' | 'ja', max = 3): string {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  if (lang === 'ja') {
    if (more > 0) return `${shown.join('、')} ほか${more}件`;
    return shown.length === 2 ? `${shown[0]} と ${shown[1]}` : shown.join('、');
  }
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function firstLineEnd(view: ModelView, offset: number): number {
  const line = view.model.lines.positionAt(offset).line;
  return view.model.lines.lineEnd(line);
}

function statementMatches(st: Statement, sel: StatementSelector, view: ModelView): boolean {
  if (st.kind === 'code' && !sel.includeCode) return false;
  if (st.kind === 'heading') return false; // a heading names a topic; the statements under it say things
  if (st.tableHeader) return false;
  // cues count only when asserted: "no single point of failure" claims no single instance
  if (sel.cues && !sel.cues.some((c) => view.has(st, c))) return false;
  if (sel.allCues && !sel.allCues.every((c) => view.has(st, c))) return false;
  if (sel.withoutEntityKinds && st.entities.some((h) => sel.withoutEntityKinds!.includes(view.entity(h.entity)?.kind ?? ''))) return false;
  if (sel.notCues && sel.notCues.some((c) => view.has(st, c))) return false;
  if (sel.sections && !view.hasRole(st.section, sel.sections)) return false;
  if (sel.entityKinds) {
    if (!namesAtLeast(st, sel.entityKinds, sel.minEntities ?? 1, view)) return false;
    if (sel.near !== undefined && !cueNearEntity(st, sel, sel.near, view)) return false;
  }
  return true;
}

/** Some asserted cue has an entity of the selector's kinds in its sentence, at most `near` characters away. */
function cueNearEntity(st: Statement, sel: StatementSelector, near: number, view: ModelView): boolean {
  const hits = namingHits(st, sel.entityKinds!, view);
  return (sel.cues ?? []).some((c) => {
    const cue = view.mentions(st, c);
    if (!cue) return false;
    const sentence = view.sentenceAt(st, cue.start);
    return hits.some((h) => h.start >= sentence.start && h.end <= sentence.end && distance(h, cue) <= near);
  });
}

/**
 * Does the statement name at least `min` distinct things of these kinds (not as unused)? Asked of
 * every candidate statement of every rule, so it stops at the answer and collects nothing then.
 */
function namesAtLeast(st: Statement, kinds: string[], min: number, view: ModelView): boolean {
  let seen: Set<string> | undefined;
  for (const h of st.entities) {
    if (!kinds.includes(view.entity(h.entity)?.kind ?? '') || view.deniedMention(h)) continue;
    if (min <= 1) return true;
    (seen ??= new Set()).add(h.entity);
    if (seen.size >= min) return true;
  }
  return min <= 0;
}

function entityCount(st: Statement, kinds: string[] | undefined, view: ModelView): number {
  return new Set(st.entities.filter((h) => !view.deniedMention(h)).map((h) => h.entity).filter((id) => !kinds || kinds.includes(view.entity(id)?.kind ?? ''))).size;
}

function statementSubjects(sel: StatementSelector, spec: DetectSpec, view: ModelView): Subject[] {
  const seeds = sel.allCues ? [...(sel.cues ?? []), ...sel.allCues] : (sel.cues ?? []);
  let matching = view.triggerStatementsWithAny(seeds).filter((st) => statementMatches(st, sel, view));
  if (matching.length === 0 && sel.fallback) return statementSubjects(sel.fallback, spec, view);
  if (sel.perDocument) {
    // the first statement carrying the most telling cue: cues are listed in priority order
    const byCue = (sel.cues ?? []).map((c) => matching.find((st) => view.has(st, c))).find((st) => st);
    matching = byCue ? [byCue] : matching.slice(0, 1);
  } else if (sel.mostEntities) {
    const best = matching.reduce<Statement | undefined>((b, st) => (!b || entityCount(st, sel.entityKinds, view) > entityCount(b, sel.entityKinds, view) ? st : b), undefined);
    matching = best ? [best] : [];
  } else if (sel.perComponent) {
    const seen = new Set<string>();
    matching = matching.filter((st) => {
      const c = st.entities.find((h) => view.entity(h.entity)?.kind === 'component');
      if (!c) return true;
      if (seen.has(c.entity)) return false;
      seen.add(c.entity);
      return true;
    });
  }
  return matching.map((st) => {
    const anchor = firstCueSpan(st, sel, spec.anchor?.prefer, view);
    // a statement about one thing ("the Access Service runs as a single instance … and stores
    // permits in PostgreSQL"): evidence about the other things it names is not about this one
    const about = nearestNamed(st, sel, anchor, view);
    // otherwise the things that can name it: "Prometheus remote write will retry" is not about
    // the monitoring tool, so a doc-wide retry policy covers it
    const ids = about ? [about.entity] : [...new Set(namingHits(st, [...INFRA_NAMING_KINDS, 'component', ...CARRIER_KINDS], view).map((h) => h.entity))];
    const named = statementName(st, sel, anchor, view, spec.requires);
    return {
      id: `statement:${st.index}`,
      name: named.name,
      nameIds: named.ids,
      kind: 'statement',
      anchor: { start: anchor.start, end: anchor.end },
      related: [],
      ids,
      sections: [st.section],
      candidates: new Set(),
      trigger: { en: `"${view.textOf(anchor, 60)}"`, ja: `「${view.textOf(anchor, 60)}」` },
    };
  });
}

const MESSAGING = ['queue', 'stream', 'pubsub'];

function consumerSubjects(sel: { semantics?: string; kinds?: string[] }, view: ModelView): Subject[] {
  const kinds = sel.kinds ?? MESSAGING;
  const seen = new Map<string, Subject>();
  const candidates = new Set<string>();
  for (const st of view.triggerStatementsWith('consume')) {
    if (st.kind === 'code' || st.tableHeader) continue;
    const consume = view.mentions(st, 'consume')!;
    for (const h of consumedHits(st, kinds, sel.semantics, view)) {
      const target = view.entity(h.entity)!;
      candidates.add(target.id);
      if (seen.has(target.id)) continue;
      // "consumes messages from the Amazon SQS queue `payslip-jobs`": the verb through the queue's
      // name, with the technology that carries it (「Kafka の `stock-changes` トピックを購読」)
      const carrier = target.tech ? st.entities.filter((t) => t.entity === target.tech && t.end <= h.start && h.start - t.end <= 24).pop() : undefined;
      const start = Math.min(consume.start, carrier?.start ?? h.start, h.start);
      const end = Math.max(consume.end, h.end);
      const name = target.tech ? namedQueueLabel(target, view) : view.textOf(h);
      seen.set(target.id, {
        id: `consumer:${target.id}`,
        name,
        kind: 'consumer',
        anchor: { start, end },
        related: [],
        ids: [target.id],
        // the consumer's scope is what names its queue: a sibling consumer listed in the same
        // section is another subject, not this one's documentation
        sections: [],
        candidates,
        trigger: { en: `consumer of ${name}`, ja: `${name} のコンシューマー` },
      });
    }
  }
  return [...seen.values()];
}

/**
 * The queues a consume statement reads: the named queues it names, else the one named queue
 * the technology carries in this doc, else the technology itself.
 */
function consumedHits(st: Statement, kinds: string[], semantics: string | undefined, view: ModelView): EntityHit[] {
  const out: EntityHit[] = [];
  for (const h of st.entities) {
    const e = view.entity(h.entity)!;
    if (!kinds.includes(e.kind) || (semantics && e.semantics !== semantics)) continue;
    if (e.tech) {
      out.push(h);
      continue;
    }
    if (st.entities.some((q) => view.entity(q.entity)?.tech === e.id)) continue; // its named queue is in this statement
    const carried = [...view.model.entities.values()].filter((q) => q.tech === e.id);
    if (carried.length === 1) out.push({ entity: carried[0]!.id, start: h.start, end: h.end });
    else out.push(h);
  }
  return out;
}

const STORE_ROLES_EXCLUDED_FROM_WRITES = ['cache', 'search'];

interface FlowEvent {
  kind: 'store' | 'publish';
  entity: string;
  span: Span;
  /** the mention of the store or destination, for the flow's name */
  hit: EntityHit;
  statement: Statement;
}

function flowEvents(view: ModelView, statements: Statement[], chain: boolean): FlowEvent[] {
  const events: FlowEvent[] = [];
  for (const st of statements) {
    if (chain && st.chain) {
      // st.entities is sorted by start: the mentions inside a node are found from a binary
      // search, not by filtering every mention for every node (a 1 MB chain line was quadratic)
      const ents = st.entities;
      for (const node of st.chain) {
        let lo = 0;
        let hi = ents.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ents[mid]!.start < node.start) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo; k < ents.length && ents[k]!.start <= node.end; k++) {
          const h = ents[k]!;
          if (h.end > node.end) continue;
          const e = view.entity(h.entity)!;
          if (e.kind === 'datastore' && !STORE_ROLES_EXCLUDED_FROM_WRITES.includes(e.role ?? '')) events.push({ kind: 'store', entity: e.id, span: node, hit: h, statement: st });
          else if (MESSAGING.includes(e.kind)) events.push({ kind: 'publish', entity: e.id, span: node, hit: h, statement: st });
        }
      }
      continue;
    }
    if (chain) continue;
    const writes = view.mentions(st, 'write');
    const publishes = view.mentions(st, 'publish') ?? view.mentions(st, 'broadcast');
    const components = st.entities.filter((h) => view.entity(h.entity)?.kind === 'component');
    for (const h of st.entities) {
      const e = view.entity(h.entity)!;
      if (writes && e.kind === 'datastore' && !STORE_ROLES_EXCLUDED_FROM_WRITES.includes(e.role ?? '')) events.push({ kind: 'store', entity: e.id, span: h, hit: h, statement: st });
      // the verb and its destination, in either order: "publishes to Kafka", 「SQS に送信する」
      else if (publishes && (MESSAGING.includes(e.kind) || e.kind === 'realtime')) events.push({ kind: 'publish', entity: e.id, span: { start: Math.min(publishes.start, h.start), end: Math.max(publishes.end, h.end) }, hit: h, statement: st });
    }
    // "X hands the event to the WebSocket servers": a send to another of the doc's services
    if (publishes && components.length >= 2 && components[1]!.start > publishes.start) {
      events.push({ kind: 'publish', entity: components[1]!.entity, span: { start: publishes.start, end: components[1]!.end }, hit: components[1]!, statement: st });
    }
  }
  return events;
}

/**
 * The first store event (in order) with a matching later event, and the first such match: for
 * write-then-publish a publish, for two-stores a store of another entity (object stores left
 * out); in a chain both in the same statement. One backward pass keeps, for each position, the
 * nearest later match, so a flow with thousands of events is linear rather than pairwise.
 */
function firstPair(events: FlowEvent[], pattern: 'write-then-publish' | 'two-stores', chain: boolean, view: ModelView): [number, number] | undefined {
  const n = events.length;
  const objectRole = (e: FlowEvent) => view.entity(e.entity)?.role === 'object';
  // for each i: the nearest later candidate j1 and the nearest later candidate of another entity than j1's
  const near1 = new Int32Array(n).fill(-1);
  const near2 = new Int32Array(n).fill(-1);
  let j1 = -1;
  let j2 = -1;
  for (let i = n - 1; i >= 0; i--) {
    const e = events[i]!;
    if (chain && i + 1 < n && events[i + 1]!.statement !== e.statement) j1 = j2 = -1;
    near1[i] = j1;
    near2[i] = j2;
    const candidate = pattern === 'write-then-publish' ? e.kind === 'publish' : e.kind === 'store' && !objectRole(e);
    if (!candidate) continue;
    if (pattern === 'write-then-publish') j1 = i;
    else {
      if (j1 < 0 || events[j1]!.entity !== e.entity) j2 = j1;
      j1 = i;
    }
  }
  for (let i = 0; i < n; i++) {
    const a = events[i]!;
    if (a.kind !== 'store') continue;
    if (pattern === 'write-then-publish') {
      if (near1[i]! >= 0) return [i, near1[i]!];
      continue;
    }
    if (objectRole(a)) continue;
    const first = near1[i]!;
    if (first < 0) continue;
    if (events[first]!.entity !== a.entity) return [i, first];
    if (near2[i]! >= 0) return [i, near2[i]!];
  }
  return undefined;
}

function flowSubjects(pattern: 'write-then-publish' | 'two-stores', view: ModelView): Subject[] {
  const out: Subject[] = [];
  const candidates = new Set<string>();
  for (const flow of view.model.flows) {
    const sources: [Statement[], boolean][] = [
      [flow.chains.map((i) => view.model.statements[i]!), true],
      [flow.steps.map((i) => view.model.statements[i]!), false],
    ];
    let found: { first: FlowEvent; second: FlowEvent; chain: boolean } | undefined;
    for (const [sts, chain] of sources) {
      const events = chain ? sts.flatMap((st) => flowEvents(view, [st], true)) : flowEvents(view, sts, false);
      const pair = firstPair(events, pattern, chain, view);
      if (pair) {
        found = { first: events[pair[0]]!, second: events[pair[1]]!, chain };
        break;
      }
    }
    if (!found) continue;
    const { first, second, chain } = found;
    const anchor = chain ? { start: first.span.start, end: second.span.end } : second.span;
    const ids = [first.entity, second.entity];
    ids.forEach((id) => candidates.add(id));
    // "PostgreSQL → Kafka": the two hops the finding is about, short enough for a fix title
    const name = `${hitName(first.hit, view)} → ${hitName(second.hit, view)}`;
    const firstName = view.entity(first.entity)?.name ?? first.entity;
    const secondName = view.entity(second.entity)?.name ?? second.entity;
    out.push({
      id: `flow:${flow.section}`,
      name,
      kind: 'flow',
      anchor,
      related: chain ? [] : [first.span],
      ids,
      sections: [flow.section],
      candidates,
      trigger: {
        en: pattern === 'write-then-publish' ? `the flow writes ${firstName} and then sends to ${secondName}` : `the flow writes both ${firstName} and ${secondName}`,
        ja: pattern === 'write-then-publish' ? `このフローは ${firstName} に書き込んだ後 ${secondName} へ送信します` : `このフローは ${firstName} と ${secondName} の両方に書き込みます`,
      },
    });
  }
  return out;
}

function documentSubjects(sel: DocumentSelector, spec: DetectSpec, view: ModelView): Subject[] {
  if (!documentHolds(sel, view)) return [];
  const anchor = sectionAnchor(view, spec.anchor?.sections ?? []);
  if (!anchor) return [];
  return [
    {
      id: 'document',
      name: documentName(sel, view),
      kind: 'document',
      anchor: anchor.span,
      related: [],
      ids: [],
      sections: [],
      candidates: new Set(),
      trigger: { en: 'the document as a whole', ja: 'ドキュメント全体' },
    },
  ];
}

/**
 * A doc-wide subject is named by what the rule is about in this doc (its datastores, its
 * services), never by the heading the finding happens to sit on.
 */
function documentName(sel: DocumentSelector, view: ModelView): string {
  const lang = view.language;
  // a rule that needs the doc's services (health checks, runbooks) is about them
  if (sel.components !== undefined) {
    const names = view.entitiesOfKind(['component']).map((e) => e.name).filter((n) => !isTechnologyLike(n));
    if (names.length) return joinNames(names, lang);
  }
  if (sel.entities) {
    const { kinds, roles } = sel.entities;
    const names = storeNames(view, kinds, roles);
    if (names.length) return joinNames(names, lang);
  }
  return SYSTEM_NAME[lang];
}

/** The doc's stores of these kinds, each once: a named queue stands for the technology carrying it. */
export function storeNames(view: ModelView, kinds: string[], roles?: string[]): string[] {
  return distinctStores(view, kinds, roles).map((e) => (e.tech ? namedQueueLabel(e, view) : e.name));
}

/** The same, in the doc's own words where it first names each ("Server-Sent Events", not "WebSocket"). */
function storeWords(view: ModelView, kinds: string[], roles?: string[]): string[] {
  return [...new Set(distinctStores(view, kinds, roles).map((e) => {
    const first = e.mentions.find((m) => !m.generic && statementAt(view, m.start).kind !== 'code') ?? e.mentions[0];
    return first ? hitName(first, view) : e.name;
  }))];
}

export function distinctStores(view: ModelView, kinds: string[], roles?: string[]): Entity[] {
  // a store only a countermeasure template names ("the durable copy in etcd") is not one the design uses
  const all = [...view.model.entities.values()].filter((e) => kinds.includes(e.kind) && (!roles || roles.includes(e.role ?? '')) && e.mentions.some((m) => !view.inCountermeasure(m.start)));
  const carriers = new Set(all.map((e) => e.tech).filter((t): t is string => !!t));
  const named = all.filter((e) => !e.generic && !carriers.has(e.id));
  return named.length ? named : all.filter((e) => !carriers.has(e.id)).slice(0, 1);
}

/** The heading of the shallowest, earliest section with the first role that exists. */
export function sectionAnchor(view: ModelView, roles: string[]): { span: Span; title: string; section: number } | undefined {
  for (const role of roles) {
    const candidates = view.model.sections.filter((s) => s.depth > 0 && s.roles.includes(role) && !view.inCountermeasure(s.heading.start));
    if (candidates.length === 0) continue;
    const minDepth = Math.min(...candidates.map((s) => s.depth));
    const s = candidates.find((c) => c.depth === minDepth)!;
    return { span: { start: s.heading.start, end: firstLineEnd(view, s.heading.start) }, title: s.title, section: s.index };
  }
  return undefined;
}

export { statementAt };
