import YAML from 'yaml';
import { blocksOf } from '../parse/blocks';
import { splitChunks } from '../parse/chunks';
import { LineIndex, lineStartsOf } from '../parse/lineIndex';
import type { Vocabulary } from '../vocabulary/vocabulary';
import { statementFacts, type StatementFacts } from './statementFacts';
import type { DesignModel, Endpoint, Entity, EntityHit, Flow, Language, ModelChunk, Section, Span, Statement } from './types';

/**
 * Markdown → design model, built from independent per-chunk parts that are merged. A part
 * depends only on its chunk's text, so after an edit only the chunks whose text changed are
 * parsed and read again. The merge runs over the whole document, which keeps incremental and
 * from-scratch results identical, but it is cheap for chunks an edit did not touch: a chunk
 * whose document-wide names are unchanged reuses its statements, moved in place when the edit
 * changed where the chunk starts (its offset, statement and section numbering); any other chunk
 * builds its statements from its chunk-relative facts.
 *
 * Moving in place means the model of a keyed analysis is valid until the next analysis of that
 * key (the language server keeps no older model); what is cached per statement object must
 * therefore hold the statement's own span objects or offsets relative to the statement.
 */
interface ChunkPart {
  /** the chunk's length */
  size: number;
  /** facts with offsets relative to the chunk */
  facts: StatementFacts[];
  /** kana/kanji and Latin letters of the chunk, for the language guess */
  cjk: number;
  latin: number;
  /** title and roles of each heading fact (by fact index), read once */
  headings: (HeadingInfo | undefined)[];
  /** the statements of the last merge that placed the chunk, and what they depended on */
  built?: BuiltChunk;
  /** pattern answers about the chunk's text (documentMatches) */
  matches: Map<RegExp, boolean>;
  /** where the chunk's lines after its first start, relative to the chunk */
  lineStarts: number[];
  /** read once: the specific technologies the chunk names (kind/role key, id) */
  named?: { key: string; id: string }[];
}

interface HeadingInfo {
  title: string;
  roles: string[];
}

interface BuiltChunk {
  /** where the chunk is placed: its offset, its first statement's index, the section it starts in */
  at: number;
  firstIndex: number;
  section: number;
  /** the merge that placed it last: a chunk whose text occurs twice in a document is built twice */
  merge: number;
  /** the document-wide names the chunk's entities were resolved against */
  names: string;
  statements: Statement[];
  /** entity mentions in the order they were made (an entity's mentions list keeps that order) */
  mentions: { entity: Omit<Entity, 'mentions'>; hit: EntityHit }[];
  endpoints: { endpoint: Omit<Endpoint, 'mentions'>; hit: Endpoint['mentions'][number] }[];
  /** the section the chunk's last statement is in */
  sectionOut: number;
}

interface PlacedChunk {
  part: ChunkPart;
  at: number;
}

export class ModelBuilder {
  /** the chunks of the last build, in document order */
  private last: { text: string; part: ChunkPart }[] = [];
  private frontMatterCache: { raw: string; value: Record<string, unknown> | undefined } | undefined;
  private merges = 0;
  /** chunks parsed by the last build (the rest came from the cache) */
  lastParsedChunks = 0;

  constructor(private readonly vocab: Vocabulary) {}

