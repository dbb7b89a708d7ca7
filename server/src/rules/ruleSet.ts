/**
 * The rules of one review: the built-in rule files plus custom packs, and every problem met
 * loading them (a broken file, a duplicate id, a reference to a concept nobody defines).
 *
 * `RuleSet` is the rules without the engine: ids, texts, templates and sources, read without
 * building the vocabulary's matchers. The language server's protocol thread keeps one per set of
 * packs (to check config rule ids, link rule docs, explain a finding on hover) while its analysis
 * worker holds the engine; the Analyzer loads the same files the same way.
 */
import type { Concept } from '../vocabulary/vocabulary';
import { builtinConceptIds, findRulesDir } from '../vocabulary/vocabularyFiles';
import type { RuleDefinition } from './definition';
import { loadRuleDir, type RuleLoadProblem } from './loadRules';

/** What a caller needs to know of a set of rules (an Analyzer is one too). */
export interface RuleCatalog {
  readonly rules: RuleDefinition[];
  readonly problems: RuleLoadProblem[];
  rule(id: string): RuleDefinition | undefined;
}

export interface RuleSetOptions {
  /** the built-in rules folder (found next to the code by default) */
  rulesDir?: string;
  /** custom rule packs: folders of rule files, data only */
  extraRuleDirs?: string[];
}

export interface LoadedRuleFiles {
  rulesDir: string;
  rules: RuleDefinition[];
  /** concepts the packs define or extend */
  concepts: Concept[];
  problems: RuleLoadProblem[];
}

/** The built-in rule files, then each pack's; a pack's rule with a taken id is a problem, not loaded. */
export function loadRuleFiles(options: RuleSetOptions = {}): LoadedRuleFiles {
  const rulesDir = options.rulesDir ?? findRulesDir();
  const builtin = loadRuleDir(rulesDir);
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
  return { rulesDir, rules, concepts, problems };
}

/** Rules whose coverage names a concept that is not in `known`. */
export function conceptProblems(rules: RuleDefinition[], known: { has(id: string): boolean }): RuleLoadProblem[] {
  const problems: RuleLoadProblem[] = [];
  for (const r of rules) {
    for (const c of (Array.isArray(r.detect) ? r.detect : [r.detect]).flatMap((d) => [...(d.coveredBy ?? []), ...(d.coveredByAll ?? [])])) {
      const id = typeof c === 'string' ? c : c.concept;
      if (!known.has(id)) problems.push({ file: r.source ?? r.id, message: `rule "${r.id}" refers to unknown concept "${id}"` });
    }
  }
  return problems;
}

export class RuleSet implements RuleCatalog {
  private readonly byId: Map<string, RuleDefinition>;

  constructor(
    readonly rules: RuleDefinition[],
    readonly problems: RuleLoadProblem[],
  ) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }

  static load(options: RuleSetOptions = {}): RuleSet {
    const loaded = loadRuleFiles(options);
    const known = new Set([...builtinConceptIds(loaded.rulesDir), ...loaded.concepts.map((c) => c.id)]);
    return new RuleSet(loaded.rules, [...loaded.problems, ...conceptProblems(loaded.rules, known)]);
  }

  rule(id: string): RuleDefinition | undefined {
    return this.byId.get(id);
  }
}
