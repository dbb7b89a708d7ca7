import type { DesignModel, Span } from '../model/types';
import { parseMarkdown } from '../parse/blocks';
import { splitChunks } from '../parse/chunks';
import { sectionAt } from './fixPlacement';
import type { DirectivePlaces } from './directives';
import type { Finding } from './types';

/**
 * Inline comments that silence or accept findings, in the style of markdownlint/ESLint:
 *
 *   <!-- faultline-disable dead-letter-queue -->       rest of the section (or until -enable)
 *   <!-- faultline-enable dead-letter-queue -->
 *   <!-- faultline-disable-next-line timeout -->       the next non-blank line
 *   <!-- faultline-disable-file rpo-rto -->            the whole file
 *   <!-- faultline-accept rpo-rto: reason, ticket -->  keeps the finding as an accepted risk (Hint)
 *
 * With no rule ids a directive applies to every rule. Unknown rule ids are reported.
 */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-file' | 'accept';
  rules: string[];
  reason?: string;
  start: number;
  end: number;
}

const DIRECTIVE = /<!--\s*faultline-(disable-next-line|disable-file|disable|enable|accept)\b([^]*?)-->/g;

export function directivesIn(model: DesignModel): Directive[] {
  const out: Directive[] = [];
  for (const st of model.statements) {
    if (st.kind !== 'html' && st.kind !== 'paragraph') continue;
    const text = model.text.slice(st.start, st.end);
    if (!text.includes('faultline-')) continue;
    for (const m of text.matchAll(DIRECTIVE)) {
      const kind = m[1] as Directive['kind'];
      let body = m[2]!.trim();
      let reason: string | undefined;
      if (kind === 'accept') {
        const colon = body.indexOf(':');
        if (colon >= 0) {
          reason = body.slice(colon + 1).trim();
          body = body.slice(0, colon);
        }
      }
      const rules = body.split(/[\s,]+/).filter(Boolean);
      out.push({ kind, rules, reason, start: st.start + m.index!, end: st.start + m.index! + m[0].length });
    }
  }
  return out;
}

interface Region extends Span {
  rules: string[];
}

function applies(rules: string[], rule: string): boolean {
  return rules.length === 0 || rules.includes(rule);
}

function sectionEndAt(model: DesignModel, offset: number): number {
  let end = model.text.length;
  let depth = -1;
  for (const s of model.sections) {
    if (s.depth > 0 && s.start <= offset && offset < s.end && s.depth > depth) {
      depth = s.depth;
      end = s.end;
    }
  }
  return depth < 0 ? (model.sections[1]?.start ?? model.text.length) || model.text.length : end;
}

function nextLineSpan(model: DesignModel, offset: number): Span {
  const lines = model.lines;
  let line = lines.positionAt(offset).line + 1;
  while (line < lines.lineCount && model.text.slice(lines.lineStarts[line], lines.lineEnd(line)).trim() === '') line++;
  const start = lines.lineStarts[Math.min(line, lines.lineCount - 1)]!;
  return { start, end: lines.lineEnd(Math.min(line, lines.lineCount - 1)) + 1 };
}

export interface SuppressionResult {
  findings: Finding[];
  /** directives naming rules that do not exist */
  unknownRules: { directive: Directive; rule: string }[];
  suppressed: number;
}

export function applySuppressions(model: DesignModel, findings: Finding[], knownRules: Set<string>): SuppressionResult {
  const directives = directivesIn(model);
  if (directives.length === 0) return { findings, unknownRules: [], suppressed: 0 };
  const unknownRules = directives.flatMap((d) => d.rules.filter((r) => !knownRules.has(r)).map((rule) => ({ directive: d, rule })));
  const regions: Region[] = [];
  const accepts: Directive[] = [];
  for (const d of directives) {
    if (d.kind === 'disable-file') regions.push({ start: 0, end: model.text.length, rules: d.rules });
    else if (d.kind === 'disable-next-line') regions.push({ ...nextLineSpan(model, d.end), rules: d.rules });
    else if (d.kind === 'accept') accepts.push(d);
    else if (d.kind === 'disable') {
      // the directive silences its section, from the section's heading on, unless re-enabled
      const sectionStart = [...model.sections].reverse().find((s) => s.depth > 0 && s.start <= d.start && d.start < s.end)?.start ?? 0;
      let end = sectionEndAt(model, d.start);
      const enable = directives.find((e) => e.kind === 'enable' && e.start > d.start && e.start < end && (e.rules.length === 0 || d.rules.every((r) => e.rules.includes(r))));
      if (enable) end = enable.start;
      regions.push({ start: sectionStart, end, rules: d.rules });
    }
  }
  let suppressed = 0;
  const kept: Finding[] = [];
  for (const f of findings) {
    if (regions.some((r) => applies(r.rules, f.rule) && r.start <= f.start && f.start < r.end)) {
      suppressed++;
      continue;
    }
    const accept = accepts.find((a) => applies(a.rules, f.rule));
    kept.push(accept ? { ...f, tier: 'minor', severity: 'hint', accepted: { reason: accept.reason ?? '' } } : f);
  }
  return { findings: kept, unknownRules, suppressed };
}

// ---------------------------------------------------------------------------------------------
// Directive places: where a new comment must go for the rules above to give it the intended
// scope (directives.ts makes the one-line insertions; the user's text is never changed).

/** Start of the line after the one holding `offset`, or the end of the text. */
function nextLineStart(model: DesignModel, offset: number): number {
  const { line } = model.lines.positionAt(offset);
  return line + 1 < model.lines.lineCount ? model.lines.lineStarts[line + 1]! : model.text.length;
}

/** Where the body of the document starts: after YAML/TOML front matter, else 0. */
function afterFrontMatter(model: DesignModel): number {
  const fm = model.statements.find((s) => s.kind === 'frontmatter' && s.start === 0);
  return fm ? nextLineStart(model, Math.max(fm.start, fm.end - 1)) : 0;
}

/** Where the directives for a finding at `anchor` go (see DirectivePlaces). */
export function directivePlaces(model: DesignModel, anchor: number): DirectivePlaces {
  const section = sectionAt(model, anchor);
  const top = afterFrontMatter(model);
  return {
    section: section.depth > 0 ? nextLineStart(model, Math.max(section.heading.start, section.heading.end - 1)) : top,
    file: top,
    accept: Math.max(topLevelBlockStart(model, anchor), top),
  };
}

/** Line start of the top-level Markdown block (paragraph, list, table, quote, fence…) holding `offset`. */
export function topLevelBlockStart(model: DesignModel, offset: number): number {
  const lineStart = model.lines.lineStarts[model.lines.positionAt(offset).line]!;
  // top-level blocks never cross chunk boundaries: parse only the chunk holding the offset
  const chunk = splitChunks(model.text).find((c) => c.start <= offset && offset < c.end);
  if (!chunk) return lineStart;
  const tree = parseMarkdown(model.text.slice(chunk.start, chunk.end));
  const local = offset - chunk.start;
  const block = tree.children.find((n) => n.position?.start.offset !== undefined && n.position.end.offset !== undefined
    && n.position.start.offset <= local && local < Math.max(n.position.end.offset, n.position.start.offset + 1));
  const start = block?.position?.start.offset;
  if (start === undefined) return lineStart;
  return model.lines.lineStarts[model.lines.positionAt(chunk.start + start).line]!;
}