  build(text: string): DesignModel {
    const spans = splitChunks(text);
    const texts = spans.map((s) => text.slice(s.start, s.end));
    const parts = this.knownParts(texts);
    const chunks: PlacedChunk[] = [];
    this.lastParsedChunks = 0;
    // the language is guessed from the first LANGUAGE_SAMPLE characters: whole chunks by their counts
    const letters = { cjk: 0, latin: 0 };
    const fresh = new Map<string, ChunkPart>();
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      const chunkText = texts[i]!;
      let part = parts[i] ?? fresh.get(chunkText);
      if (!part) {
        const counts = letterCounts(chunkText, 0, chunkText.length);
        part = { size: chunkText.length, facts: blocksOf(chunkText).map((b) => statementFacts(chunkText, b, this.vocab)), cjk: counts.cjk, latin: counts.latin, headings: [], matches: new Map(), lineStarts: lineStartsOf(chunkText) };
        fresh.set(chunkText, part);
        this.lastParsedChunks++;
      }
      parts[i] = part;
      chunks.push({ part, at: span.start });
      if (span.end <= LANGUAGE_SAMPLE) {
        letters.cjk += part.cjk;
        letters.latin += part.latin;
      } else if (span.start < LANGUAGE_SAMPLE) {
        const c = letterCounts(text, span.start, LANGUAGE_SAMPLE);
        letters.cjk += c.cjk;
        letters.latin += c.latin;
      }
    }
    this.last = texts.map((t, i) => ({ text: t, part: parts[i]! }));
    return this.merge(text, chunks, letters);
  }

  /**
   * The parts of the last build that chunks of the same text can reuse. An edit leaves the chunks
   * before and after it in place, so those are matched by position (comparing texts, which is
   * cheaper than hashing every chunk of the document); the ones between, by text (a section moved
   * or pasted elsewhere).
   */
  private knownParts(texts: string[]): (ChunkPart | undefined)[] {
    const last = this.last;
    const out = new Array<ChunkPart | undefined>(texts.length);
    let head = 0;
    while (head < texts.length && head < last.length && last[head]!.text === texts[head]) out[head] = last[head++]!.part;
    let tail = 0;
    while (tail < texts.length - head && tail < last.length - head && last[last.length - 1 - tail]!.text === texts[texts.length - 1 - tail]) {
      out[texts.length - 1 - tail] = last[last.length - 1 - tail]!.part;
      tail++;
    }
    if (head + tail < texts.length && head + tail < last.length) {
      const byText = new Map<string, ChunkPart>();
      for (let i = head; i < last.length - tail; i++) byText.set(last[i]!.text, last[i]!.part);
      for (let i = head; i < texts.length - tail; i++) out[i] = byText.get(texts[i]!);
    }
    return out;
  }

  private parseFrontMatter(raw: string): Record<string, unknown> | undefined {
    if (this.frontMatterCache?.raw === raw) return this.frontMatterCache.value;
    let value: Record<string, unknown> | undefined;
    try {
      const parsed = YAML.parse(raw);
      if (parsed && typeof parsed === 'object') value = parsed as Record<string, unknown>;
    } catch {
      // malformed front matter is just text; the analysis goes on without it
    }
    this.frontMatterCache = { raw, value };
    return value;
  }

  private merge(text: string, chunks: PlacedChunk[], letters: { cjk: number; latin: number }): DesignModel {
    const vocab = this.vocab;
    const lineStarts = [0];
    for (const { part, at } of chunks) for (const r of part.lineStarts) lineStarts.push(at + r);
    const lines = new LineIndex(text, lineStarts);
    let frontMatter: Record<string, unknown> | undefined;
    // (front matter opens the document, so it is in the first chunk)
    const fm = chunks[0]?.part.facts.find((f) => f.block.kind === 'frontmatter');
    if (fm) frontMatter = this.parseFrontMatter(text.slice(fm.start, fm.end).replace(/^---\s*\n?/, '').replace(/\n?---\s*$/, ''));

    // sections
    const sections: Section[] = [{ index: 0, depth: 0, title: '', heading: { start: 0, end: 0 }, start: 0, end: text.length, ownEnd: text.length, parent: null, roles: [] }];
    for (const { part, at } of chunks) {
      for (let k = 0; k < part.facts.length; k++) {
        const f = part.facts[k]!;
        if (f.block.kind !== 'heading') continue;
        const depth = f.block.depth ?? 1;
        let info = part.headings[k];
        if (!info) {
          const title = headingTitle(text, at + f.start, at + f.end);
          info = part.headings[k] = { title, roles: [...new Set(vocab.roleMatcher.match(title).map((h) => h.value))] };
        }
        let parent = sections.length - 1;
        while (parent > 0 && sections[parent]!.depth >= depth) parent = sections[parent]!.parent ?? 0;
        const start = at + f.start;
        sections.push({ index: sections.length, depth, title: info.title, heading: { start, end: at + f.end }, start, end: text.length, ownEnd: text.length, parent, roles: [...info.roles] });
      }
    }
    for (let i = 0; i < sections.length; i++) {
      const s = sections[i]!;
      const next = sections[i + 1];
      s.ownEnd = next ? next.start : text.length;
      let closing: Section | undefined;
      if (s.depth > 0) {
        for (let j = i + 1; j < sections.length; j++) {
          if (sections[j]!.depth <= s.depth) {
            closing = sections[j];
            break;
          }
        }
      }
      s.end = closing ? closing.start : text.length;
    }
    if (sections.length > 1 && sections[1]!.start === 0) sections[0]!.end = sections[0]!.ownEnd = 0;

    // the technologies named in the document decide what platform and generic words refer to
    const named = new Map<string, string[]>(); // kind/role → tech ids
    for (const { part } of chunks) {
      for (const { key, id } of (part.named ??= namedTechs(part))) {
        const list = named.get(key);
        if (!list) named.set(key, [id]);
        else if (!list.includes(id)) list.push(id);
      }
    }
    const namedKinds = new Set([...named.keys()].map((k) => k.split('/')[0]));

    // a queue the doc has introduced ("the SQS queue `orders`") is later named by its name alone
    const queueNames = new Map<string, QueueName>();
    for (const { part } of chunks) {
      for (const f of part.facts) {
        if (f.namedQueues.length === 0) continue;
        for (const q of f.namedQueues) if (!queueNames.has(q.name)) queueNames.set(q.name, { techId: f.techs[q.techIndex]!.tech.id, noun: q.noun, order: queueNames.size });
      }
    }
    // what a chunk's entities depend on beyond its own text
    let names = '';
    for (const [key, ids] of named) names += `${key}=${ids.join(',')};`;
    names += '|';
    for (const [name, q] of queueNames) names += `${name}\u0000${q.techId}\u0000${q.noun};`;

    const ctx: MergeContext = { text, vocab, named, namedKinds, queueNames };
    const entities = new Map<string, Entity>();
    const endpoints = new Map<string, Endpoint>();
    const statements: Statement[] = [];
    const figures: Statement['figures'] = [];
    let section = 0;
    let headingsBefore = 0;
    const merge = ++this.merges;
    for (const { part, at } of chunks) {
      let built = part.built;
      if (!built || built.names !== names || built.merge === merge) built = part.built = buildChunk(ctx, part, at, statements.length, section, headingsBefore, names);
      else if (built.at !== at || built.firstIndex !== statements.length || built.section !== section) moveChunk(built, at, statements.length, section);
      built.merge = merge;
      for (const st of built.statements) {
        statements.push(st);
        for (const g of st.figures) figures.push(g);
      }
      for (const { entity, hit } of built.mentions) {
        let ent = entities.get(entity.id);
        if (!ent) entities.set(entity.id, (ent = { ...entity, mentions: [] }));
        ent.mentions.push(hit);
      }
      for (const { endpoint, hit } of built.endpoints) {
        let ep = endpoints.get(endpoint.id);
        if (!ep) endpoints.set(endpoint.id, (ep = { ...endpoint, mentions: [] }));
        ep.mentions.push(hit);
      }
      section = built.sectionOut;
      for (const f of part.facts) if (f.block.kind === 'heading') headingsBefore++;
    }

    const flows = flowsOf(sections, statements);
    const model: DesignModel = {
      text,
      lines,
      language: detectLanguage(text, frontMatter, letters),
      sections,
      statements,
      entities,
      endpoints,
      flows,
      figures,
      frontMatter,
    };
    const modelChunks: ModelChunk[] = chunks.map(({ part, at }) => ({ start: at, end: at + part.size, matches: part.matches }));
    Object.defineProperty(model, 'chunks', { value: modelChunks, enumerable: false });
    return model;
  }
}

