import type { Language } from '../model/types';
import type { RuleDefinition } from '../rules/definition';
import { explanationLines, plainLine } from './explanationText';
import type { Finding } from './types';

const HEADINGS = {
  ja: { scenario: '障害シナリオ', impact: '運用への影響', fix: '対策', why: 'この指摘の根拠', tier: { critical: '重大', significant: '重要', moderate: '中程度', minor: '軽微' } },
  en: { scenario: 'Failure scenario', impact: 'Operational impact', fix: 'Countermeasure', why: 'Why this was reported', tier: { critical: 'Critical', significant: 'Significant', moderate: 'Moderate', minor: 'Minor' } },
} as const;

/**
 * Hover text: the finding, its failure scenario, impact and countermeasure, and why it was
 * reported (trigger, evidence looked for and where, what was found) — in the doc's language.
 * Made from the finding and its rule's texts only, so that it needs no engine.
 */
export function explainFinding(rule: RuleDefinition | undefined, finding: Finding, language: Language): string {
  if (!rule) return finding.message;
  const h = HEADINGS[language];
  return [
    `**${rule.title[language]}** · ${h.tier[finding.tier]} · \`${rule.id}\``,
    '',
    finding.message,
    '',
    `**${h.scenario}:** ${rule.scenario[language].trim()}`,
    '',
    `**${h.impact}:** ${rule.impact[language].trim()}`,
    '',
    `**${h.fix}:** ${rule.countermeasure[language].trim()}`,
    '',
    `**${h.why}**`,
    '',
    ...explanationLines(finding.explanation, language, plainLine(language)),
  ].join('\n');
}
