import type { DesignModel, Entity, Language, Section, Span, Statement } from '../model/types';

/**
 * Read-only questions rules ask of the model, answered once per analysis and cached:
 * which concepts a statement really asserts (negations excluded), which sections sit under
 * which headings, which entities a heading names.
 */
export class ModelView {
  private headingEntities = new Map<number, Set<string>>();
  private bySection = new Map<number, Statement[]>();
  /** per analysis: every rule asks again about the same mentions and entities */
  private readonly denied = new Map<number, boolean>();
  private readonly designed = new Map<string, boolean>();
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
    // (asked for every candidate statement of every rule: walks the chain without collecting it)
    const sections = this.model.sections;
    for (let i: number | null = section; i !== null; i = sections[i]!.parent) {
      for (const r of sections[i]!.roles) if (roles.includes(r)) return true;
    }
    return false;
  }

  /** Entities or endpoints the section's own heading or an ancestor heading names. */
  headingNames(section: number, id: string): boolean {
    return this.sectionChain(section).some((s) => this.headingEntities.get(s.index)?.has(id));
  }

  /** Does this section's own heading name a piece of infrastructure, a component or an endpoint? */
  headingNamesInfra(section: number): boolean {
    const ids = this.headingEntities.get(section);
    if (!ids) return false;
    return [...ids].some((id) => this.model.endpoints.has(id) || SPECIFIC_KINDS.includes(this.model.entities.get(id)?.kind ?? ''));
  }

  /**
   * Is `section` (or a section between it and `ancestor`) titled with a specific thing that is none
   * of `ids`? "### Overlap protection for DunningWorker" inside the jobs' section is that job's.
   */
  titledWithAnother(section: number, ancestor: number, ids: string[]): boolean {
    for (const s of this.sectionChain(section)) {
      if (s.index === ancestor) return false;
      const own = this.headingEntities.get(s.index);
      if (own && this.headingNamesInfra(s.index) && !ids.some((id) => own.has(id))) return true;
    }
    return false;
  }

  /** Does this section's own heading name an endpoint? */
  headingNamesEndpoint(section: number): boolean {
    const ids = this.headingEntities.get(section);
    return !!ids && [...ids].some((id) => this.model.endpoints.has(id));
  }

  /** Is `section` inside (or equal to) `ancestor`? */
  within(section: number, ancestor: number): boolean {
    return this.sectionChain(section).some((s) => s.index === ancestor);
  }

  /** Concept hits a statement asserts: "no circuit breaker" and "retries: TBD" assert nothing. */
  assertedConcepts(st: Statement): Map<string, Span[]> {
    let map = ASSERTED.get(st);
    if (map) return map;
    map = new Map();
    const text = this.model.text;
    const negations = st.concepts.filter((c) => c.concept === 'negation');
    const hits = st.concepts.filter((c) => c.concept !== 'negation');
    const sentences = sentenceBreaks(text, st);
    const undecided = negations.filter((n) => UNDECIDED.test(text.slice(n.start, n.end)));
    // once per sentence, not per concept hit (a long sentence made that quadratic)
    const questions = new Map<number, boolean>();
    const isQuestion = (sentence: number) => {
      let q = questions.get(sentence);
      if (q === undefined) questions.set(sentence, (q = /[?？]\s*$/.test(text.slice(sentences[sentence]!.start, sentences[sentence]!.end))));
      return q;
    };
    const isNegated = hits.map((c) => {
      const sentence = sentenceOf(sentences, c.start);
      if (undecided.some((n) => sentenceOf(sentences, n.start) === sentence)) return true;
      // "Master-slave replicas? A CDN?": a question weighs an option, it states nothing
      if (isQuestion(sentence)) return true;
      return negated(text, c, negations.filter((n) => sentenceOf(sentences, n.start) === sentence), sentences[sentence]!.end);
    });
    // "Readiness Probe は未実装": the words inside a negated phrase are negated with it
    const negatedHits = hits.filter((_, i) => isNegated[i]);
    hits.forEach((c, i) => {
      if (isNegated[i] || negatedHits.some((n) => n.start <= c.start && c.end <= n.end)) return;
      const list = map!.get(c.concept) ?? [];
      list.push(c);
      map!.set(c.concept, list);
    });
    ASSERTED.set(st, map);
    return map;
  }

  /**
   * Is a phrase found outside the vocabulary (a check's own pattern) negated, with the rules
   * asserted concepts follow: "There is no point-in-time recovery", 「PITR は未設定」, "PITR: TBD".
   */
  negatedSpan(st: Statement, hit: Span): boolean {
    const text = this.model.text;
    const sentences = sentenceBreaks(text, st);
    const sentence = sentenceOf(sentences, hit.start);
    const negations = st.concepts.filter((c) => c.concept === 'negation' && sentenceOf(sentences, c.start) === sentence);
    if (negations.some((n) => UNDECIDED.test(text.slice(n.start, n.end)))) return true;
    if (/[?？]\s*$/.test(text.slice(sentences[sentence]!.start, sentences[sentence]!.end))) return true;
    return negated(text, hit, negations, sentences[sentence]!.end);
  }

  /**
   * Does this mention of a thing say the system does not use it: "does not use Twilio", "without
   * Redis", "Kafka is not used", 「Cognito 認可を使えない」「Redis は使用しない」? A thing the doc
   * names only like that is not part of the design. Failure wording is not denial: "if Stripe does
   * not answer", "when the service cannot call Stripe", 「Stripe を利用できない場合」 still use Stripe.
   */
  deniedMention(hit: Span): boolean {
    const key = hit.start * 1024 + Math.min(1023, hit.end - hit.start);
    let denied = this.denied.get(key);
    if (denied === undefined) this.denied.set(key, (denied = this.readDenied(hit)));
    return denied;
  }

  private readDenied(hit: Span): boolean {
    const text = this.model.text;
    const before = text.slice(Math.max(0, hit.start - 48), hit.start).split(/[.!?;。！？\n]/).pop() ?? '';
    const after = text.slice(hit.end, hit.end + 48).split(/[.!?;。！？\n]/)[0] ?? '';
    // "when the service cannot call Twilio, …", 「Twilio を利用できない場合は…」: a failure case
    if (CONDITION_BEFORE.test(before) || CONDITION_AFTER.test(after)) return false;
    return DENIED_BEFORE.test(before) || DENIED_AFTER.test(after);
  }

  /** The sentence of a statement that holds an offset. */
  sentenceAt(st: Statement, offset: number): Span {
    const sentences = sentenceBreaks(this.model.text, st);
    return sentences[sentenceOf(sentences, offset)]!;
  }

  has(st: Statement, concept: string): boolean {
    return this.assertedConcepts(st).has(concept);
  }

  /** Cue presence without the negation filter: a cue says what a statement is about. */
  mentions(st: Statement, concept: string): Span | undefined {
    // the earliest hit, and at that place the longest phrase: 「同時接続数」, not 「同時接続」 in it
    let best: Span | undefined;
    for (const c of st.concepts) {
      if (c.concept !== concept) continue;
      if (!best || c.start < best.start || (c.start === best.start && c.end > best.end)) best = c;
    }
    if (!best) return best;
    // overlapping phrases of one concept are one phrase: "runs every" + "every hour" is "runs every hour"
    let end = best.end;
    for (let grown = true; grown; ) {
      grown = false;
      for (const c of st.concepts) {
        if (c.concept === concept && c.start > best.start && c.start < end && c.end > end) {
          end = c.end;
          grown = true;
        }
      }
    }
    return end === best.end ? best : { start: best.start, end };
  }

  statementsWith(concept: string): Statement[] {
    return (this.conceptIndex.get(concept) ?? []).map((i) => this.model.statements[i]!);
  }

  private countermeasures = new Set<number>();

  /** Sections a quick fix inserted (see countermeasures.ts): evidence, never a trigger. */
  setCountermeasureSections(sections: Set<number>): void {
    this.countermeasures = sections;
    this.designed.clear();
    this.triggerPools.clear();
  }

  isCountermeasure(st: Statement): boolean {
    return this.countermeasures.has(st.section);
  }

  /**
   * Is a thing part of the design: named somewhere other than as not used (deniedMention) and
   * outside the sections a quick fix inserted (they are evidence, never a reason to report)?
   */
  inDesign(e: Entity): boolean {
    let used = this.designed.get(e.id);
    if (used === undefined) this.designed.set(e.id, (used = e.mentions.some((m) => !this.inCountermeasure(m.start) && !this.deniedMention(m))));
    return used;
  }

  /** Is this offset inside an inserted countermeasure section? */
  inCountermeasure(offset: number): boolean {
    for (const i of this.countermeasures) {
      const s = this.model.sections[i]!;
      if (s.start <= offset && offset < s.end) return true;
    }
    return false;
  }

  /** statementsWith, without the text of inserted countermeasure sections: what may raise a finding. */
  triggerStatementsWith(concept: string): Statement[] {
    return this.triggerStatementsWithAny([concept]);
  }

  /**
   * The statements with any of these concepts (all statements for none), in document order,
   * without the text of inserted countermeasure sections. Rules ask with the same cue lists
   * again and again: each list is answered once per analysis.
   */
  triggerStatementsWithAny(concepts: string[]): Statement[] {
    const key = concepts.join('\u0000');
    let pool = this.triggerPools.get(key);
    if (pool) return pool;
    const statements = this.model.statements;
    pool = [];
    if (concepts.length === 0) {
      for (let i = 0; i < statements.length; i++) if (!this.countermeasures.has(statements[i]!.section)) pool.push(statements[i]!);
    } else {
      let indexes: number[];
      if (concepts.length === 1) indexes = this.conceptIndex.get(concepts[0]!) ?? [];
      else {
        const union = new Set<number>();
        for (const c of concepts) for (const i of this.conceptIndex.get(c) ?? []) union.add(i);
        indexes = [...union].sort((a, b) => a - b);
      }
      for (let k = 0; k < indexes.length; k++) {
        const st = statements[indexes[k]!]!;
        if (!this.countermeasures.has(st.section)) pool.push(st);
      }
    }
    this.triggerPools.set(key, pool);
    return pool;
  }

  private readonly triggerPools = new Map<string, Statement[]>();

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

