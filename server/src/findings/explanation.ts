import type { Language } from '../model/types';
import type { CoverageClause, DetectSpec, DocumentSelector } from '../rules/definition';
import type { ModelView } from '../engine/context';
import { coverage, type Evidence } from '../engine/coverage';
import type { Subject } from '../engine/subjects';
import type { Vocabulary } from '../vocabulary/vocabulary';
import type { EvidenceSeen, EvidenceSought, Explanation } from './types';

/**
 * What a finding says about itself: what triggered it, which evidence would have covered it,
 * where that evidence was looked for, and what was seen anyway — evidence in scope for an
 * "all of" rule, or the right words outside the scope or without their figure. The last part
 * is what lets a reviewer tell a true gap from a wording or scope the engine did not accept.
 */
export function explainFinding(spec: DetectSpec, subject: Subject, view: ModelView, vocab: Vocabulary, lang: Language): Explanation {
  const lines = view.model.lines;
  const { sought, labels } = soughtFor(spec, vocab, lang);
  const found: EvidenceSeen[] = [];
  const nearMisses: EvidenceSeen[] = [];
  const seenAt = new Set<number>();
  const seen = (c: CoverageClause, e: Evidence, where: EvidenceSeen['where']): EvidenceSeen => {
    seenAt.add(e.statement.index);
    return { concept: c.concept, label: labelOf(c.concept, vocab, lang), text: snippet(view, e), range: lines.range(e.span.start, e.span.end), where };
  };
  for (const c of clauses(spec)) {
    // one clause at a time through the engine's own coverage test, so "found" means what the engine means
    const alone = (extra: Partial<DetectSpec>, clause: CoverageClause = c) => coverage(subject, { subjects: spec.subjects, scope: spec.scope, coveredBy: [clause], ...extra }, view)?.[0];
    const inScope = alone({});
    if (inScope) {
      found.push(seen(c, inScope, 'in-scope'));
      continue;
    }
    const withoutFigure = c.withFigure ? alone({}, { concept: c.concept, ...(c.alongside ? { alongside: c.alongside } : {}) }) : undefined;
    if (withoutFigure && !seenAt.has(withoutFigure.statement.index)) {
      nearMisses.push(seen(c, withoutFigure, 'no-figure'));
      continue;
    }
    const anywhere = spec.scope === 'document' ? undefined : alone({ scope: 'document' });
    if (anywhere && !seenAt.has(anywhere.statement.index)) nearMisses.push(seen(c, anywhere, 'out-of-scope'));
  }
  return {
    trigger: { text: triggerText(spec, subject, view, lang), range: lines.range(subject.anchor.start, subject.anchor.end) },
    evidenceSought: sought,
    scope: scopeText(spec, subject, view, lang),
    found,
    nearMisses: nearMisses.slice(0, 3),
    evidence: labels,
  };
}

/** The words around the evidence, not the start of a long statement. */
function snippet(view: ModelView, e: Evidence): string {
  const start = Math.max(e.statement.start, e.span.start - 40);
  const end = Math.min(e.statement.end, e.span.end + 50);
  const text = view.textOf({ start, end }, 200);
  return `${start > e.statement.start ? '…' : ''}${text}${end < e.statement.end ? '…' : ''}`;
}

function clauses(spec: DetectSpec): CoverageClause[] {
  const norm = (c: string | CoverageClause): CoverageClause => (typeof c === 'string' ? { concept: c } : c);
  return [...(spec.coveredBy ?? []).map(norm), ...(spec.coveredByAll ?? []).map(norm)];
}

/**
 * The evidence a rule's spec looks for is the same for each of its findings: computed once per
 * spec and language, and shared by the findings (read-only), not copied into each of them.
 */
const soughtCache = new WeakMap<DetectSpec, { vocab: Vocabulary; byLang: Map<Language, { sought: EvidenceSought[]; labels: string[] }> }>();

function soughtFor(spec: DetectSpec, vocab: Vocabulary, lang: Language): { sought: EvidenceSought[]; labels: string[] } {
  let entry = soughtCache.get(spec);
  if (!entry || entry.vocab !== vocab) soughtCache.set(spec, (entry = { vocab, byLang: new Map() }));
  let hit = entry.byLang.get(lang);
  if (!hit) {
    const sought = soughtEvidence(spec, vocab, lang);
    entry.byLang.set(lang, (hit = { sought, labels: sought.map((s) => s.label) }));
  }
  return hit;
}

function soughtEvidence(spec: DetectSpec, vocab: Vocabulary, lang: Language): EvidenceSought[] {
  const any = new Set((spec.coveredBy ?? []).map((c) => (typeof c === 'string' ? c : c.concept)));
  return clauses(spec).map((c) => ({
    concept: c.concept,
    label: labelOf(c.concept, vocab, lang),
    examples: examplesOf(c.concept, vocab, lang),
    ...(c.withFigure ? { withFigure: c.withFigure } : {}),
    ...(c.alongside ? { alongside: c.alongside } : {}),
    need: any.has(c.concept) ? 'any' : 'all',
  }));
}

