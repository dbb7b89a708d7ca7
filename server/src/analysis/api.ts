/**
 * The engine's public surface, shared by every adapter (LSP, CLI, report, tests).
 * Markdown → parsed document → design model → rules → findings; adapters only translate.
 */
import type { DesignModel, Language } from '../model/types';
import type { Finding, Tier } from '../findings/types';

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
}

export interface AnalysisResult {
  language: Language;
  model: DesignModel;
  findings: Finding[];
  /** set when the document was not reviewed (ordinary Markdown, opt-out): the reason */
  skipped?: string;
  /** rules that threw: reported once, the other rules still ran */
  ruleErrors: { rule: string; message: string }[];
}
