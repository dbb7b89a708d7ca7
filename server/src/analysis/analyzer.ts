import type { DesignModel, Language } from '../model/types';
import { ModelBuilder } from '../model/buildModel';
import { ModelView } from '../engine/context';
import { runRules } from '../engine/runRules';
import { loadRuleDir, type RuleLoadProblem } from '../rules/loadRules';
import type { RuleDefinition } from '../rules/definition';
import { findRulesDir, loadVocabulary, type Vocabulary } from '../vocabulary/vocabulary';
import type { Finding } from '../findings/types';
import type { AnalysisResult, AnalyzeOptions } from './api';
import { classifyDocument } from './documentKind';
import { applySuppressions } from '../findings/suppressions';
import { explanationLines, plainLine } from '../findings/explanationText';
import '../engine/checks/all';

export const DEFAULT_MAX_LENGTH = 3_000_000;

/** Where to cut an oversized document: at a heading or blank line before the limit. */
function cutPoint(text: string, limit: number): number {
  const heading = text.lastIndexOf('\n#', limit);
  if (heading > limit * 0.8) return heading + 1;
  const blank = text.lastIndexOf('\n\n', limit);
  return blank > limit * 0.5 ? blank + 1 : limit;
}

export interface AnalyzerOptions {
  /** the built-in rules folder (found next to the code by default) */
  rulesDir?: string;
  /** custom rule packs: folders of rule files, data only */
  extraRuleDirs?: string[];
}

/**
 * One analyzer per process: rules and vocabulary load once. Model builders are kept per
 * document key so that re-analysis after an edit re-parses only the chunks that changed.
 */
export class Analyzer {
  readonly rules: RuleDefinition[];
  readonly problems: RuleLoadProblem[];
  readonly vocabulary: Vocabulary;
  private builders = new Map<string, ModelBuilder>();

  constructor(options: AnalyzerOptions = {}) {
    const dir = options.rulesDir ?? findRulesDir();
    const builtin = loadRuleDir(dir);
    const rules = [...builtin.rules];
    const problems = [...builtin.problems];
    const concepts = [...builtin.concepts];
    for (const extra of options.extraRuleDirs ?? []) {
      const pack = loadRuleDir(extra);
      for (const r of pack.rules) {
        if (rules.some((b) => b.id === r.id)) problems.push({ file: r.source ?? extra, message: `rule id "${r.id}" is already defined` });
        else rules.push(r);
      }
      problems.push(...pack.problems);
      concepts.push(...pack.concepts);
    }
    this.vocabulary = loadVocabulary(dir, concepts);
    for (const r of rules) {
      for (const c of (Array.isArray(r.detect) ? r.detect : [r.detect]).flatMap((d) => [...(d.coveredBy ?? []), ...(d.coveredByAll ?? [])])) {
        const id = typeof c === 'string' ? c : c.concept;
        if (!this.vocabulary.concepts.has(id)) problems.push({ file: r.source ?? r.id, message: `rule "${r.id}" refers to unknown concept "${id}"` });
      }
    }
    this.rules = rules;
    this.problems = problems;
  }

  rule(id: string): RuleDefinition | undefined {
    return this.rules.find((r) => r.id === id);
  }

  analyze(text: string, options: AnalyzeOptions = {}, documentKey?: string): AnalysisResult {
    let builder = documentKey ? this.builders.get(documentKey) : undefined;
    if (!builder) {
      builder = new ModelBuilder(this.vocabulary);
      if (documentKey) this.builders.set(documentKey, builder);
    }
    const limit = options.maxLength ?? DEFAULT_MAX_LENGTH;
    const analysed = text.length > limit ? text.slice(0, cutPoint(text, limit)) : text;
    const model = builder.build(analysed);
    const language = options.language ?? model.language;
    const verdict = classifyDocument(model, options.fileName ?? documentKey);
    if (!options.force && !verdict.review) return { language, model, findings: [], skipped: verdict.reason, ruleErrors: [], notices: [], suppressed: 0 };
    const { findings, errors } = runRules(this.rules, new ModelView(model, language), this.vocabulary, language, options.rules);
    const known = new Set(this.rules.map((r) => r.id));
    const s = applySuppressions(model, findings, known);
    const notices = s.unknownRules.map(({ directive, rule }) => ({
      start: directive.start,
      end: directive.end,
      range: model.lines.range(directive.start, directive.end),
      message: language === 'ja' ? `faultline-${directive.kind}: 不明なルール "${rule}"` : `faultline-${directive.kind}: unknown rule "${rule}"`,
    }));
    if (analysed.length < text.length) {
      const end = analysed.length;
      const mb = (n: number) => (n / 1e6).toFixed(1);
      notices.push({
        start: end,
        end: end,
        range: model.lines.range(end, end),
        message: language === 'ja'
          ? `Faultline はこの文書の先頭 ${mb(end)} MB だけを解析しました（全体 ${mb(text.length)} MB、上限 ${mb(limit)} MB）。以降の内容は指摘の対象外です。`
          : `Faultline analysed only the first ${mb(end)} MB of this ${mb(text.length)} MB document (limit ${mb(limit)} MB); nothing after this point was reviewed.`,
      });
    }
    return { language, model, findings: s.findings, ruleErrors: errors, notices, suppressed: s.suppressed };
  }

  /**
   * The design model of exactly the text `analyze` reviews (the same cut at the size bound),
   * built afresh without touching any document's chunk cache: for code actions, which need the
   * model only on demand (results kept per open document do not hold it).
   */
  modelOf(text: string, options: Pick<AnalyzeOptions, 'maxLength'> = {}): DesignModel {
    const limit = options.maxLength ?? DEFAULT_MAX_LENGTH;
    const analysed = text.length > limit ? text.slice(0, cutPoint(text, limit)) : text;
    return new ModelBuilder(this.vocabulary).build(analysed);
  }

  /** How many chunks the last analysis of a document parsed (the others came from its cache). */
  lastParsedChunks(documentKey: string): number | undefined {
    return this.builders.get(documentKey)?.lastParsedChunks;
  }

  /** Forget the incremental state of a closed document. */
  release(documentKey: string): void {
    this.builders.delete(documentKey);
  }

  /**
   * Hover text: the finding, its failure scenario, impact and countermeasure, and why it was
   * reported (trigger, evidence looked for and where, what was found) — in the doc's language.
   */
  explain(finding: Finding, language: Language): string {
    const rule = this.rule(finding.rule);
    if (!rule) return finding.message;
    const h = language === 'ja'
      ? { scenario: '障害シナリオ', impact: '運用への影響', fix: '対策', why: 'この指摘の根拠', tier: { critical: '重大', significant: '重要', moderate: '中程度', minor: '軽微' } }
      : { scenario: 'Failure scenario', impact: 'Operational impact', fix: 'Countermeasure', why: 'Why this was reported', tier: { critical: 'Critical', significant: 'Significant', moderate: 'Moderate', minor: 'Minor' } };
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
}
