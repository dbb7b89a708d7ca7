import type { DesignModel, Entity, Language, Section, Span, Statement } from '../model/types';

/**
 * Read-only questions rules ask of the model, answered once per analysis and cached:
 * which concepts a statement really asserts (negations excluded), which sections sit under
 * which headings, which entities a heading names.
 */
export class ModelView {
  private asserted = new Map<number, Map<string, Span[]>>();
  private headingEntities = new Map<number, Set<string>>();
  private bySection = new Map<number, Statement[]>();
  readonly conceptIndex = new Map<string, number[]>();

  constructor(readonly model: DesignModel, readonly language: Language = model.language) {
    for (const st of model.statements) {
      const list = this.bySection.get(st.section);
      if (list) list.push(st);
      else this.bySection.set(st.section, [st]);
      for (const c of st.concepts) {
        const idx = this.conceptIndex.get(c.concept) ?? [];
        if (idx[idx.length - 1] !== st.index) idx.push(st.index);
        this.conceptIndex.set(c.concept, idx);
      }
      if (st.kind === 'heading') this.headingEntities.set(st.section, new Set([...st.entities.map((e) => e.entity), ...st.endpoints.map((e) => e.endpoint)]));
    }
  }

  statementsIn(section: number): Statement[] {
    return this.bySection.get(section) ?? [];
  }

  section(index: number): Section {
    return this.model.sections[index]!;
  }

  /** The section and its ancestors, innermost first. */
  sectionChain(index: number): Section[] {
    const out: Section[] = [];
    for (let i: number | null = index; i !== null; i = this.model.sections[i]!.parent) out.push(this.model.sections[i]!);
    return out;
  }

  hasRole(section: number, roles: string[]): boolean {
    return this.sectionChain(section).some((s) => s.roles.some((r) => roles.includes(r)));
  }

  /** Entities or endpoints the section's own heading or an ancestor heading names. */
  headingNames(section: number, id: string): boolean {
    return this.sectionChain(section).some((s) => this.headingEntities.get(s.index)?.has(id));
  }

  /** Does this section's own heading name a piece of infrastructure or an endpoint? */
  headingNamesInfra(section: number): boolean {
    const ids = this.headingEntities.get(section);
    if (!ids) return false;
    return [...ids].some((id) => id.includes(' ') || ['datastore', 'queue', 'stream', 'pubsub', 'external', 'realtime', 'loadbalancer', 'gateway'].includes(this.model.entities.get(id)?.kind ?? ''));
  }

  /** Is `section` inside (or equal to) `ancestor`? */
  within(section: number, ancestor: number): boolean {
    return this.sectionChain(section).some((s) => s.index === ancestor);
  }

  /** Concept hits a statement asserts: "no circuit breaker" and "retries: TBD" assert nothing. */
  assertedConcepts(st: Statement): Map<string, Span[]> {
    let map = this.asserted.get(st.index);
    if (map) return map;
    map = new Map();
    const text = this.model.text;
    const negations = st.concepts.filter((c) => c.concept === 'negation');
    const undecided = negations.some((n) => /^(tbd|todo|to be decided|to be defined|未定|検討中)$/i.test(text.slice(n.start, n.end)));
    for (const c of st.concepts) {
      if (c.concept === 'negation') continue;
      if (!undecided && !negated(text, c, negations)) {
        const list = map.get(c.concept) ?? [];
        list.push(c);
        map.set(c.concept, list);
      }
    }
    this.asserted.set(st.index, map);
    return map;
  }

  has(st: Statement, concept: string): boolean {
    return this.assertedConcepts(st).has(concept);
  }

  /** Cue presence without the negation filter: a cue says what a statement is about. */
  mentions(st: Statement, concept: string): Span | undefined {
    return st.concepts.find((c) => c.concept === concept);
  }

  statementsWith(concept: string): Statement[] {
    return (this.conceptIndex.get(concept) ?? []).map((i) => this.model.statements[i]!);
  }

  entity(id: string): Entity | undefined {
    return this.model.entities.get(id);
  }

  entitiesOfKind(kinds: string[]): Entity[] {
    return [...this.model.entities.values()].filter((e) => kinds.includes(e.kind));
  }

  /** Source text of a span, on one line, for messages. */
  textOf(span: Span, max = 120): string {
    const t = this.model.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }
}

const JA_NEGATION_AFTER = /^.{0,6}?(?:なし|無し|ない|未実装|未定|未対応|しない|されない|ありません|ません)/;

function negated(text: string, hit: Span, negations: Span[]): boolean {
  for (const n of negations) {
    if (n.end > hit.start || hit.start - n.end > 40) continue;
    // English negation within four words before the phrase ("no", "without a", "not yet any")
    const between = text.slice(n.end, hit.start);
    if (/^\s*(?:more|less|fewer|longer|later|greater)\s+than\b/i.test(between)) continue; // "no more than 3 retries"
    if (between.split(/\s+/).filter(Boolean).length <= 4 && !/[.;:]/.test(between)) return true;
  }
  // Japanese negates after the phrase: 「サーキットブレーカーはなし」「リトライしない」
  return JA_NEGATION_AFTER.test(text.slice(hit.end, hit.end + 12).replace(/[はがをもの]/g, ''));
}