/**
 * Does `re` match anywhere in the document? The same answer as `re.test(model.text)`, found chunk
 * by chunk with each chunk's answer kept across edits, so that a pattern run over the whole
 * document costs only the chunks an edit touched. A match across a chunk boundary includes the
 * line break before the boundary: the whitespace around each boundary is tested too, with
 * SEAM_REACH characters either side (widened to a word break). Patterns must therefore match
 * at most SEAM_REACH non-space characters on either side of a line break, must not end with a
 * line break, and must not use lookbehind; the document-wide checks' patterns are like that.
 */
export function documentMatches(model: DesignModel, re: RegExp): boolean {
  const test = (s: string) => {
    re.lastIndex = 0;
    const r = re.test(s);
    re.lastIndex = 0;
    return r;
  };
  const chunks = model.chunks;
  if (!chunks) return test(model.text);
  const text = model.text;
  for (const c of chunks) {
    let r = c.matches.get(re);
    if (r === undefined) c.matches.set(re, (r = test(text.slice(c.start, c.end))));
    if (r) return true;
  }
  for (let i = 1; i < chunks.length; i++) {
    const b = chunks[i]!.start;
    let from = b - 1;
    while (from > 0 && WHITESPACE.test(text[from - 1]!)) from--;
    let to = b;
    while (to < text.length && WHITESPACE.test(text[to]!)) to++;
    from = Math.max(0, from - SEAM_REACH);
    while (from > 0 && !WHITESPACE.test(text[from - 1]!)) from--;
    to = Math.min(text.length, to + SEAM_REACH);
    while (to < text.length && !WHITESPACE.test(text[to]!)) to++;
    if (test(text.slice(from, to))) return true;
  }
  return false;
}