/**
 * Asserted concepts by statement. They depend only on the statement's own text and concept hits,
 * and the model builder reuses a statement object only while its chunk's text and place are
 * unchanged, so the answer is kept with the object: after an edit, only the statements the edit
 * moved or changed are read again.
 */
const ASSERTED = new WeakMap<Statement, Map<string, Span[]>>();

/** "TBD", 「未定」: the whole sentence is a placeholder, nothing in it is decided. */
const UNDECIDED = /^(?:tbd|todo|to be decided|to be defined|未定|検討中)$/i;

/** Things a heading can be specifically about: statements under it are not doc-wide policies. */
const SPECIFIC_KINDS = ['datastore', 'queue', 'stream', 'pubsub', 'external', 'realtime', 'loadbalancer', 'gateway', 'component'];

/**
 * Japanese negates after the phrase: 「サーキットブレーカーはなし」「リトライしない」「リストア訓練は未実施」.
 * 「みなし」 (deemed) and 「少ない」 are not negations.
 */
const JA_NEGATION_AFTER = /^.{0,6}?(?:(?<!み)なし|無し|(?<![少危])ない|未実装|未実施|未設定|未導入|未整備|未対応|未定|未検討|検討中|しない|されない|ありません|ません)/;

/**
 * English negates after the phrase too, when the phrase is the subject of a denied presence:
 * "Restore drills are not scheduled yet", "WAL archiving for the primary has not been set up",
 * "the circuit breaker isn't implemented", "DLQ: not configured". Only these predicates: "backups
 * are not lost", "retries are not unlimited" and "is not only … but" deny nothing about the phrase.
 */
