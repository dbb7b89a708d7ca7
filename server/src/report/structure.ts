import type { ModelView } from '../engine/context';
import { statementIndexAt } from '../model/statementAt';
import type { DesignModel, Entity, Flow, Span, Statement } from '../model/types';
import type { Vocabulary } from '../vocabulary/vocabulary';
import type { Criticality, DependencyReason } from './text';
import { describedBy } from './markdown';

/**
 * Phase 1 of the review, read from the design model: the doc's own components and what they
 * use, the data-flow paths, the dependencies ranked by criticality (and why), and the
 * reliability mechanisms the doc states, each with where it says so.
 */

export interface ComponentFacts {
  entity: Entity;
  /** what the doc says the component does */
  description?: string;
  /** datastores, queues and services the component's own statements name */
  uses: Entity[];
  at: number;
}

export interface FlowFacts {
  flow: Flow;
  title: string;
  /** the path as the doc draws it, or as its numbered steps name the parts */
  path: string[];
  at: number;
}

export interface DependencyFacts {
  entity: Entity;
  level: Criticality;
  reason: DependencyReason;
  /** what the doc says about it (its row in the stack table, its list item) */
  described?: string;
  usedBy: string[];
  flows: string[];
  at: number;
}

export interface MechanismPlace {
  section: number;
  title: string;
  statement: Statement;
  span: Span;
  /** infrastructure and components the statement names: what the mechanism is stated for */
  names: string[];
}

export interface MechanismFacts {
  concept: string;
  label: string;
  places: MechanismPlace[];
}

export interface Structure {
  components: ComponentFacts[];
  flows: FlowFacts[];
  dependencies: DependencyFacts[];
  mechanisms: MechanismFacts[];
  /** entity id → the components that use it */
  usersOf: Map<string, string[]>;
  /** entity or endpoint id → titles of the flows that involve it */
  flowsOf: Map<string, string[]>;
}

/** Kinds that are not dependencies in their own right: where code runs, the protocol it speaks. */
const NOT_DEPENDENCIES = new Set(['component', 'compute', 'realtime']);
const OPERATIONS = new Set(['monitoring', 'logging', 'tracing', 'ci', 'scheduler']);

export function analyseStructure(view: ModelView, vocab: Vocabulary): Structure {
  const model = view.model;
  const entities = [...model.entities.values()].filter((e) => !e.generic);
  // "AWS Secrets Manager" read as a component too: it is the managed service, not the doc's own
  const infraNames = new Set(entities.filter((e) => e.kind !== 'component').map((e) => e.name.toLowerCase()));
  const ownComponent = (e: Entity | undefined) => !!e && e.kind === 'component' && !infraNames.has(e.name.toLowerCase());
  const usersOf = componentUses(view, ownComponent);
  const flows = flowFacts(view);
  const flowsOf = new Map<string, string[]>();
  for (const f of flows) {
    for (const i of [...f.flow.chains, ...f.flow.steps, ...view.statementsIn(f.flow.section).map((s) => s.index)]) {
      const st = model.statements[i]!;
      for (const id of [...st.entities.map((h) => h.entity), ...st.endpoints.map((h) => h.endpoint)]) {
        const list = flowsOf.get(id) ?? [];
        if (!list.includes(f.title)) list.push(f.title);
        flowsOf.set(id, list);
      }
    }
  }
  const components = entities
    .filter(ownComponent)
    .map((e) => ({
      entity: e,
      description: componentDescription(view, e),
      uses: entities.filter((d) => d.kind !== 'component' && (usersOf.get(d.id) ?? []).includes(e.name)),
      at: e.mentions[0]!.start,
    }));
  const order: Criticality[] = ['critical', 'high', 'medium', 'low'];
  const dependencies = entities
    .filter((e) => !NOT_DEPENDENCIES.has(e.kind) && !carriedByNamedQueue(e, entities))
    .map((e) => {
      const { level, reason } = criticalityOf(e);
      return { entity: e, level, reason, described: dependencyDescription(view, e), usedBy: usersOf.get(e.id) ?? [], flows: flowsOf.get(e.id) ?? [], at: e.mentions[0]!.start };
    })
    .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.at - b.at);
  return { components, flows, dependencies, mechanisms: mechanisms(view, vocab), usersOf, flowsOf };
}

/** "Amazon SQS" is listed through the named queue it carries (`order-events`), not twice. */
function carriedByNamedQueue(e: Entity, all: Entity[]): boolean {
  return all.some((q) => q.tech === e.id);
}