const SEAM_REACH = 64;
const WHITESPACE = /\s/;

interface QueueName {
  techId: string;
  noun: string;
  order: number;
}

interface MergeContext {
  text: string;
  vocab: Vocabulary;
  named: Map<string, string[]>;
  namedKinds: Set<string | undefined>;
  queueNames: Map<string, QueueName>;
}

/**
 * The statements of one chunk at offset `at`: `firstIndex` is the first statement's index,
 * `section` the section the chunk starts in, `headingsBefore` the headings before it (the k-th
 * heading of the document opens section k + 1).
 */
function buildChunk(ctx: MergeContext, part: ChunkPart, at: number, firstIndex: number, section: number, headingsBefore: number, names: string): BuiltChunk {
  const { text, vocab, named, namedKinds, queueNames } = ctx;
  const sectionIn = section;
  const statements: Statement[] = [];
  const mentions: BuiltChunk['mentions'] = [];
  const endpointHits: BuiltChunk['endpoints'] = [];
  let headings = headingsBefore;
  let st: Statement;
  const mention = (e: Omit<Entity, 'mentions'>, start: number, end: number, generic = false, reference = false) => {
    const hit: EntityHit = { entity: e.id, start, end, ...(generic ? { generic } : {}), ...(reference ? { reference } : {}) };
    mentions.push({ entity: e, hit });
    st.entities.push(hit);
  };
  for (const f of part.facts) {
    if (f.block.kind === 'heading') section = ++headings;
    const index = firstIndex + statements.length;
    const fStart = at + f.start;
    const fEnd = at + f.end;
    st = {
      index,
      kind: f.block.kind,
      start: fStart,
      end: fEnd,
      section,
      ordered: f.block.ordered,
      list: f.block.list !== undefined ? f.block.list + at : undefined,
      level: f.block.level,
      table: f.block.table !== undefined ? f.block.table + at : undefined,
      tableHeader: f.block.tableHeader,
      concepts: shiftSpans(f.concepts, at),
      entities: [],
      endpoints: [],
      figures: f.figures.map((g) => ({ ...g, start: g.start + at, end: g.end + at, statement: index })),
      chain: f.chain && shiftSpans(f.chain, at),
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
      mention({ id: tech.id, name: tech.name, kind: tech.kind, role: tech.role, semantics: tech.semantics, generic: tech.generic }, t.start + at, t.end + at, !!t.tech.generic && !tech.generic);
    }
    for (const q of f.namedQueues) {
      const tech = f.techs[q.techIndex]!.tech;
      mention({ id: `queue:${q.name}`, name: q.name, kind: tech.kind, semantics: tech.semantics, tech: tech.id, noun: q.noun }, q.start + at, q.end + at);
    }
    if (f.block.kind !== 'code' && queueNames.size > 0) {
      // every `code span` looked up by name (linear; trying each name on each statement was quadratic)
      const body = text.slice(fStart, fEnd);
      const found: { name: string; q: QueueName; at: number }[] = [];
      for (let i = body.indexOf('`'); i >= 0; i = body.indexOf('`', i + 1)) {
        const close = body.indexOf('`', i + 1);
        if (close < 0) break;
        const name = body.slice(i + 1, close);
        const q = queueNames.get(name);
        if (q) found.push({ name, q, at: i });
      }
      found.sort((a, b) => a.q.order - b.q.order || a.at - b.at);
      for (const { name, q, at: i } of found) {
        const tech = vocab.technologies.get(q.techId)!;
        const start = fStart + i + 1;
        if (f.namedQueues.some((n) => n.start + at === start)) continue;
        mention({ id: `queue:${name}`, name, kind: tech.kind, semantics: tech.semantics, tech: tech.id, noun: q.noun }, start, start + name.length, false, true);
      }
    }
    for (const p of f.partners) {
      mention({ id: `external:${p.name.toLowerCase().replace(/\s+/g, ' ')}`, name: p.name, kind: 'external' }, p.start + at, p.end + at);
    }
    for (const c of f.components) {
      const key = c.name.toLowerCase().replace(/[\s-]+/g, ' ').replace(/s$/, '');
      mention({ id: `component:${key}`, name: c.name.replace(/(?<=[a-z])s$/, ''), kind: 'component' }, c.start + at, c.end + at);
    }
    for (const e of f.endpoints) {
      const normPath = e.path.split('?')[0]!.replace(/\{[^}]*\}|:[A-Za-z_]+/g, '{}').replace(/\/$/, '');
      const id = `${e.method} ${normPath}`;
      const segments = normPath.split('/').filter((s) => s && s !== '{}' && !/^v\d+$/.test(s) && s !== 'api');
      // (the endpoint's fields come from its first mention in the document: the merge keeps the first)
      const endpoint = { id, method: e.method, path: e.path, resource: segments[segments.length - 1] ?? normPath };
      endpointHits.push({ endpoint, hit: { endpoint: id, start: e.start + at, end: e.end + at, statement: index } });
      st.endpoints.push({ endpoint: id, start: e.start + at, end: e.end + at });
    }
    st.entities.sort((a, b) => a.start - b.start);
    statements.push(st);
  }
  return { at, firstIndex, section: sectionIn, merge: 0, names, statements, mentions, endpoints: endpointHits, sectionOut: section };
}