const EN_PRESENCE = String.raw`(?:set\s+up|configured|enabled|implemented|in\s+place|supported|used|available|planned|scheduled|defined|deployed|provided|done|covered|included|specified|designed|built|automated|tested|documented|performed|practi[cs]ed|considered|addressed|handled|needed|required)`;
const EN_NEGATION_AFTER = new RegExp(
  // the phrase, then a parenthesis, a word naming what of it ("the restore drill process"), a
  // prepositional phrase ("for the primary")
  String.raw`^(?:\s*\([^)]{0,40}\))?(?:\s+(?:process|procedure|policy|policies|mechanism|settings?|configuration|jobs?))?(?:\s+(?:for|of|on|in|at)\s+(?:(?:the|a|an|each|every|all)\s+)?[\w\`'/.-]+(?:\s+[\w\`'/.-]+)?)?`
  + String.raw`\s+(?:won['’]t|(?:is|are|was|were|has|have|had|will|does|do|did)(?:\s+not|n['’]t))(?!\s+only\b)(?:\s+(?:yet|currently|been|be|being|actually))*\s+${EN_PRESENCE}\b`
  + String.raw`|^\s*[:：]\s*(?:none\b|missing\b|not\s+yet\b|n/a\b|no(?=\s*(?:[.;,)]|$))|not\s+${EN_PRESENCE}\b)`,
  'i',
);

