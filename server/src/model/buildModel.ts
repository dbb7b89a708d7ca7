import YAML from 'yaml';
import { blocksOf } from '../parse/blocks';
import { splitChunks } from '../parse/chunks';
import { LineIndex } from '../parse/lineIndex';
import type { Vocabulary } from '../vocabulary/vocabulary';
import { statementFacts, type StatementFacts } from './statementFacts';
import type { DesignModel, Endpoint, Entity, EntityHit, Flow, Language, Section, Statement } from './types';

/**
 * Markdown → design model, built from independent per-chunk parts that are merged. A part
 * depends only on its chunk's text, so after an edit only the chunks whose text changed are
 * parsed and read again; the merge is cheap and always runs over the whole document, which
 * keeps incremental and from-scratch results identical.
 */
interface ChunkPart {
  facts: StatementFacts[];
}

export class ModelBuilder {
  private cache = new Map<string, ChunkPart>();
  /** chunks parsed by the last build (the rest came from the cache) */
  lastParsedChunks = 0;

  constructor(private readonly vocab: Vocabulary) {}

  build(text: string): DesignModel {
    const spans = splitChunks(text);
    const next = new Map<string, ChunkPart>();
    const facts: StatementFacts[] = [];
    this.lastParsedChunks = 0;
    for (const span of spans) {
      const chunkText = text.slice(span.start, span.end);
      let part = next.get(chunkText) ?? this.cache.get(chunkText);
      if (!part) {
        part = { facts: blocksOf(chunkText).map((b) => statementFacts(chunkText, b, this.vocab)) };
        this.lastParsedChunks++;
      }
      next.set(chunkText, part);
      for (const f of part.facts) facts.push(shift(f, span.start));
    }
    this.cache = next;
    return mergeModel(text, facts, this.vocab);
  }
}

function shift(f: StatementFacts, by: number): StatementFacts {
  if (by === 0) return f;
  const s = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start + by, end: x.end + by });
  return {
    ...f,
    start: f.start + by,
    end: f.end + by,
    block: { ...f.block, start: f.block.start + by, end: f.block.end + by, list: f.block.list !== undefined ? f.block.list + by : undefined, table: f.block.table !== undefined ? f.block.table + by : undefined },
    concepts: f.concepts.map(s),
    techs: f.techs.map(s),
    components: f.components.map(s),
    partners: f.partners.map(s),
    namedQueues: f.namedQueues.map(s),
    endpoints: f.endpoints.map(s),
    figures: f.figures.map(s),
    chain: f.chain?.map(s),
  };
}

export function detectLanguage(text: string, frontMatter?: Record<string, unknown>): Language {
  const declared = frontMatter?.lang ?? frontMatter?.language;
  if (declared === 'ja' || declared === 'en') return declared;
  let cjk = 0;
  let latin = 0;
  const n = Math.min(text.length, 200_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff)) cjk++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  // Japanese prose carries many Latin product names; a modest share of kana/kanji decides it
  return cjk > 0 && cjk * 4 >= latin * 0.5 ? 'ja' : 'en';
}

function headingTitle(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/^ {0,3}#{1,6}\s*/, '').replace(/\s+#+\s*$/, '').trim();
}

