/** Engine findings → LSP diagnostics. A translation only: every value comes from the finding. */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Finding, Insertion, Severity } from '../../findings/types';
import type { AnalysisResult, Notice } from '../../analysis/api';
import type { Language } from '../../model/types';

export const SOURCE = 'faultline';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The document version of diagnostics computed from the file on disk (the document is not open). */
export const DISK_VERSION = -1;

/**
 * Carried in `Diagnostic.data` and sent back by the client with code-action requests. It only
 * identifies the finding; the action itself is rebuilt from a fresh analysis of the current text.
 */
export interface DiagnosticData {
  rule: string;
  /** the document version the diagnostic was computed for (DISK_VERSION: read from disk) */
  version: number;
  /** the finding's subject id, to tell two findings of one rule apart */
  subject?: string;
  /** the finding's start offset: finds it again when a client reports the range in other units */
  anchor?: number;
  /** where the quick fix would insert, and its title (informational; never applied from here). The
   *  text is left out: a section template repeated on every diagnostic was most of the payload. */
  fix?: Pick<Insertion, 'offset' | 'title'>;
  /** set for an accepted risk */
  accepted?: boolean;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  const v = value as DiagnosticData | undefined;
  return typeof v === 'object' && v !== null && typeof v.rule === 'string' && typeof v.version === 'number';
}

/** The findings the editor shows as problems (accepted risks are shown too, as hints). */
export function activeFindings(result: Pick<AnalysisResult, 'findings'>): Finding[] {
  return result.findings.filter((f) => !f.accepted);
}

export interface DiagnosticContext {
  uri: string;
  version: number;
  language: Language;
  /** the rule's documentation page, for `codeDescription` */
  docUri?: (rule: string) => string | undefined;
}

const ACCEPTED_PREFIX: Record<Language, string> = { en: 'Accepted risk', ja: '受容済みリスク' };
const NO_REASON: Record<Language, string> = { en: 'no reason given', ja: '理由の記載なし' };

/** "Accepted risk: <reason> — <message>": the record's reason first, since that is what changed. */
export function acceptedMessage(finding: Finding, language: Language): string {
  const reason = finding.accepted?.reason.trim() || NO_REASON[language];
  return `${ACCEPTED_PREFIX[language]}: ${reason} — ${finding.message}`;
}

export function toDiagnostic(finding: Finding, ctx: DiagnosticContext): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri: ctx.uri, range: r.range },
    message: r.message,
  }));
  const data: DiagnosticData = { rule: finding.rule, version: ctx.version, anchor: finding.start };
  if (finding.subject) data.subject = finding.subject.id;
  if (finding.fix) data.fix = { offset: finding.fix.offset, title: finding.fix.title };
  if (finding.accepted) data.accepted = true;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: finding.accepted ? DiagnosticSeverity.Hint : (SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning),
    code: finding.rule,
    source: SOURCE,
    message: finding.accepted ? acceptedMessage(finding, ctx.language) : finding.message,
    data,
  };
  const href = ctx.docUri?.(finding.rule);
  if (href) diagnostic.codeDescription = { href };
  if (relatedInformation.length) diagnostic.relatedInformation = relatedInformation;
  return diagnostic;
}

/** What Faultline says about the document itself (unknown rule in a directive, size bound). */
export function noticeDiagnostic(notice: Notice): Diagnostic {
  return { range: notice.range, severity: DiagnosticSeverity.Information, source: SOURCE, message: notice.message };
}

export function toDiagnostics(result: Pick<AnalysisResult, 'findings' | 'notices'>, ctx: DiagnosticContext): Diagnostic[] {
  return [...result.findings.map((f) => toDiagnostic(f, ctx)), ...result.notices.map(noticeDiagnostic)];
}
