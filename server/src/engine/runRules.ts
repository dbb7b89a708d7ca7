import type { Language } from '../model/types';
import type { DetectSpec, RuleDefinition } from '../rules/definition';
import type { RuleSettings } from '../analysis/api';
import { TIER_SEVERITY, type Finding, type Tier } from '../findings/types';
import { docNames, fill } from '../findings/placeholders';
import { insertionFor } from '../findings/fixPlacement';
import type { ModelView } from './context';
import { coverage } from './coverage';
import { countermeasureSections } from './countermeasures';
import { explainFinding } from '../findings/explanation';
import { documentHolds, selectSubjects, type Subject } from './subjects';
import type { Vocabulary } from '../vocabulary/vocabulary';

/**
 * Runs every enabled rule over the model. A rule that throws is isolated: its error is
 * returned once and the other rules still report.
 */
export function runRules(
  rules: RuleDefinition[],
  view: ModelView,
  vocab: Vocabulary,
  language: Language,
  settings: RuleSettings = {},
): { findings: Finding[]; errors: { rule: string; message: string }[] } {
  const findings: Finding[] = [];
  const errors: { rule: string; message: string }[] = [];
  view.setCountermeasureSections(countermeasureSections(view.model, rules));
  const names = docNames(view.model, language, vocab, (e) => view.inDesign(e));
  for (const rule of rules) {
    const setting = settings[rule.id];
    if (setting === 'off') continue;
    try {
      const specs = Array.isArray(rule.detect) ? rule.detect : [rule.detect];
      const seen = new Set<number>();
      for (const d of specs) {
        if (d.requires && !documentHolds(d.requires, view)) continue;
        if (d.unlessDocument && d.unlessDocument.some((c) => view.statementsWith(c).some((st) => view.has(st, c)))) continue;
        const tier: Tier = setting ?? d.tier ?? rule.tier;
        let reported = 0;
        for (const subject of selectSubjects(d, view)) {
          if (d.maxFindings !== undefined && reported >= d.maxFindings) break;
          // alternative triggers may find the same place; one squiggle is enough
          if (seen.has(subject.anchor.start) || coverage(subject, d, view)) continue;
          reported++;
          seen.add(subject.anchor.start);
          findings.push(toFinding(rule, d, tier, subject, view, vocab, language, names));
        }
      }
    } catch (e) {
      errors.push({ rule: rule.id, message: (e as Error).message });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  return { findings, errors };
}

function toFinding(
  rule: RuleDefinition,
  spec: DetectSpec,
  tier: Tier,
  subject: Subject,
  view: ModelView,
  vocab: Vocabulary,
  lang: Language,
  docNamesForLang: ReturnType<typeof docNames>,
): Finding {
  const lines = view.model.lines;
  const n = { ...docNamesForLang, subject: subject.name, detail: subject.detail?.[lang] ?? '' };
  const title = capitalized(fill(rule.fix.title[lang], n));
  const body = fill(rule.fix.body[lang], n);
  const relatedMsg = lang === 'ja' ? `${subject.name} への別の言及` : `another mention of ${subject.name}`;
  return {
    rule: rule.id,
    tier,
    severity: TIER_SEVERITY[tier],
    message: capitalized(fill(rule.message[lang], n)),
    start: subject.anchor.start,
    end: subject.anchor.end,
    range: lines.range(subject.anchor.start, subject.anchor.end),
    subject: { id: subject.id, name: subject.name, kind: subject.kind },
    related: subject.related.slice(0, 20).map((r) => ({ ...r, range: lines.range(r.start, r.end), message: relatedMsg })),
    explanation: explainFinding(spec, subject, view, vocab, lang),
    fix: insertionFor(view.model, subject.anchor.start, title, body),
  };
}

/** "the system" may open a message or a title; a product such as "etcd" keeps its own spelling. */
function capitalized(text: string): string {
  return text.replace(/^the\b/, 'The');
}
