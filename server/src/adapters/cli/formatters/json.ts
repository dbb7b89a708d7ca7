import type { Finding } from '../../../findings/types';
import { LineIndex } from '../../../parse/lineIndex';
import type { Formatter } from '../report';

/**
 * An array with one object per document:
 * `{ file, diagnostics: [{ rule, tier, severity, message, range, …extras }], skipped?, notices?, suppressed? }`,
 * ranges 0-based like LSP (line, UTF-16 character). The first five diagnostic keys are the
 * stable contract; the extras (subject, explanation, related, fix, accepted) follow them.
 */
export const formatJson: Formatter = (reports) => {
  const out = reports.map((r) => {
    let lines: LineIndex | undefined;
    const position = (offset: number) => (lines ??= new LineIndex(r.text)).positionAt(offset);
    const entry: Record<string, unknown> = { file: r.file, diagnostics: r.findings.map((f) => diagnostic(f, position)) };
    if (r.skipped) entry.skipped = r.skipped;
    if (r.notices.length) entry.notices = r.notices.map((n) => ({ message: n.message, range: n.range }));
    if (r.suppressed) entry.suppressed = r.suppressed;
    return entry;
  });
  return `${JSON.stringify(out, null, 2)}\n`;
};

function diagnostic(f: Finding, position: (offset: number) => { line: number; character: number }): Record<string, unknown> {
  const d: Record<string, unknown> = {
    rule: f.rule,
    tier: f.tier,
    severity: f.severity,
    message: f.message,
    range: { start: { line: f.range.start.line, character: f.range.start.character }, end: { line: f.range.end.line, character: f.range.end.character } },
  };
  if (f.subject) d.subject = { id: f.subject.id, name: f.subject.name, kind: f.subject.kind };
  d.explanation = f.explanation;
  if (f.related.length) d.related = f.related.map((p) => ({ message: p.message, range: p.range }));
  if (f.fix) d.fix = { title: f.fix.title, position: position(f.fix.offset), text: f.fix.text };
  if (f.accepted) d.accepted = f.accepted;
  return d;
}