export function criticalityOf(e: Entity): { level: Criticality; reason: DependencyReason } {
  switch (e.kind) {
    case 'external':
      if (e.role === 'auth') return { level: 'critical', reason: 'auth' };
      if (e.role === 'payment') return { level: 'critical', reason: 'payment' };
      return { level: 'medium', reason: 'deferrable' };
    case 'datastore':
      if (e.role === 'cache') return { level: 'high', reason: 'cache' };
      if (e.role === 'object') return { level: 'high', reason: 'files' };
      if (e.role === 'search') return { level: 'medium', reason: 'search' };
      if (e.role === 'warehouse' || e.role === 'timeseries') return { level: 'low', reason: 'analytics' };
      return { level: 'critical', reason: 'record' };
    case 'queue':
    case 'stream':
    case 'pubsub':
      return { level: 'high', reason: 'messaging' };
    case 'loadbalancer':
    case 'gateway':
      return { level: 'critical', reason: 'traffic' };
    case 'cdn':
      return { level: 'high', reason: 'frontend' };
    case 'secrets':
      return { level: 'medium', reason: 'secrets' };
    default:
      return { level: OPERATIONS.has(e.kind) ? 'low' : 'medium', reason: OPERATIONS.has(e.kind) ? 'operations' : 'deferrable' };
  }
}

/** Statements that can say what a component uses: prose, list items and table rows, not drawings or arrow chains. */
function usable(st: Statement): boolean {
  return st.kind !== 'code' && st.kind !== 'heading' && !st.tableHeader && !st.chain;
}

/**
 * Which component uses which dependency: in each statement, a dependency belongs to the nearest
 * component named before it ("Message Service asks the Notification Service to send FCM pushes"
 * gives FCM to the Notification Service), else to the first one named, else to the component
 * the section's heading names.
 */
function componentUses(view: ModelView, ownComponent: (e: Entity | undefined) => boolean): Map<string, string[]> {
  const model = view.model;
  const out = new Map<string, string[]>();
  const isComponent = (id: string) => ownComponent(model.entities.get(id));
  for (const st of model.statements) {
    if (!usable(st)) continue;
    const hits = [...st.entities].sort((a, b) => a.start - b.start);
    const comps = hits.filter((h) => isComponent(h.entity));
    const fallback = comps[0]?.entity ?? headingComponent(view, st.section, isComponent);
    for (const h of hits) {
      const e = model.entities.get(h.entity);
      if (!e || isComponent(e.id) || e.kind === 'compute' || e.generic) continue;
      const before = comps.filter((c) => c.start < h.start).pop()?.entity ?? fallback;
      if (!before) continue;
      const name = model.entities.get(before)!.name;
      const list = out.get(e.id) ?? [];
      if (!list.includes(name)) list.push(name);
      out.set(e.id, list);
    }
  }
  return out;
}

/** The one component a section's heading (or its parent's) is about, if any. */
function headingComponent(view: ModelView, section: number, isComponent: (id: string) => boolean): string | undefined {
  for (const s of view.sectionChain(section)) {
    const heading = view.statementsIn(s.index).find((st) => st.kind === 'heading');
    const comps = heading?.entities.filter((h) => isComponent(h.entity)) ?? [];
    if (comps.length === 1) return comps[0]!.entity;
    if (comps.length > 1) return undefined;
  }
  return undefined;
}