function labelOf(concept: string, vocab: Vocabulary, lang: Language): string {
  return vocab.concepts.get(concept)?.label?.[lang] ?? concept;
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** A few phrases of the concept, those in the doc's language first: what the reader could write. */
function examplesOf(concept: string, vocab: Vocabulary, lang: Language, max = 3): string[] {
  // "timeout", "timeouts", "time-out" are one example
  const key = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').replace(/s$/, '');
  const byKey = new Map<string, string>();
  for (const t of vocab.concepts.get(concept)?.terms ?? []) if (!byKey.has(key(t))) byKey.set(key(t), t);
  const terms = [...byKey.values()];
  const own = terms.filter((t) => NON_ASCII.test(t) === (lang === 'ja'));
  return (own.length ? own : terms).slice(0, max);
}

/** [English singular, English plural, Japanese] */
const KIND_WORDS: Record<string, [string, string, string]> = {
  component: ['component', 'components', 'コンポーネント'],
  datastore: ['datastore', 'datastores', 'データストア'],
  queue: ['queue', 'queues', 'キュー'],
  stream: ['stream', 'streams', 'ストリーム'],
  pubsub: ['pub/sub channel', 'pub/sub channels', 'Pub/Sub チャネル'],
  external: ['external dependency', 'external dependencies', '外部依存先'],
  realtime: ['real-time channel', 'real-time channels', 'リアルタイム通信'],
  loadbalancer: ['load balancer', 'load balancers', 'ロードバランサー'],
  gateway: ['gateway', 'gateways', 'ゲートウェイ'],
  compute: ['compute platform', 'compute platforms', '実行基盤'],
  endpoint: ['endpoint', 'endpoints', 'エンドポイント'],
};

function kindWord(kind: string, lang: Language, plural = false): string {
  const w = KIND_WORDS[kind];
  if (!w) return kind;
  return lang === 'ja' ? w[2] : plural ? w[1] : w[0];
}

/** Where the evidence counts, in the terms of coverage.ts: the subject's sections, statements naming it, doc-wide policies. */
function scopeText(spec: DetectSpec, subject: Subject, view: ModelView, lang: Language): string {
  const scope = spec.scope ?? 'subject';
  if (scope === 'document' || subject.kind === 'document') return lang === 'ja' ? 'ドキュメント全体' : 'the whole document';
  const sections = subject.sections.map((s) => view.section(s).title).filter(Boolean);
  const inSection = sections.length ? (lang === 'ja' ? `セクション「${sections.join('」「')}」` : `its section “${sections.join('”, “')}”`) : '';
  if (scope === 'section') return inSection || (lang === 'ja' ? '同じセクション' : 'the same section');
  // an entity or endpoint is named by its own name; a sentence or a flow by the things it names
  const own = view.entity(subject.id) || subject.kind === 'endpoint';
  const named = own ? [subject.name] : subject.ids.map((id) => view.entity(id)?.name).filter((n): n is string => !!n);
  const or = lang === 'ja' ? '、' : ' or ';
  const parts: string[] = [];
  if (inSection) parts.push(inSection);
  if (named.length) parts.push(lang === 'ja' ? `${named.join(or)} に言及する文と、それを見出しに含むセクション` : `statements naming ${named.join(or)}, sections titled with ${named.length > 1 ? 'them' : 'it'}`);
  const kind = own ? kindWord(subject.kind, lang) : '';
  parts.push(lang === 'ja' ? `特定の${kind || '対象'}を挙げない全体方針` : `doc-wide policies that name no specific ${kind || 'infrastructure'}`);
  return lang === 'ja' ? parts.join('、') : parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]!;
}

/** A document-wide rule applies because of what the doc names: say which names. */
function triggerText(spec: DetectSpec, subject: Subject, view: ModelView, lang: Language): string {
  const sel: DocumentSelector | undefined = spec.subjects.document ?? (subject.kind === 'document' ? spec.requires : undefined);
  if (!sel) return view.entity(subject.id) ? `${subject.trigger[lang]} ${subject.name}` : subject.trigger[lang];
  const kinds = sel.entities?.kinds ?? (sel.components !== undefined ? ['component'] : []);
  const named = view.entitiesOfKind(kinds).filter((e) => !e.generic && (!sel.entities?.roles || sel.entities.roles.includes(e.role ?? '')));
  if (named.length === 0) return subject.trigger[lang];
  const shown = named.slice(0, 5).map((e) => e.name);
  const more = named.length - shown.length;
  const words = kinds.map((k) => kindWord(k, lang, true));
  if (lang === 'ja') return `文書に${words.join('・')} ${named.length} 件（${shown.join('、')}${more > 0 ? ` ほか ${more} 件` : ''}）が登場します`;
  return `the document names ${named.length} ${words.join(' / ')}: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
