import type { RuleDefinition } from '../../rules/definition';
import type { Finding, Severity } from '../../findings/types';
import type { Language } from '../../model/types';
import type { Notice } from '../../analysis/api';

/** What the formatters receive: one entry per document, in command-line order. */
export interface FileReport {
  /** as reported: relative to the working directory when inside it */
  file: string;
  abs: string;
  /** the document's text (for positions of quick-fix insertions, fingerprints) */
  text: string;
  language?: Language;
  findings: Finding[];
  /** why the document was not reviewed */
  skipped?: string;
  /** what the engine says about the document itself (unknown rule in a suppression comment, size bound) */
  notices: Notice[];
  /** findings silenced by suppression comments */
  suppressed: number;
}

export interface Counts {
  total: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

export interface FormatContext {
  cwd: string;
  /** every rule that could have reported (built-in and custom packs), by id */
  rules: Map<string, RuleDefinition>;
  color: boolean;
  version: string;
  /** engine notes for the run (broken rule files, rules that threw) */
  notifications: { message: string; level: 'error' | 'warning' }[];
}

export type Formatter = (reports: FileReport[], ctx: FormatContext) => string;

export function countFindings(findings: Iterable<Finding>): Counts {
  const c: Counts = { total: 0, errors: 0, warnings: 0, infos: 0, hints: 0 };
  const key: Record<Severity, keyof Counts> = { error: 'errors', warning: 'warnings', information: 'infos', hint: 'hints' };
  for (const f of findings) {
    c.total++;
    c[key[f.severity]]++;
  }
  return c;
}
