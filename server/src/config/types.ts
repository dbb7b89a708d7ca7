import type { Range } from '../parse/lineIndex';
import type { RuleSetting, RuleSettings } from '../analysis/api';

/** The file names searched for, in this order, in every folder from a document up to the root. */
export const CONFIG_FILE_NAMES = ['.faultline.jsonc', '.faultline.yaml', '.faultline.yml'] as const;

/** What is wrong with a config file, and where (0-based LSP range, so it can become a diagnostic). */
export interface ConfigProblem {
  file: string;
  message: string;
  range?: Range;
}

/** A set of globs and the folder they are relative to (the folder of the file that declared them). */
export interface GlobSet {
  baseDir: string;
  patterns: string[];
  /** the config file that declared them */
  source: string;
}

/** Where a config value was written, so later checks (unknown rule id) can point at it. */
export interface ValueOrigin {
  file: string;
  range?: Range;
}

/** One config file with everything it extends merged in. */
export interface ResolvedConfig {
  /** the config file that applies (the nearest one, or the one given with --config) */
  file: string;
  /** every file that contributed, that file first, then what it extends */
  files: string[];
  rules: RuleSettings;
  /** where each rule setting was written (the winning one) */
  ruleOrigins: Record<string, ValueOrigin>;
  /** when set, only documents matching it are reviewed */
  include?: GlobSet;
  /** documents matching any of these are never reviewed */
  exclude: GlobSet[];
  /** absolute folders of custom rule packs */
  customRules: string[];
  /** where each custom rule folder was named */
  customRuleOrigins: Record<string, ValueOrigin>;
  force?: boolean;
}

export interface LoadResult {
  config?: ResolvedConfig;
  problems: ConfigProblem[];
}

export type { RuleSetting, RuleSettings };

/** `file:line:col: message` (1-based), the way compilers print it. */
export function formatConfigProblem(p: ConfigProblem): string {
  const where = p.range ? `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}` : p.file;
  return `${where}: ${p.message}`;
}