export function mergeModel(text: string, facts: StatementFacts[], vocab: Vocabulary): DesignModel {
  const lines = new LineIndex(text);
  let frontMatter: Record<string, unknown> | undefined;
  const fm = facts.find((f) => f.block.kind === 'frontmatter');
  if (fm) {
    try {
      const raw = text.slice(fm.start, fm.end).replace(/^---\s*\n?/, '').replace(/\n?---\s*$/, '');
      const parsed = YAML.parse(raw);
      if (parsed && typeof parsed === 'object') frontMatter = parsed as Record<string, unknown>;
    } catch {
      // malformed front matter is just text; the analysis goes on without it
    }
  }

  // sections
  const sections: Section[] = [{ index: 0, depth: 0, title: '', heading: { start: 0, end: 0 }, start: 0, end: text.length, ownEnd: text.length, parent: null, roles: [] }];
  for (const f of facts) {
    if (f.block.kind !== 'heading') continue;
    const depth = f.block.depth ?? 1;
    const title = headingTitle(text, f.start, f.end);
    const roles = [...new Set(vocab.roleMatcher.match(title).map((h) => h.value))];
    let parent = sections.length - 1;
    while (parent > 0 && sections[parent]!.depth >= depth) parent = sections[parent]!.parent ?? 0;
    sections.push({ index: sections.length, depth, title, heading: { start: f.start, end: f.end }, start: f.start, end: text.length, ownEnd: text.length, parent, roles });
  }
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    const next = sections[i + 1];
    s.ownEnd = next ? next.start : text.length;
    const closing = sections.slice(i + 1).find((n) => n.depth <= s.depth && s.depth > 0);
    s.end = closing ? closing.start : text.length;
  }
  if (sections.length > 1 && sections[1]!.start === 0) sections[0]!.end = sections[0]!.ownEnd = 0;

  // the technologies named in the document decide what platform and generic words refer to
  const named = new Map<string, string[]>(); // kind/role → tech ids
  for (const f of facts) {
    for (const t of f.techs) {
      if (t.tech.platform || t.tech.generic) continue;
      const key = `${t.tech.kind}/${t.tech.role ?? ''}`;
      const list = named.get(key) ?? [];
      if (!list.includes(t.tech.id)) list.push(t.tech.id);
      named.set(key, list);
    }
  }
  const namedKinds = new Set([...named.keys()].map((k) => k.split('/')[0]));

  // a queue the doc has introduced ("the SQS queue `orders`") is later named by its name alone
  const queueNames = new Map<string, { techId: string; noun: string; order: number }>();
  for (const f of facts) for (const q of f.namedQueues) if (!queueNames.has(q.name)) queueNames.set(q.name, { techId: f.techs[q.techIndex]!.tech.id, noun: q.noun, order: queueNames.size });
  // the first section whose heading starts there (as findIndex gave), without a scan per heading
  const headingSection = new Map<number, number>();
  // (not the preamble: its empty heading span also starts at 0, where a doc's title heading may be)
  sections.forEach((s, i) => { if (s.depth > 0 && !headingSection.has(s.heading.start)) headingSection.set(s.heading.start, i); });

  const entities = new Map<string, Entity>();
  const endpoints = new Map<string, Endpoint>();
  const statements: Statement[] = [];
  let section = 0;
  for (const f of facts) {
    if (f.block.kind === 'heading') section = headingSection.get(f.start) ?? -1;
    const index = statements.length;
    const st: Statement = {
      index,
      kind: f.block.kind,
      start: f.start,
      end: f.end,
      section,
      ordered: f.block.ordered,
      list: f.block.list,
      level: f.block.level,
      table: f.block.table,
      tableHeader: f.block.tableHeader,
      concepts: f.concepts,
      entities: [],
      endpoints: [],
      figures: f.figures.map((g) => ({ ...g, statement: index })),
      chain: f.chain,
    };
    const mention = (e: Omit<Entity, 'mentions'>, start: number, end: number, generic = false, reference = false) => {
      let ent = entities.get(e.id);
      if (!ent) entities.set(e.id, (ent = { ...e, mentions: [] }));
      const hit: EntityHit = { entity: e.id, start, end, ...(generic ? { generic } : {}), ...(reference ? { reference } : {}) };
      ent.mentions.push(hit);
      st.entities.push(hit);
    };
    for (const t of f.techs) {
      let tech = t.tech;
      if (tech.platform || tech.generic) {
        // "PostgreSQL 15 (Amazon RDS)": the platform names the engine beside it or the only one
        const key = `${tech.kind}/${tech.role ?? ''}`;
        const beside = f.techs.find((o) => o !== t && !o.tech.platform && !o.tech.generic && o.tech.kind === tech.kind && (o.tech.role === tech.role || tech.generic));
        if (beside) continue;
        const only = named.get(key);
        if (only && only.length === 1) tech = vocab.technologies.get(only[0]!)!;
        else if (tech.generic && namedKinds.has(tech.kind)) continue;
      }
      mention({ id: tech.id, name: tech.name, kind: tech.kind, role: tech.role, semantics: tech.semantics, generic: tech.generic }, t.start, t.end, !!t.tech.generic && !tech.generic);
    }
    for (const q of f.namedQueues) {
      const tech = f.techs[q.techIndex]!.tech;
      mention({ id: `queue:${q.name}`, name: q.name, kind: tech.kind, semantics: tech.semantics, tech: tech.id, noun: q.noun }, q.start, q.end);
    }
    if (f.block.kind !== 'code') {
      // every `code span` looked up by name (linear; trying each name on each statement was quadratic)
      const body = text.slice(f.start, f.end);
      const found: { name: string; q: { techId: string; noun: string; order: number }; at: number }[] = [];
      for (let at = body.indexOf('`'); at >= 0; at = body.indexOf('`', at + 1)) {
        const close = body.indexOf('`', at + 1);
        if (close < 0) break;
        const name = body.slice(at + 1, close);
        const q = queueNames.get(name);
        if (q) found.push({ name, q, at });
      }
      found.sort((a, b) => a.q.order - b.q.order || a.at - b.at);
      for (const { name, q, at } of found) {
        const tech = vocab.technologies.get(q.techId)!;
        const start = f.start + at + 1;
        if (f.namedQueues.some((n) => n.start === start)) continue;
        mention({ id: `queue:${name}`, name, kind: tech.kind, semantics: tech.semantics, tech: tech.id, noun: q.noun }, start, start + name.length, false, true);
      }
    }
    for (const p of f.partners) {
      mention({ id: `external:${p.name.toLowerCase().replace(/\s+/g, ' ')}`, name: p.name, kind: 'external' }, p.start, p.end);
    }
    for (const c of f.components) {
      const key = c.name.toLowerCase().replace(/[\s-]+/g, ' ').replace(/s$/, '');
      mention({ id: `component:${key}`, name: c.name.replace(/(?<=[a-z])s$/, ''), kind: 'component' }, c.start, c.end);
    }
    for (const e of f.endpoints) {
      const normPath = e.path.split('?')[0]!.replace(/\{[^}]*\}|:[A-Za-z_]+/g, '{}').replace(/\/$/, '');
      const id = `${e.method} ${normPath}`;
      let ep = endpoints.get(id);
      if (!ep) {
        const segments = normPath.split('/').filter((s) => s && s !== '{}' && !/^v\d+$/.test(s) && s !== 'api');
        endpoints.set(id, (ep = { id, method: e.method, path: e.path, resource: segments[segments.length - 1] ?? normPath, mentions: [] }));
      }
      ep.mentions.push({ endpoint: id, start: e.start, end: e.end, statement: index });
      st.endpoints.push({ endpoint: id, start: e.start, end: e.end });
    }
    st.entities.sort((a, b) => a.start - b.start);
    statements.push(st);
  }

  const flows = flowsOf(sections, statements);
  return {
    text,
    lines,
    language: detectLanguage(text, frontMatter),
    sections,
    statements,
    entities,
    endpoints,
    flows,
    figures: statements.flatMap((s) => s.figures),
    frontMatter,
  };
}

function hasRole(sections: Section[], index: number, role: string): boolean {
  for (let i: number | null = index; i !== null; i = sections[i]!.parent) if (sections[i]!.roles.includes(role)) return true;
  return false;
}

/** A flow: a section that draws an arrow chain or numbers the steps of a data flow. */
function flowsOf(sections: Section[], statements: Statement[]): Flow[] {
  const flows: Flow[] = [];
  const bySection = new Map<number, Statement[]>();
  for (const st of statements) {
    const list = bySection.get(st.section);
    if (list) list.push(st);
    else bySection.set(st.section, [st]);
  }
  for (const s of sections) {
    const own = bySection.get(s.index) ?? [];
    const chains = own.filter((st) => st.chain && st.kind !== 'code').map((st) => st.index);
    const steps = own.filter((st) => st.kind === 'listItem' && st.ordered).map((st) => st.index);
    const isFlow = chains.length > 0 || (steps.length >= 2 && hasRole(sections, s.index, 'data-flow'));
    if (isFlow) flows.push({ section: s.index, chains, steps: hasRole(sections, s.index, 'data-flow') || chains.length ? steps : [] });
  }
  return flows;
}
