/**
 * Shared helpers for the per-rule tests (test/rules/<id>.test.ts).
 *
 * - one Analyzer for the whole test process (rules and vocabulary load once);
 * - expected ranges are computed from the fixture text (`rangeOf`, `spanOf`), never typed as
 *   line/character numbers;
 * - `applyFix` inserts a finding's quick fix the way an editor does;
 * - `pending` says which parts of a rule are still the staging placeholder, so that a test
 *   of text that has not been written yet runs as a TODO and turns into a real test by itself
 *   once rules/<id>.yaml lands.
 */
import assert from 'node:assert/strict';
import { Analyzer } from '../../server/src/analysis/analyzer';
import type { AnalysisResult } from '../../server/src/analysis/api';
import type { Finding, Tier } from '../../server/src/findings/types';
import type { Position, Range } from '../../server/src/parse/lineIndex';

export const analyzer = new Analyzer();

/**
 * A fixture written as an indented template literal: drops the first line break and the
 * common indentation, keeps one trailing line break.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\r?\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export function lint(text: string): AnalysisResult {
  return analyzer.analyze(text, { force: true });
}

/** The findings of one rule, in document order. */
export function findingsOf(text: string, rule: string): Finding[] {
  return lint(text).findings.filter((f) => f.rule === rule);
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export interface FindOptions {
  /** 1-based occurrence, counted after `after` when given */
  occurrence?: number;
  /** search only after the first occurrence of this text (e.g. a heading or a step) */
  after?: string;
}

/** Offset of `needle` in `text`; throws when the fixture does not contain it. */
export function offsetOf(text: string, needle: string, opts: FindOptions = {}): number {
  let from = 0;
  if (opts.after !== undefined) {
    const a = text.indexOf(opts.after);
    if (a < 0) throw new Error(`fixture does not contain ${JSON.stringify(opts.after)}`);
    from = a + opts.after.length;
  }
  let at = -1;
  for (let n = 0; n < (opts.occurrence ?? 1); n++) {
    at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`fixture does not contain ${JSON.stringify(needle)} (occurrence ${n + 1})`);
    from = at + needle.length;
  }
  return at;
}

/** The range of `needle` itself. */
export function rangeOf(text: string, needle: string, opts: FindOptions = {}): Range {
  const s = offsetOf(text, needle, opts);
  return { start: positionAt(text, s), end: positionAt(text, s + needle.length) };
}

/** From the start of `from` to the end of `to` (the first `to` at or after `from`). */
export function spanOf(text: string, from: string, to: string, opts: FindOptions = {}): Range {
  const s = offsetOf(text, from, opts);
  const e = text.indexOf(to, s);
  if (e < 0) throw new Error(`fixture does not contain ${JSON.stringify(to)} after ${JSON.stringify(from)}`);
  return { start: positionAt(text, s), end: positionAt(text, e + to.length) };
}

/** A whole heading line, e.g. `## Availability`. */
export function headingRange(text: string, heading: string): Range {
  const s = offsetOf(text, `${heading}\n`);
  return { start: positionAt(text, s), end: positionAt(text, s + heading.length) };
}

/** The one finding of `rule` anchored on `range`. */
export function findingAt(text: string, rule: string, range: Range): Finding {
  const all = findingsOf(text, rule);
  const hit = all.filter((f) => f.range.start.line === range.start.line && f.range.start.character === range.start.character);
  assert.equal(hit.length, 1, `expected one ${rule} finding at ${fmt(range)}; found ${all.map((f) => `${fmt(f.range)} "${text.slice(f.start, f.end)}"`).join(', ') || 'none'}`);
  return hit[0]!;
}

export function fmt(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Text the finding's squiggle covers. */
export function anchored(text: string, f: Finding): string {
  return text.slice(f.start, f.end);
}

// ── rule text status ────────────────────────────────────────────────────────

const PLACEHOLDER = '(pending)';

/**
 * Which parts of a rule are still the staging placeholder (rules/<id>.yaml not written yet):
 * each value is a TODO reason, or false when the real text is there.
 */
export function pending(rule: string): { tier: string | false; message: string | false; fix: string | false } {
  const r = analyzer.rule(rule);
  assert.ok(r, `rule ${rule} is not loaded`);
  const noFile = r.category === 'pending';
  return {
    tier: noFile ? `rule file pending: rules/${rule}.yaml not written yet, tier is the staging default` : false,
    message: r.message.en === PLACEHOLDER || r.message.ja === PLACEHOLDER ? 'rule message pending' : false,
    fix: r.fix.body.en === PLACEHOLDER || r.fix.title.en === PLACEHOLDER || r.fix.body.ja === PLACEHOLDER ? 'fix template pending' : false,
  };
}

// ── assertions shared by all rules ────────────────────────────────────────────

const SEVERITY: Record<Tier, string> = { critical: 'error', significant: 'warning', moderate: 'information', minor: 'hint' };

export function assertTier(f: Finding, tier: Tier): void {
  assert.equal(f.tier, tier, `${f.rule}: tier`);
  assert.equal(f.severity, SEVERITY[tier], `${f.rule}: severity`);
}

export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** The message names the subject (and the given doc names) in the doc's language. */
export function assertMessage(f: Finding, lang: 'en' | 'ja', names: string[] = []): void {
  assert.ok(f.subject, `${f.rule}: finding has a subject`);
  // a message opening with the subject capitalises it: "The system — …"
  const capitalised = f.subject.name.replace(/^[a-z]/, (c) => c.toUpperCase());
  assert.ok(f.message.includes(f.subject.name) || f.message.startsWith(capitalised), `${f.rule}: message names the subject ${JSON.stringify(f.subject.name)}: ${f.message}`);
  for (const n of names) assert.ok(f.message.includes(n), `${f.rule}: message names ${JSON.stringify(n)}: ${f.message}`);
  if (lang === 'ja') assert.match(f.message, JAPANESE, `${f.rule}: message is Japanese`);
  else assert.doesNotMatch(f.message, /[\u3040-\u30ff]/, `${f.rule}: message is English`);
}

// ── quick fixes ──────────────────────────────────────────────────────────────

/** Inserts the finding's fix text at its offset, as the editor's code action does. */
export function applyFix(text: string, f: Finding): string {
  assert.ok(f.fix, `${f.rule}: finding has a quick fix`);
  return text.slice(0, f.fix.offset) + f.fix.text + text.slice(f.fix.offset);
}

/** Depth and extent of the innermost section holding `offset`, read from the Markdown text. */
export function sectionAround(text: string, offset: number): { depth: number; title: string; end: number } {
  const headings: { at: number; depth: number; title: string }[] = [];
  let fence: string | null = null;
  let at = 0;
  for (const line of text.split('\n')) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && line.trim().startsWith(fence)) fence = null;
    } else if (f) fence = f[1]!;
    else {
      const h = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      if (h) headings.push({ at, depth: h[1]!.length, title: h[2]! });
    }
    at += line.length + 1;
  }
  const own = headings.filter((h) => h.at <= offset).pop();
  if (!own) return { depth: 0, title: '', end: text.length };
  const next = headings.find((h) => h.at > own.at && h.depth <= own.depth);
  return { depth: own.depth, title: own.title, end: next ? next.at : text.length };
}

