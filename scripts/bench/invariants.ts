/**
 * What must hold for any analysis of any text, however broken: every offset and range lies
 * inside the document, and every quick fix inserts non-empty text at a place that splits no
 * line break (CR LF) and no surrogate pair. Returns the violations (empty when all hold).
 */
import type { AnalysisResult } from '../../server/src/analysis/api';
import { LineIndex, type Range } from '../../server/src/parse/lineIndex';

function rangeProblems(lines: LineIndex, what: string, start: number, end: number, range: Range): string[] {
  const problems: string[] = [];
  const n = lines.text.length;
  if (!(start >= 0 && start <= end && end <= n)) problems.push(`${what}: offsets ${start}..${end} outside 0..${n}`);
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    if (!(p.line >= 0 && p.line < lines.lineCount)) {
      problems.push(`${what}: ${name} line ${p.line} outside 0..${lines.lineCount - 1}`);
      continue;
    }
    const width = lines.lineEnd(p.line) - lines.lineStarts[p.line]!;
    if (!(p.character >= 0 && p.character <= width)) problems.push(`${what}: ${name} character ${p.character} outside line ${p.line} (length ${width})`);
  }
  const s = lines.range(start, end);
  if (JSON.stringify(s) !== JSON.stringify(range)) problems.push(`${what}: range ${JSON.stringify(range)} does not match offsets ${start}..${end} (${JSON.stringify(s)})`);
  return problems;
}

/** An insertion point that leaves every existing character and pair of characters intact. */
export function splitsNothing(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === 13 && after === 10) return false;
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

export function analysisProblems(text: string, result: AnalysisResult): string[] {
  const problems: string[] = [];
  // ranges are computed on the analysed text, which is the whole text or a prefix of it
  const analysed = result.model.text;
  if (!text.startsWith(analysed)) problems.push(`the analysed text is not a prefix of the document`);
  const lines = new LineIndex(analysed);
  for (const f of result.findings) {
    const what = `${f.rule} at ${f.start}`;
    problems.push(...rangeProblems(lines, what, f.start, f.end, f.range));
    for (const r of f.related) problems.push(...rangeProblems(lines, `${what} related`, r.start, r.end, r.range));
    if (f.fix) {
      if (!(f.fix.offset >= 0 && f.fix.offset <= text.length)) problems.push(`${what}: fix offset ${f.fix.offset} outside 0..${text.length}`);
      else if (!splitsNothing(text, f.fix.offset)) problems.push(`${what}: fix offset ${f.fix.offset} splits a line break or surrogate pair`);
      if (!f.fix.text.trim()) problems.push(`${what}: empty fix`);
    }
  }
  for (const n of result.notices) problems.push(...rangeProblems(lines, `notice "${n.message.slice(0, 40)}"`, n.start, n.end, n.range));
  for (const st of result.model.statements) {
    if (!(st.start >= 0 && st.start <= st.end && st.end <= analysed.length)) {
      problems.push(`statement ${st.index} at ${st.start}..${st.end} outside the document`);
      break;
    }
  }
  return problems;
}

/** The same for what a language server published: every range inside the open document. */
export function diagnosticProblems(doc: { lineCount: number; getText(range?: Range): string }, diagnostics: { range: Range; code?: unknown; relatedInformation?: { location: { range: Range } }[] }[]): string[] {
  const problems: string[] = [];
  const lineLength = (line: number) => doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(?:\r\n|\r|\n)$/, '').length;
  const check = (what: string, range: Range) => {
    for (const p of [range.start, range.end]) {
      if (!(p.line >= 0 && p.line < doc.lineCount)) problems.push(`${what}: line ${p.line} outside 0..${doc.lineCount - 1}`);
      else if (!(p.character >= 0 && p.character <= lineLength(p.line))) problems.push(`${what}: character ${p.character} outside line ${p.line} (length ${lineLength(p.line)})`);
    }
    if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) problems.push(`${what}: range ends before it starts`);
  };
  for (const d of diagnostics) {
    check(`diagnostic ${String(d.code ?? 'notice')}`, d.range);
    for (const r of d.relatedInformation ?? []) check(`diagnostic ${String(d.code)} related`, r.location.range);
  }
  return problems;
}
