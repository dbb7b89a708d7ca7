import type { Language } from '../model/types';
import type { EvidenceSeen, EvidenceSought, Explanation } from './types';

/**
 * The explanation of a finding as Markdown lines, in the doc's language: shared by the hover
 * and the review report so that both say the same thing. `at` turns a 0-based line into a
 * reference (plain "line 12", or a link in the report).
 */
export type LineRef = (line0: number) => string;

const TEXT = {
  en: {
    trigger: 'Triggered by',
    sought: 'Evidence looked for',
    anyOf: 'any of',
    allOf: 'all of',
    scope: 'Looked in',
    found: 'Found',
    none: 'none',
    partly: (have: string, missing: string) => `${have}; missing: ${missing}`,
    near: 'Seen nearby, but not counted',
    why: { 'out-of-scope': 'outside the scope above', 'no-figure': 'no figure stated', 'in-scope': '' },
    figure: (kind: string) => `with a ${kind}`,
    examples: (list: string) => `e.g. ${list}`,
    line: (n: number) => `line ${n}`,
    quote: (s: string) => `“${s}”`,
    sep: ', ',
  },
  ja: {
    trigger: 'きっかけ',
    sought: '探した根拠',
    anyOf: '次のいずれか',
    allOf: '次のすべて',
    scope: '探した範囲',
    found: '見つかった根拠',
    none: 'なし',
    partly: (have: string, missing: string) => `${have}（不足: ${missing}）`,
    near: '近い記述はあるが数えていないもの',
    why: { 'out-of-scope': '上記の範囲外', 'no-figure': '数値の記載なし', 'in-scope': '' },
    figure: (kind: string) => `${FIGURE_JA[kind] ?? kind}の数値つき`,
    examples: (list: string) => `例: ${list}`,
    line: (n: number) => `${n}行目`,
    quote: (s: string) => `「${s}」`,
    sep: '、',
  },
};

const FIGURE_JA: Record<string, string> = { duration: '時間', percent: '割合', count: '件数', size: 'サイズ', rate: 'レート' };
const FIGURE_EN: Record<string, string> = { duration: 'duration', percent: 'percentage', count: 'count', size: 'size', rate: 'rate' };

export function soughtText(sought: EvidenceSought[], lang: Language): string {
  const t = TEXT[lang];
  const one = (s: EvidenceSought) => {
    const figure = s.withFigure ? t.figure(lang === 'ja' ? s.withFigure : FIGURE_EN[s.withFigure] ?? s.withFigure) : '';
    const examples = s.examples.length ? t.examples(s.examples.map(t.quote).join(lang === 'ja' ? '' : ', ')) : '';
    const inner = [figure, examples].filter(Boolean).join(lang === 'ja' ? '。' : '; ');
    if (!inner) return s.label;
    if (lang === 'ja') return `${s.label}（${inner}）`;
    return /\)$/.test(s.label) ? `${s.label} — ${inner}` : `${s.label} (${inner})`;
  };
  const any = sought.filter((s) => s.need === 'any');
  const all = sought.filter((s) => s.need === 'all');
  const parts: string[] = [];
  const join = (xs: EvidenceSought[]) => xs.map(one).join(lang === 'ja' ? '、' : '; ');
  if (any.length) parts.push(any.length > 1 ? `${t.anyOf}: ${join(any)}` : one(any[0]!));
  if (all.length) parts.push(all.length > 1 ? `${t.allOf}: ${join(all)}` : one(all[0]!));
  return parts.join(lang === 'ja' ? '。または ' : '; or ');
}

export function foundText(e: Explanation, lang: Language, at: LineRef): string {
  const t = TEXT[lang];
  if (e.found.length === 0) return t.none;
  const have = e.found.map((f) => (lang === 'ja' ? `${f.label}（${at(f.range.start.line)}）` : `${f.label} (${at(f.range.start.line)})`)).join(t.sep);
  const missing = e.evidenceSought.filter((s) => s.need === 'all' && !e.found.some((f) => f.concept === s.concept)).map((s) => s.label);
  return missing.length ? t.partly(have, missing.join(t.sep)) : have;
}

export function nearText(n: EvidenceSeen, lang: Language, at: LineRef): string {
  const t = TEXT[lang];
  return lang === 'ja' ? `${n.label} — ${at(n.range.start.line)}${t.quote(n.text)}（${t.why[n.where]}）` : `${n.label} — ${at(n.range.start.line)} ${t.quote(n.text)} (${t.why[n.where]})`;
}

/** Bulleted "why this was reported" lines; the trigger line is left out when the caller shows it itself. */
export function explanationLines(e: Explanation, lang: Language, at: LineRef, withTrigger = true): string[] {
  const t = TEXT[lang];
  const out: string[] = [];
  if (withTrigger) out.push(`- ${t.trigger}: ${e.trigger.text}${lang === 'ja' ? `（${at(e.trigger.range.start.line)}）` : ` (${at(e.trigger.range.start.line)})`}`);
  out.push(`- ${t.sought}: ${soughtText(e.evidenceSought, lang)}`);
  out.push(`- ${t.scope}: ${e.scope}`);
  out.push(`- ${t.found}: ${foundText(e, lang, at)}`);
  if (e.nearMisses.length) out.push(`- ${t.near}: ${e.nearMisses.map((n) => nearText(n, lang, at)).join('; ')}`);
  return out;
}

export function plainLine(lang: Language): LineRef {
  return (line0) => TEXT[lang].line(line0 + 1);
}
