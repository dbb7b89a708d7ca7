import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import type { Concept } from '../vocabulary/vocabulary';
import type { RuleDefinition } from './definition';
import ruleSchema from '../../../rules/schema/rule.schema.json';

/**
 * Loads rule files (built-in or a custom pack) and validates each against the rule schema.
 * A broken file is reported with its reason and skipped; the other rules still load.
 */
export interface RuleLoadProblem {
  file: string;
  message: string;
  line?: number;
}

export interface LoadedRules {
  rules: RuleDefinition[];
  concepts: Concept[];
  problems: RuleLoadProblem[];
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateRule = ajv.compile(ruleSchema);

export function parseRuleFile(file: string, text: string): { rule?: RuleDefinition; concepts: Concept[]; problems: RuleLoadProblem[] } {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    return { concepts: [], problems: doc.errors.map((e) => ({ file, message: e.message.split('\n')[0]!, line: e.linePos?.[0]?.line })) };
  }
  const data = doc.toJS() as Record<string, unknown>;
  if (!validateRule(data)) {
    const problems = (validateRule.errors ?? []).map((e) => ({ file, message: `${e.instancePath || '(rule)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}` }));
    return { concepts: [], problems };
  }
  const expectedId = path.basename(file).replace(/\.ya?ml$/, '');
  if (data.id !== expectedId) return { concepts: [], problems: [{ file, message: `id "${String(data.id)}" does not match the file name "${expectedId}"` }] };
  const rule = { ...(data as unknown as RuleDefinition), source: file };
  const extra = (data.concepts ?? {}) as Record<string, { label?: { en: string; ja: string }; terms: string[] }>;
  const concepts = Object.entries(extra).map(([id, c]) => ({ id, label: c.label, terms: c.terms.map(String) }));
  return { rule, concepts, problems: [] };
}

export function loadRuleDir(dir: string): LoadedRules {
  const out: LoadedRules = { rules: [], concepts: [], problems: [] };
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (e) {
    out.problems.push({ file: dir, message: `cannot read rule folder: ${(e as Error).message}` });
    return out;
  }
  for (const f of files) {
    const file = path.join(dir, f);
    const { rule, concepts, problems } = parseRuleFile(file, fs.readFileSync(file, 'utf8'));
    if (rule) out.rules.push(rule);
    out.concepts.push(...concepts);
    out.problems.push(...problems);
  }
  return out;
}