export interface FixExpectation {
  /** doc names the inserted section must contain (the queue, the dependency, the endpoint…) */
  names: string[];
  lang: 'en' | 'ja';
}

/**
 * The quick-fix contract: an insertion at a line boundary at the end of the section holding
 * the anchor, opening with a heading one level deeper than that section, filled with the doc's
 * names and in its language; the rest of the document is untouched, and after the insertion
 * the finding is gone (and no new finding of the rule appears).
 */
export function assertFixResolves(text: string, f: Finding, expect: FixExpectation): string {
  assert.ok(f.fix, `${f.rule}: finding has a quick fix`);
  const { offset, text: inserted } = f.fix;
  const after = applyFix(text, f);

  // an insertion only: everything before and after the insertion point is byte-for-byte the same
  assert.equal(after.length, text.length + inserted.length);
  assert.equal(after.slice(0, offset), text.slice(0, offset));
  assert.equal(after.slice(offset + inserted.length), text.slice(offset));
  assert.ok(offset === 0 || text[offset - 1] === '\n', `${f.rule}: fix inserted at the start of a line (offset ${offset})`);

  // at the end of the section that holds the anchor, as a subsection one level deeper
  const section = sectionAround(text, f.start);
  assert.ok(offset > f.start && offset <= section.end, `${f.rule}: fix goes inside the section "${section.title}" after the anchor (offset ${offset}, section ends ${section.end})`);
  const headingLine = inserted.split(/\r?\n/).find((l) => /^#{1,6}\s/.test(l));
  assert.ok(headingLine, `${f.rule}: inserted text opens a section: ${JSON.stringify(inserted.slice(0, 120))}`);
  const depth = Math.min(6, section.depth + 1);
  assert.ok(headingLine.startsWith(`${'#'.repeat(depth)} `), `${f.rule}: heading one level below "${section.title}" (depth ${section.depth}): ${headingLine}`);
  assert.equal(inserted.trimStart().split(/\r?\n/)[0], headingLine, `${f.rule}: the heading comes first`);
  assert.ok(!/…|\.\.\.$/.test(headingLine), `${f.rule}: the heading is a title, not a truncated sentence: ${headingLine}`);
  assert.ok(headingLine.length <= 120, `${f.rule}: the heading is a title, not a paragraph: ${headingLine}`);
  assert.doesNotMatch(headingLine, /[.。]\s*$|。/, `${f.rule}: the heading is a title, not a sentence from the doc: ${headingLine}`);

  // filled with the doc's names, in the doc's language, never with placeholders
  for (const n of expect.names) assert.ok(inserted.includes(n), `${f.rule}: inserted section names ${JSON.stringify(n)}`);
  assert.doesNotMatch(inserted, /\{\{\s*\w+\s*\}\}/, `${f.rule}: no unfilled placeholder`);
  if (expect.lang === 'ja') assert.match(inserted, JAPANESE, `${f.rule}: inserted section is Japanese`);
  else assert.doesNotMatch(inserted, /[\u3040-\u30ff]/, `${f.rule}: inserted section is English`);

  // the finding is gone, and the fix does not raise a new one of the same rule
  const before = findingsOf(text, f.rule);
  const now = findingsOf(after, f.rule);
  const same = now.filter((g) => g.start === f.start || (f.subject && g.subject?.id === f.subject.id && g.subject.kind !== 'statement'));
  assert.deepEqual(same.map((g) => `${fmt(g.range)} ${g.subject?.name}`), [], `${f.rule}: the finding is gone after the fix`);
  assert.ok(now.length < before.length, `${f.rule}: the fix adds no new finding of the rule (before: ${before.length}, after: ${now.length})`);
  return after;
}
