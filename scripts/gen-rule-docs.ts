/**
 * Generates docs/rules/<id>.md and docs/rules/README.md from rules/*.yaml, so the docs every
 * diagnostic links to can never drift from the rules. `--check` fails when they are stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../server/src/analysis/analyzer';
import type { DetectSpec, RuleDefinition, SubjectSelector } from '../server/src/rules/definition';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'docs', 'rules');
const check = process.argv.includes('--check');
const analyzer = new Analyzer();

const TIER = { critical: 'Critical (Error)', significant: 'Significant (Warning)', moderate: 'Moderate (Information)', minor: 'Minor (Hint)' };

function describeSelector(s: SubjectSelector): string {
  if (s.entities) return `each ${s.entities.kinds.join(' / ')}${s.entities.roles ? ` (${s.entities.roles.join(', ')})` : ''}${s.entities.notRoles ? ` except ${s.entities.notRoles.join(', ')}` : ''} the doc names${s.entities.named ? ' (named queues/topics when the doc names them)' : ''}`;
  if (s.endpoints) return `each ${s.endpoints.methods.join('/')} endpoint${s.endpoints.cues ? ` that is about ${s.endpoints.cues.join(' or ')}` : ''}`;
  if (s.statements) return `statements that mention ${[...(s.statements.cues ?? []), ...(s.statements.allCues ?? [])].map((c) => `*${c}*`).join(s.statements.allCues ? ' and ' : ' or ') || 'the listed things'}${s.statements.entityKinds ? ` together with a ${s.statements.entityKinds.join(' / ')}` : ''}${s.statements.perDocument ? ' (the first one in the document)' : ''}`;
  if (s.consumers) return `each place where a ${s.consumers.semantics ?? ''} queue or stream is consumed`;
  if (s.flows) return s.flows.pattern === 'write-then-publish' ? 'a data flow that writes a datastore and then sends to a queue, stream, pub/sub or another service' : 'a data flow that writes two different datastores';
  if (s.document) return 'the document as a whole';
  if (s.check) return `the numbers the doc states (check \`${s.check}\`)`;
  return '';
}

function evidence(spec: DetectSpec): string {
  const parts: string[] = [];
  const label = (c: string | { concept: string; withFigure?: string }) => {
    const id = typeof c === 'string' ? c : c.concept;
    const concept = analyzer.vocabulary.concepts.get(id);
    const terms = (concept?.terms ?? []).slice(0, 8).map((t) => `\`${t}\``).join(', ');
    const fig = typeof c === 'string' || !c.withFigure ? '' : ` with a ${c.withFigure} value`;
    return `**${concept?.label?.en ?? id}**${fig} — e.g. ${terms}`;
  };
  if (spec.coveredBy?.length) parts.push(`Any of:\n\n${spec.coveredBy.map((c) => `- ${label(c)}`).join('\n')}`);
  if (spec.coveredByAll?.length) parts.push(`All of:\n\n${spec.coveredByAll.map((c) => `- ${label(c)}`).join('\n')}`);
  const scope = spec.scope ?? 'subject';
  parts.push(scope === 'document' ? '_Evidence counts anywhere in the document._' : scope === 'section' ? '_Evidence counts in the same section._' : '_Evidence counts when it names the subject, sits in a section titled with it, or is a doc-wide policy that names no specific component._');
  return parts.join('\n\n');
}

function page(rule: RuleDefinition): string {
  const specs = Array.isArray(rule.detect) ? rule.detect : [rule.detect];
  return [
    `# \`${rule.id}\` — ${rule.title.en} / ${rule.title.ja}`,
    '',
    `**Tier:** ${TIER[rule.tier]} · **Category:** ${rule.category}`,
    '',
    `> ${rule.message.en}`,
    '',
    '## Failure scenario',
    '',
    rule.scenario.en.trim(),
    '',
    '## Operational impact',
    '',
    rule.impact.en.trim(),
    '',
    '## When it applies',
    '',
    ...specs.map((s) => `- ${describeSelector(s.subjects)}${s.tier ? ` (tier ${s.tier})` : ''}`),
    '',
    '## What covers it',
    '',
    ...specs.map((s) => evidence(s)),
    '',
    '## Countermeasure',
    '',
    rule.countermeasure.en.trim(),
    '',
    `The quick fix inserts "${rule.fix.title.en}" at the end of the section holding the finding, filled with the doc's own names:`,
    '',
    '```markdown',
    rule.fix.body.en.trim(),
    '```',
    '',
    '## 日本語',
    '',
    `> ${rule.message.ja}`,
    '',
    `**障害シナリオ:** ${rule.scenario.ja.trim()}`,
    '',
    `**運用への影響:** ${rule.impact.ja.trim()}`,
    '',
    `**対策:** ${rule.countermeasure.ja.trim()}`,
    '',
    '```markdown',
    rule.fix.body.ja.trim(),
    '```',
    '',
    '## Silencing it',
    '',
    `\`<!-- faultline-disable ${rule.id} -->\` (rest of the section), \`<!-- faultline-disable-next-line ${rule.id} -->\`, \`<!-- faultline-disable-file ${rule.id} -->\`, or record an accepted risk: \`<!-- faultline-accept ${rule.id}: reason, ticket -->\`. In settings: \`"faultline.rules": { "${rule.id}": "off" }\`.`,
    '',
  ].join('\n');
}

const files = new Map<string, string>();
const rules = [...analyzer.rules].sort((a, b) => a.id.localeCompare(b.id));
for (const r of rules) files.set(`${r.id}.md`, page(r));
files.set(
  'README.md',
  ['# Faultline rules', '', '| id | tier | title | 日本語 |', '|---|---|---|---|', ...rules.map((r) => `| [\`${r.id}\`](${r.id}.md) | ${r.tier} | ${r.title.en} | ${r.title.ja} |`), ''].join('\n'),
);

let stale = 0;
if (!check) fs.mkdirSync(out, { recursive: true });
for (const [name, content] of files) {
  const file = path.join(out, name);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current === content) continue;
  stale++;
  if (!check) fs.writeFileSync(file, content);
}
if (analyzer.problems.length) console.error(analyzer.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
if (check && stale) {
  console.error(`docs/rules is out of date (${stale} files); run: npm run docs`);
  process.exit(1);
}