/** "does not use", "cannot call", "without" right before a thing's name (deniedMention) */
const DENIED_BEFORE = /\b(?:(?:does|do|did|will|would|can|could|should)(?:\s+not|n['’]t)|cannot|never|won['’]t)\s+(?:use|call|need|depend\s+on|rely\s+on|integrate\s+with)\s+(?:(?:the|an?|any)\s+)?$|\bwithout\s+(?:(?:the|an?|any)\s+)?$|\bno\s+longer\s+(?:uses?|calls?)\s+(?:the\s+)?$/i;
/** a clause that states a condition, not the design: "if", "when", 「…場合」「…とき」 */
const CONDITION_BEFORE = /\b(?:if|when|whenever|unless|in\s+case)\b/i;
const CONDITION_AFTER = /(?:ない|ません|ず)(?:場合|とき|時|際)/;
/** "is not used", 「を使えない」「は使用しない」「は不要」 right after it */
const DENIED_AFTER = /^\s*(?:\([^)]{0,30}\)\s*)?(?:(?:is|are|was|were|will\s+be)\s+(?:not|no\s+longer)|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)\s+(?:used|needed|called|required|involved)\b|^\s*(?:is|are)\s+out\s+of\s+scope\b|^.{0,10}?(?:を|は|が|も)?(?:使え|使わ|使用し|使用でき|利用し|利用でき|採用し|導入し|呼び出さ)(?:ない|ません|ず)|^.{0,4}?(?:は|が)?(?:不要|不使用|使用不可|利用不可|対象外|スコープ外)/i;

/** Clause negation ("does not answer,") ends at a comma; "no retries, backoff or jitter" runs on. */
const CLAUSE_NEGATION = /^(?:not|not yet)$/i;

interface Sentence {
  start: number;
  end: number;
}

/** Sentences of a statement: a negation or a "TBD" speaks for its own sentence only. */
function sentenceBreaks(text: string, st: Statement): Sentence[] {
  const out: Sentence[] = [];
  let start = st.start;
  const re = /[。？！]|[.!?;](?=\s|$)/g;
  const body = text.slice(st.start, st.end);
  for (const m of body.matchAll(re)) {
    const end = st.start + m.index! + m[0].length;
    out.push({ start, end });
    start = end;
  }
  if (start < st.end || out.length === 0) out.push({ start, end: st.end });
  return out;
}

function sentenceOf(sentences: Sentence[], offset: number): number {
  const i = sentences.findIndex((s) => offset < s.end);
  return i < 0 ? sentences.length - 1 : i;
}

function negated(text: string, hit: Span, negations: Span[], sentenceEnd: number): boolean {
  for (const n of negations) {
    if (n.end > hit.start || hit.start - n.end > 40) continue;
    const word = text.slice(n.start, n.end);
    // English negates the phrase it stands before; 「翻訳なしで縮退運転」: なし belongs to 翻訳
    if (!/^[\x20-\x7e]+$/.test(word)) continue;
    // English negation within four words before the phrase ("no", "without a", "not yet any")
    const between = text.slice(n.end, hit.start);
    if (/^\s*(?:more|less|fewer|longer|later|greater)\s+than\b/i.test(between)) continue; // "no more than 3 retries"
    if (CLAUSE_NEGATION.test(word) && /[,、]/.test(between)) continue; // "if it does not answer, the order falls back"
    if (between.split(/\s+/).filter(Boolean).length <= 4 && !/[.;:。]/.test(between)) return true;
  }
  const after = text.slice(hit.end, Math.min(sentenceEnd, hit.end + 12)).replace(/[はがをもの]/g, '');
  if (JA_NEGATION_AFTER.test(after)) return true;
  return EN_NEGATION_AFTER.test(text.slice(hit.end, Math.min(sentenceEnd, hit.end + 120)));
}
