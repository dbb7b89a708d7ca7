import type { DesignModel, Language } from '../model/types';
import { ModelBuilder } from '../model/buildModel';
import { ModelView } from '../engine/context';
import { runRules } from '../engine/runRules';
import type { RuleLoadProblem } from '../rules/loadRules';
import { conceptProblems, loadRuleFiles, type RuleCatalog, type RuleSetOptions } from '../rules/ruleSet';
import type { RuleDefinition } from '../rules/definition';
import { loadVocabulary, type Vocabulary } from '../vocabulary/vocabulary';
import type { Finding } from '../findings/types';
import type { AnalysisResult, AnalyzeOptions } from './api';
import { classifyDocument } from './documentKind';
import { applySuppressions } from '../findings/suppressions';
import { explainFinding } from '../findings/explainFinding';
import '../engine/checks/all';

export const DEFAULT_MAX_LENGTH = 3_000_000;

/** Where to cut an oversized document: at a heading or blank line before the limit. */
function cutPoint(text: string, limit: number): number {
  const heading = text.lastIndexOf('\n#', limit);
  if (heading > limit * 0.8) return heading + 1;
  const blank = text.lastIndexOf('\n\n', limit);
  return blank > limit * 0.5 ? blank + 1 : limit;
}

export type AnalyzerOptions = RuleSetOptions;

/**
 * One analyzer per process: rules and vocabulary load once. Model builders are kept per
 * document key so that re-analysis after an edit re-parses only the chunks that changed.
 */
export class Analyzer implements RuleCatalog {
  readonly rules: RuleDefinition[];
  readonly problems: RuleLoadProblem[];
  readonly vocabulary: Vocabulary;
  private builders = new Map<string, ModelBuilder>();

  constructor(options: AnalyzerOptions = {}) {
    const loaded = loadRuleFiles(options);
    this.vocabulary = loadVocabulary(loaded.rulesDir, loaded.concepts);
    this.rules = loaded.rules;
    this.problems = [...loaded.problems, ...conceptProblems(loaded.rules, this.vocabulary.concepts)];
  }

  rule(id: string): RuleDefinition | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /**
   * With a `documentKey`, the next analysis of the same key re-uses what it can of this one's
   * model, moving statements in place: the returned model is valid until then.
   */
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

  /** Hover text for a finding of these rules (see explainFinding). */
  explain(finding: Finding, language: Language): string {
    return explainFinding(this.rule(finding.rule), finding, language);
  }
}
