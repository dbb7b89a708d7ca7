import type { Entity, Span, Statement } from '../model/types';
import type { DetectSpec, DocumentSelector, EndpointSelector, EntitySelector, StatementSelector } from '../rules/definition';
import type { ModelView } from './context';
import { runCheck } from './checks';

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
    const n = [...view.model.entities.values()].filter((e) => kinds.includes(e.kind) && (!roles || roles.includes(e.role ?? ''))).length;
    if (n < min) return false;
  }
  if (sel.cues && !sel.cues.some((c) => view.statementsWith(c).length > 0)) return false;
  if (sel.components !== undefined && view.entitiesOfKind(['component']).length < sel.components) return false;
  return true;
}

/** The statement a mention sits in. */
function statementAt(view: ModelView, offset: number): Statement {
  const sts = view.model.statements;
  let lo = 0;
  let hi = sts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sts[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return sts[lo]!;
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
  if (sel.cues) {
    entities = entities.filter((e) => e.mentions.some((m) => sel.cues!.some((c) => view.mentions(statementAt(view, m.start), c))));
  }
  const candidates = new Set(entities.map((e) => e.id));
  return entities.map((e) => {
    const anchor = preferredMention(e.mentions, view, spec.anchor?.prefer, spec.anchor?.preferSections);
    const name = e.tech ? namedQueueLabel(e, view) : view.textOf(e.mentions.find((m) => m === anchor) ?? anchor, 60);
    return {
      id: e.id,
      name,
      kind: e.kind,
      anchor: { start: anchor.start, end: anchor.end },
      related: e.mentions.filter((m) => m !== anchor).map((m) => ({ start: m.start, end: m.end })),
      ids: [e.id, ...(e.tech ? [e.tech] : [])],
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
    return {
      id: ep.id,
      name: `\`${view.textOf(anchor)}\``,
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

function firstCueSpan(st: Statement, cues: string[] | undefined, prefer: string[] | undefined, view: ModelView): Span {
  for (const c of [...(prefer ?? []), ...(cues ?? [])]) {
    const hit = view.mentions(st, c);
    if (hit) return hit;
  }
  return { start: st.start, end: Math.min(st.end, firstLineEnd(view, st.start)) };
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
    const ids = new Set(st.entities.map((h) => h.entity).filter((id) => sel.entityKinds!.includes(view.entity(id)?.kind ?? '')));
    if (ids.size < (sel.minEntities ?? 1)) return false;
  }
  return true;
}

function entityCount(st: Statement, kinds: string[] | undefined, view: ModelView): number {
  return new Set(st.entities.map((h) => h.entity).filter((id) => !kinds || kinds.includes(view.entity(id)?.kind ?? ''))).size;
}

function statementSubjects(sel: StatementSelector, spec: DetectSpec, view: ModelView): Subject[] {
  const seeds = [...(sel.cues ?? []), ...(sel.allCues ?? [])];
  const pool = seeds.length ? [...new Set(seeds.flatMap((c) => view.statementsWith(c)))].sort((a, b) => a.index - b.index) : view.model.statements;
  let matching = pool.filter((st) => statementMatches(st, sel, view));
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
    const anchor = firstCueSpan(st, sel.cues, spec.anchor?.prefer, view);
    const ids = [...new Set(st.entities.map((h) => h.entity))];
    return {
      id: `statement:${st.index}`,
      name: view.textOf(st, 80),
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
  for (const st of view.statementsWith('consume')) {
    if (st.kind === 'code' || st.tableHeader) continue;
    const consume = view.mentions(st, 'consume')!;
    for (const h of st.entities) {
      const e = view.entity(h.entity)!;
      if (!kinds.includes(e.kind) || (sel.semantics && e.semantics !== sel.semantics)) continue;
      // a technology that carries exactly one named queue stands for that queue
      const carried = [...view.model.entities.values()].filter((q) => q.tech === e.id);
      const target = carried.length === 1 ? carried[0]! : e;
      candidates.add(target.id);
      if (seen.has(target.id)) continue;
      const start = Math.min(consume.start, h.start);
      const end = Math.max(consume.end, h.end);
      const name = target.tech ? namedQueueLabel(target, view) : view.textOf(h);
      seen.set(target.id, {
        id: `consumer:${target.id}`,
        name,
        kind: 'consumer',
        anchor: { start, end },
        related: [],
        ids: [target.id, ...(target.tech ? [target.tech] : [e.id])],
        sections: [st.section],
        candidates,
        trigger: { en: `consumer of ${name}`, ja: `${name} のコンシューマー` },
      });
    }
  }
  return [...seen.values()];
}

const STORE_ROLES_EXCLUDED_FROM_WRITES = ['cache', 'search'];

interface FlowEvent {
  kind: 'store' | 'publish';
  entity: string;
  span: Span;
  statement: Statement;
}

function flowEvents(view: ModelView, statements: Statement[], chain: boolean): FlowEvent[] {
  const events: FlowEvent[] = [];
  for (const st of statements) {
    if (chain && st.chain) {
      for (const node of st.chain) {
        for (const h of st.entities.filter((e) => e.start >= node.start && e.end <= node.end)) {
          const e = view.entity(h.entity)!;
          if (e.kind === 'datastore' && !STORE_ROLES_EXCLUDED_FROM_WRITES.includes(e.role ?? '')) events.push({ kind: 'store', entity: e.id, span: node, statement: st });
          else if (MESSAGING.includes(e.kind)) events.push({ kind: 'publish', entity: e.id, span: node, statement: st });
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
      if (writes && e.kind === 'datastore' && !STORE_ROLES_EXCLUDED_FROM_WRITES.includes(e.role ?? '')) events.push({ kind: 'store', entity: e.id, span: h, statement: st });
      else if (publishes && (MESSAGING.includes(e.kind) || e.kind === 'realtime')) events.push({ kind: 'publish', entity: e.id, span: { start: publishes.start, end: h.end > publishes.start ? h.end : publishes.end }, statement: st });
    }
    // "X hands the event to the WebSocket servers": a send to another of the doc's services
    if (publishes && components.length >= 2 && components[1]!.start > publishes.start) {
      events.push({ kind: 'publish', entity: components[1]!.entity, span: { start: publishes.start, end: components[1]!.end }, statement: st });
    }
  }
  return events;
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
      const events = chain ? sts.flatMap((st) => flowEvents(view, [st], true).map((e) => ({ e, st }))) : flowEvents(view, sts, false).map((e) => ({ e, st: e.statement }));
      for (let i = 0; i < events.length && !found; i++) {
        const a = events[i]!.e;
        if (a.kind !== 'store') continue;
        for (let j = i + 1; j < events.length; j++) {
          const b = events[j]!.e;
          if (chain && b.statement !== a.statement) continue;
          const hit = pattern === 'write-then-publish' ? b.kind === 'publish' : b.kind === 'store' && b.entity !== a.entity && view.entity(b.entity)?.role !== 'object' && view.entity(a.entity)?.role !== 'object';
          if (hit) {
            found = { first: a, second: b, chain };
            break;
          }
        }
      }
      if (found) break;
    }
    if (!found) continue;
    const { first, second, chain } = found;
    const anchor = chain ? { start: first.span.start, end: second.span.end } : second.span;
    const sectionTitle = view.section(flow.section).title;
    const ids = [first.entity, second.entity];
    ids.forEach((id) => candidates.add(id));
    const name = chain ? view.textOf(second.statement, 100) : sectionTitle;
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
      name: anchor.title,
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

/** The heading of the shallowest, earliest section with the first role that exists. */
export function sectionAnchor(view: ModelView, roles: string[]): { span: Span; title: string; section: number } | undefined {
  for (const role of roles) {
    const candidates = view.model.sections.filter((s) => s.depth > 0 && s.roles.includes(role));
    if (candidates.length === 0) continue;
    const minDepth = Math.min(...candidates.map((s) => s.depth));
    const s = candidates.find((c) => c.depth === minDepth)!;
    return { span: { start: s.heading.start, end: firstLineEnd(view, s.heading.start) }, title: s.title, section: s.index };
  }
  return undefined;
}

export { statementAt };
