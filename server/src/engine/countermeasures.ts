import type { DesignModel } from '../model/types';
import type { RuleDefinition } from '../rules/definition';

/**
 * Sections a quick fix inserted: their heading is a rule's fix title ("Dead-letter queue for
 * Amazon SQS queue `orders`", 「Stripe のタイムアウト」). What they say is a countermeasure, so it
 * counts as evidence for every rule, but it never raises a finding of its own: a consumer the DLQ
 * template mentions, or the "p99 above 2 s" of a degradation table, is Faultline's own wording,
 * and a fix must not leave squiggles on the text it wrote.
 */
// one alternation per rule set: every keystroke tests each heading once, not once per fix title
const titlePatterns = new WeakMap<RuleDefinition[], RegExp>();

function patternOf(rules: RuleDefinition[]): RegExp {
  let pattern = titlePatterns.get(rules);
  if (!pattern) {
    const alternatives = rules.flatMap((r) => [r.fix.title.en, r.fix.title.ja]).map((title) =>
      title.trim().split(/\{\{\s*[\w.-]+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?'),
    );
    pattern = new RegExp(`^(?:${alternatives.join('|')})$`);
    titlePatterns.set(rules, pattern);
  }
  return pattern;
}

/** Indexes of the sections whose heading is a fix title, with every section below them. */
export function countermeasureSections(model: DesignModel, rules: RuleDefinition[]): Set<number> {
  const pattern = patternOf(rules);
  const out = new Set<number>();
  for (const s of model.sections) {
    if (s.depth === 0) continue;
    if (s.parent !== null && out.has(s.parent)) {
      out.add(s.index);
      continue;
    }
    const heading = model.text.slice(s.heading.start, s.heading.end).replace(/^\s*#+\s*/, '').replace(/\s+#+\s*$/, '').trim();
    if (pattern.test(heading)) out.add(s.index);
  }
  return out;
}
