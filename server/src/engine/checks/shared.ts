import type { Span, Statement } from '../../model/types';
import type { ModelView } from '../context';
import type { Subject } from '../subjects';

/** Helpers the numeric checks share: reading statements, tables and clauses; formatting numbers. */

interface Localized {
  en: string;
  ja: string;
}

/** Statements that say something: no headings, no table headers. */
export function prose(st: Statement, includeCode = false): boolean {
  return st.kind !== 'heading' && !st.tableHeader && st.kind !== 'frontmatter' && (includeCode || st.kind !== 'code');
}

/** "1,000", "43.8" */
export function fmt(n: number, decimals = 0): string {
  const fixed = n.toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const withCommas = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = (frac ?? '').replace(/0+$/, '');
  return trimmed ? `${withCommas}.${trimmed}` : withCommas;
}

/** A duration for a message, in the unit a doc would use: "500 ms", "84 s", "15 min", "1 h", "7 days". */
export function fmtDuration(seconds: number, lang: 'en' | 'ja'): string {
  const round = (v: number) => fmt(v, Number.isInteger(v) ? 0 : 1);
  const u = (en: string, ja: string, v: number) => (lang === 'ja' ? `${round(v)} ${ja}` : `${round(v)} ${en}`);
  if (seconds < 1) return u('ms', 'ミリ秒', seconds * 1000);
  if (seconds < 120 || seconds % 60 !== 0) return u('s', '秒', seconds);
  if (seconds >= 2 * 86400 && seconds % 86400 === 0) return u('days', '日', seconds / 86400);
  if (seconds < 7200 && seconds % 3600 !== 0) return u('min', '分', seconds / 60);
  if (seconds % 3600 !== 0) return u('min', '分', seconds / 60);
  return u('h', '時間', seconds / 3600);
}

/** The cells of a table row, as source spans (without the pipes and surrounding blanks). */
export function cells(view: ModelView, st: Statement): Span[] {
  const text = view.model.text;
  const out: Span[] = [];
  let s = st.start;
  let i = st.start;
  if (text[i] === '|') s = ++i;
  for (; i <= st.end; i++) {
    if (i === st.end || (text[i] === '|' && text[i - 1] !== '\\')) {
      let a = s;
      let b = i;
      while (a < b && /\s/.test(text[a]!)) a++;
      while (b > a && /\s/.test(text[b - 1]!)) b--;
      if (i < st.end || a < b) out.push({ start: a, end: b });
      s = i + 1;
    }
  }
  return out;
}

/** The header row of the table a row belongs to. */
export function tableHeader(view: ModelView, st: Statement): Statement | undefined {
  if (st.table === undefined || st.tableHeader) return undefined;
  for (let i = st.index - 1; i >= 0; i--) {
    const h = view.model.statements[i]!;
    if (h.table !== st.table) return undefined;
    if (h.tableHeader) return h;
  }
  return undefined;
}

/** Column indexes of a header row whose cell holds the concept. */
export function columnsWith(view: ModelView, header: Statement, concept: string): number[] {
  const hits = header.concepts.filter((c) => c.concept === concept);
  return cells(view, header)
    .map((c, i) => (hits.some((h) => h.start >= c.start && h.end <= c.end) ? i : -1))
    .filter((i) => i >= 0);
}

/** The cell a span sits in (its index), or -1. */
export function cellIndex(view: ModelView, st: Statement, span: Span): number {
  return cells(view, st).findIndex((c) => span.start >= c.start && span.end <= c.end);
}

/**
 * The clause of a statement around an offset: between sentence/clause marks (". ", ";", "。").
 * A decimal point ("99.9") is not a break, nor is a soft line break. A table row is one clause.
 */
export function clauseAround(view: ModelView, st: Statement, at: number): Span {
  if (st.kind === 'tableRow') return { start: st.start, end: st.end };
  const text = view.model.text;
  const isBreak = (i: number) => {
    const c = text[i]!;
    if (c === '.') return i + 1 >= st.end || /\s/.test(text[i + 1]!);
    return c === ';' || c === '。' || c === '；';
  };
  if (at < st.start || at > st.end) {
    let a = at;
    while (a > st.start && !isBreak(a - 1)) a--;
    let b = at;
    while (b < st.end && !isBreak(b)) b++;
    return { start: a, end: b };
  }
  // the statement's breaks, found once: scanning out from every figure of a long statement
  // (a 1 MB line) was quadratic
  // (kept relative to the statement's start: an edit above it moves the statement, not its clauses)
  let breaks = clauseBreaks.get(st);
  if (!breaks) {
    breaks = [];
    for (let i = st.start; i < st.end; i++) if (isBreak(i)) breaks.push(i - st.start);
    clauseBreaks.set(st, breaks);
  }
  const rel = at - st.start;
  let lo = 0;
  let hi = breaks.length; // first break at or after `at`
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid]! < rel) lo = mid + 1;
    else hi = mid;
  }
  return { start: lo > 0 ? st.start + breaks[lo - 1]! + 1 : st.start, end: lo < breaks.length ? st.start + breaks[lo]! : st.end };
}

const clauseBreaks = new WeakMap<Statement, number[]>();

/** A subject anchored on a figure of a statement, with the arithmetic as its detail. */
export function statementSubject(view: ModelView, st: Statement, id: string, anchor: Span, detail: Localized, trigger: Localized, related: Span[] = []): Subject {
  return {
    id,
    name: view.textOf(anchor, 80),
    kind: 'figure',
    anchor,
    related,
    ids: [...new Set(st.entities.map((h) => h.entity))],
    sections: [st.section],
    candidates: new Set(),
    trigger,
    detail,
  };
}

/** Span from the earlier start to the later end. */
export function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
