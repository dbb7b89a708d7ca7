/**
 * The engine's public surface, shared by every adapter (LSP, CLI, report, tests).
 * Markdown → parsed document → design model → rules → findings; adapters only translate.
 */
import type { DesignModel, Language } from '../model/types';
import type { Finding, Tier } from '../findings/types';
import type { Range } from '../parse/lineIndex';

/** Per-rule setting: "off", or a tier that replaces the rule's default. */
export type RuleSetting = 'off' | Tier;
export type RuleSettings = Record<string, RuleSetting>;

export interface AnalyzeOptions {
  rules?: RuleSettings;
  /** force the language instead of detecting it */
  language?: Language;
  /** review even when the document does not look like a design doc */
  force?: boolean;
  /** the document's path or URI: its name helps tell a README from a design doc */
  fileName?: string;
  /** analyse at most this many characters (default 3,000,000); the rest is skipped with a notice */
  maxLength?: number;
}

export interface AnalysisResult {
  language: Language;
  model: DesignModel;
  findings: Finding[];
  /** set when the document was not reviewed (ordinary Markdown, opt-out): the reason */
  skipped?: string;
  /** rules that threw: reported once, the other rules still ran */
  ruleErrors: { rule: string; message: string }[];
  /** things the user should know about the document itself (an unknown rule in a
   *  suppression comment, analysis stopped at a size bound): shown as Information */
  notices: Notice[];
  /** findings silenced by suppression comments */
  suppressed: number;
}

export interface Notice {
  start: number;
  end: number;
  range: Range;
  message: string;
}

/** An analysis result without its design model: what a language server keeps per open document. */
export type AnalysisSummary = Omit<AnalysisResult, 'model'>;

export function summarize(result: AnalysisResult): AnalysisSummary {
  const { model: _model, ...rest } = result;
  return rest;
}
