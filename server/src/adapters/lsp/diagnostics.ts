/** Engine findings → LSP diagnostics. A translation only: every value comes from the finding. */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Finding, Insertion, Severity } from '../../findings/types';
import type { AnalysisResult } from '../../analysis/api';

export const SOURCE = 'faultline';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Carried in `Diagnostic.data` and sent back by the client with code-action requests. It only
 * identifies the finding; the action itself is rebuilt from a fresh analysis of the current text.
 */
export interface DiagnosticData {
  rule: string;
  /** the document version the diagnostic was computed for */
  version: number;
  /** the finding's subject id, to tell two findings of one rule apart */
  subject?: string;
  /** the insertion the quick fix would make (informational; never applied from here) */
  fix?: Insertion;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  const v = value as DiagnosticData | undefined;
  return typeof v === 'object' && v !== null && typeof v.rule === 'string' && typeof v.version === 'number';
}

/** The findings the editor shows (accepted risks are not problems any more). */
export function visibleFindings(result: AnalysisResult): Finding[] {
  return result.findings.filter((f) => !f.accepted);
}

export function toDiagnostic(finding: Finding, uri: string, version: number): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri, range: r.range },
    message: r.message,
  }));
  const data: DiagnosticData = { rule: finding.rule, version };
  if (finding.subject) data.subject = finding.subject.id;
  if (finding.fix) data.fix = { offset: finding.fix.offset, text: finding.fix.text, title: finding.fix.title };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.rule,
    source: SOURCE,
    message: finding.message,
    data,
  };
  if (relatedInformation.length) diagnostic.relatedInformation = relatedInformation;
  return diagnostic;
}

export function toDiagnostics(result: AnalysisResult, uri: string, version: number): Diagnostic[] {
  return visibleFindings(result).map((f) => toDiagnostic(f, uri, version));
}