/**
 * Moves a built chunk's statements, in place, to another offset, after another number of
 * statements and sections: the same as building them there (a chunk's statements depend on its
 * place only through these numbers), without making a new object for each statement and span.
 */
function moveChunk(built: BuiltChunk, at: number, firstIndex: number, section: number): void {
  const by = at - built.at;
  const dIndex = firstIndex - built.firstIndex;
  const dSection = section - built.section;
  for (const st of built.statements) {
    st.index += dIndex;
    st.start += by;
    st.end += by;
    st.section += dSection;
    if (st.list !== undefined) st.list += by;
    if (st.table !== undefined) st.table += by;
    moveSpans(st.concepts, by);
    // (an entity's mentions are these very hit objects)
    moveSpans(st.entities, by);
    moveSpans(st.endpoints, by);
    moveSpans(st.figures, by);
    for (const g of st.figures) g.statement = st.index;
    if (st.chain) moveSpans(st.chain, by);
  }
  for (const { hit } of built.endpoints) {
    hit.start += by;
    hit.end += by;
    hit.statement += dIndex;
  }
  built.at = at;
  built.firstIndex = firstIndex;
  built.section = section;
  built.sectionOut += dSection;
}

function moveSpans(xs: Span[], by: number): void {
  for (const x of xs) {
    x.start += by;
    x.end += by;
  }
}

/** Copies (never the facts' own objects: a placed statement's spans are moved in place). */
function shiftSpans<T extends { start: number; end: number }>(xs: T[], by: number): T[] {
  const out = new Array<T>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    out[i] = { ...x, start: x.start + by, end: x.end + by };
  }
  return out;
}

/** The specific technologies a chunk names, by kind and role: what platform and generic words may refer to. */
function namedTechs(part: ChunkPart): { key: string; id: string }[] {
  const out: { key: string; id: string }[] = [];
  for (const f of part.facts) {
    for (const t of f.techs) {
      if (t.tech.platform || t.tech.generic) continue;
      out.push({ key: `${t.tech.kind}/${t.tech.role ?? ''}`, id: t.tech.id });
    }
  }
  return out;
}

/** How much of a document the language guess reads. */
const LANGUAGE_SAMPLE = 200_000;

function letterCounts(text: string, from: number, to: number): { cjk: number; latin: number } {
  let cjk = 0;
  let latin = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff)) cjk++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  return { cjk, latin };
}

export function detectLanguage(text: string, frontMatter?: Record<string, unknown>, letters?: { cjk: number; latin: number }): Language {
  const declared = frontMatter?.lang ?? frontMatter?.language;
  if (declared === 'ja' || declared === 'en') return declared;
  const { cjk, latin } = letters ?? letterCounts(text, 0, Math.min(text.length, LANGUAGE_SAMPLE));
  // Japanese prose carries many Latin product names; a modest share of kana/kanji decides it
  return cjk > 0 && cjk * 4 >= latin * 0.5 ? 'ja' : 'en';
}

function headingTitle(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/^ {0,3}#{1,6}\s*/, '').replace(/\s+#+\s*$/, '').trim();
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
