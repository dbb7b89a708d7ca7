/** Hover over a squiggle: the engine's explanation of each finding there, in the doc's language. */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { Language } from '../../model/types';
import type { Finding } from '../../findings/types';

/** Findings whose range holds the offset (LSP ranges exclude their end; an empty range holds its start). */
export function findingsAt(findings: Finding[], offset: number): Finding[] {
  return findings.filter((f) => (f.start === f.end ? offset === f.start : f.start <= offset && offset < f.end));
}

export function buildHover(
  findings: Finding[],
  offset: number,
  language: Language,
  explain: (finding: Finding, language: Language) => string,
): Hover | null {
  const hits = findingsAt(findings, offset);
  if (hits.length === 0) return null;
  const value = hits.map((f) => explain(f, language)).join('\n\n---\n\n');
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value } };
  if (hits.length === 1) hover.range = hits[0]!.range;
  return hover;
}
