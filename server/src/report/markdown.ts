import type { DesignModel, Language, Span, Statement } from '../model/types';

/** Small Markdown helpers of the review report: line links, quotes of the doc, lists of names. */

export interface LinkContext {
  model: DesignModel;
  lang: Language;
  /** the doc's path as seen from the report; without it, lines are plain text */
  fileName?: string;
}

/** "[line 12](design.md#L12)" — a 0-based line in, a 1-based line out. */
export function lineLinkAt(ctx: LinkContext, line0: number): string {
  const line = line0 + 1;
  const label = ctx.lang === 'ja' ? `${line}行目` : `line ${line}`;
  return ctx.fileName ? `[${label}](${encodeURI(ctx.fileName.replace(/\\/g, '/'))}#L${line})` : label;
}

export function lineLink(ctx: LinkContext, offset: number): string {
  return lineLinkAt(ctx, ctx.model.lines.positionAt(offset).line);
}

/** A statement as a reader would quote it: one line, no list marker, emphasis or table pipes. */
export function cleanText(model: DesignModel, span: Span, max = 110): string {
  let t = model.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  t = t.replace(/^(?:[-*+]|\d+[.)])\s+/, '').replace(/\*\*|__/g, '');
  if (t.startsWith('|')) t = tableCells(t).join(' — ');
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

export function tableCells(row: string): string[] {
  return row.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim()).filter(Boolean);
}

/** A table row without the cell that names the thing: what the doc says about it. */
export function describedBy(model: DesignModel, st: Statement, mention: Span, max = 90): string {
  const raw = model.text.slice(st.start, st.end).replace(/\s+/g, ' ').trim();
  if (st.kind === 'tableRow') {
    const name = model.text.slice(mention.start, mention.end);
    const rest = tableCells(raw.replace(/\*\*|__/g, '')).filter((c) => !c.includes(name));
    const t = rest.join(' — ');
    return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
  }
  return cleanText(model, st, max);
}

/** The words around a span of a long statement, with "…" where it was cut. */
export function excerpt(model: DesignModel, st: Span, span: Span, before = 50, after = 80): string {
  let start = Math.max(st.start, span.start - before);
  let end = Math.min(st.end, span.end + after);
  // cut between words (or after Japanese punctuation), not inside one
  if (start > st.start) {
    const gap = model.text.slice(start, span.start).search(/[\s、。，．]/);
    if (gap >= 0) start += gap + 1;
  }
  if (end < st.end) {
    const tail = model.text.slice(span.end, end);
    const cut = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('、'), tail.lastIndexOf('。'));
    if (cut > 0) end = span.end + cut + (tail[cut] === ' ' ? 0 : 1);
  }
  const text = cleanText(model, { start, end }, before + after + (span.end - span.start) + 10);
  return `${start > st.start ? '…' : ''}${text}${end < st.end && !text.endsWith('…') ? '…' : ''}`;
}

export function quote(text: string, lang: Language): string {
  return lang === 'ja' ? `「${text}」` : `“${text}”`;
}

/** "A, B and C" / "A、B、C"; more than `max` names end in "and N more". */
export function nameList(names: string[], lang: Language, max = 6): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, max);
  const more = unique.length - shown.length;
  if (lang === 'ja') return `${shown.join('、')}${more > 0 ? ` ほか ${more} 件` : ''}`;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