/** Its row in a components table, the list item that starts with it, or the text under its own heading. */
function componentDescription(view: ModelView, e: Entity): string | undefined {
  const model = view.model;
  for (const m of e.mentions) {
    const st = statementAt(model, m.start);
    if (st?.kind !== 'heading') continue;
    const first = view.statementsIn(st.section).find((s) => s.kind === 'paragraph' || s.kind === 'listItem');
    if (first) return describedBy(model, first, { start: first.start, end: first.start }, 120);
  }
  for (const m of e.mentions) {
    const st = statementAt(model, m.start);
    if (!st || !usable(st)) continue;
    const lead = model.text.slice(st.start, m.start).replace(/[\s|*_`#>\-+\d.)]/g, '');
    if (lead !== '') continue;
    const text = describedBy(model, st, m, 120).replace(new RegExp(`^${escapeRegExp(e.name)}\\s*[:：—-]\\s*`, 'i'), '');
    if (saysMoreThanNames(model, text)) return text;
  }
  return undefined;
}

/** "Auth Service, Message Service" (a row of a dependency table) names things but describes nothing. */
function saysMoreThanNames(model: DesignModel, text: string): boolean {
  let rest = text;
  for (const e of model.entities.values()) rest = rest.split(e.name).join('');
  return rest.replace(/[\s,、;:()（）/+—\-.。]|and|or/g, '').length >= 3;
}

/** What the doc says about a dependency: the table rows and list items that introduce it (at most two). */
function dependencyDescription(view: ModelView, e: Entity): string | undefined {
  const model = view.model;
  const parts: string[] = [];
  for (const m of e.mentions) {
    const st = statementAt(model, m.start);
    if (!st || (st.kind !== 'tableRow' && st.kind !== 'listItem') || st.tableHeader || st.chain) continue;
    // part of an identifier ("auth0_user_id"), not the dependency
    if (/[\w]/.test(model.text[m.end] ?? '') || /[\w]/.test(model.text[m.start - 1] ?? '')) continue;
    if (!introduces(model.text.slice(st.start, m.start), st.kind === 'tableRow')) continue;
    const text = describedBy(model, st, m, 80);
    if (text && saysMoreThanNames(model, text) && !parts.includes(text)) parts.push(text.replace(/[.。]$/, ''));
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * Does the text before a mention make the statement about it? In a table row: the mention
 * opens its cell or follows other names ("Slack API, SendGrid"); in a list item: it comes
 * first, after at most a short label ("Notifications: FCM …").
 */
function introduces(before: string, tableRow: boolean): boolean {
  if (tableRow) {
    // the first two columns name things; later ones describe them ("| integrations | … | Slack / Google |")
    const cells = before.replace(/^\s*\|/, '').split('|');
    if (cells.length > 2) return false;
    return /^(?:\s*[^,;:.()|]{1,40}\s*[,+/、]\s*)*\s*[*_`]*$/.test(cells[cells.length - 1]!);
  }
  const lead = before.replace(/^\s*(?:[-*+]|\d+[.)])\s*/, '').replace(/[*_`]/g, '');
  return /^(?:[^:：]{0,24}[:：])?\s*(?:one|an?|the)?\s*$/i.test(lead);
}

function flowFacts(view: ModelView): FlowFacts[] {
  const model = view.model;
  const out: FlowFacts[] = [];
  for (const flow of model.flows) {
    const section = view.section(flow.section);
    const standalone = flow.chains.map((i) => model.statements[i]!).find((st) => !flow.steps.includes(st.index));
    const path = standalone ? chainNodes(model, standalone) : stepPath(model, flow);
    // a chain of states ("PENDING → PAID → SHIPPED") names no part of the system: not a data flow
    const statements = [...flow.chains, ...flow.steps].map((i) => model.statements[i]!);
    if (!statements.some((st) => st.entities.length > 0) || path.length < 2) continue;
    out.push({ flow, title: section.title, path, at: section.heading.start });
  }
  return out;
}

function chainNodes(model: DesignModel, st: Statement): string[] {
  const nodes = st.chain!.map((s) => model.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim());
  const last = nodes.length - 1;
  return nodes
    .map((n, i) => {
      let t = n;
      if (i === 0) t = t.replace(/^.*[:：]\s*/, ''); // "In short: Browser"
      if (i === last) t = t.replace(/\s*[:：].*$/, '').replace(/[.。]$/, ''); // "API Gateway Service: POST …"
      return t.replace(/\*\*|`/g, '');
    })
    .filter(Boolean);
}

/** No arrow chain of its own: the parts the numbered steps name, in order. */
function stepPath(model: DesignModel, flow: Flow): string[] {
  const names: string[] = [];
  const add = (n: string) => {
    if (!names.some((x) => x.toLowerCase() === n.toLowerCase())) names.push(n);
  };
  for (const i of flow.steps) {
    const st = model.statements[i]!;
    if (st.chain) {
      for (const n of chainNodes(model, st)) add(n);
      continue;
    }
    for (const h of [...st.entities].sort((a, b) => a.start - b.start)) {
      const e = model.entities.get(h.entity);
      if (e && e.kind !== 'compute' && !e.generic) add(e.name);
    }
  }
  return names;
}

function mechanisms(view: ModelView, vocab: Vocabulary): MechanismFacts[] {
  const model = view.model;
  const out: MechanismFacts[] = [];
  for (const [id, concept] of vocab.concepts) {
    if (!concept.label) continue;
    const places: MechanismPlace[] = [];
    for (const st of view.statementsWith(id)) {
      if (st.tableHeader || st.kind === 'code') continue;
      const spans = view.assertedConcepts(st).get(id);
      if (!spans) continue;
      const names = [...new Set(st.entities.map((h) => model.entities.get(h.entity)).filter((e): e is Entity => !!e && !e.generic && e.kind !== 'compute').map((e) => e.name))];
      places.push({ section: st.section, title: view.section(st.section).title, statement: st, span: spans[0]!, names });
    }
    if (places.length) out.push({ concept: id, label: concept.label[view.language], places });
  }
  return out;
}

function statementAt(model: DesignModel, offset: number): Statement | undefined {
  const st = model.statements[statementIndexAt(model.statements, offset)];
  return st && st.start <= offset && offset <= st.end ? st : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
