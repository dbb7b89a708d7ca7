import type { Finding, Tier } from '../findings/types';
import { TIERS } from '../findings/types';
import { foundText, nearText, soughtText } from '../findings/explanationText';
import type { RuleDefinition } from '../rules/definition';
import type { DesignModel, Language } from '../model/types';
import { cleanText, lineLink, lineLinkAt, nameList, quote, type LinkContext } from './markdown';
import type { Structure } from './structure';
import { TEXT } from './text';

/**
 * Phase 2: the findings of one rule and tier form one issue — "C-1: Circuit breaker —
 * PostgreSQL, Redis and SendGrid" — with every place it applies to, the failure scenario,
 * impact and countermeasures once, and why the engine reported it.
 */
export interface Issue {
  /** "C-1", "S-2" */
  id: string;
  tier: Tier;
  ruleId: string;
  rule?: RuleDefinition;
  category: string;
  findings: Finding[];
  /** the subjects worth naming in a heading: infrastructure, endpoints, flows — not whole sentences */
  names: string[];
}

/** Themes in the order a reviewer reads them: isolation and consistency before operations. */
export const THEME_ORDER = ['isolation', 'transactions', 'fault-recovery', 'durability', 'deployment', 'numbers', 'observability', 'operations'];
const TIER_PREFIX: Record<Tier, string> = { critical: 'C', significant: 'S', moderate: 'M', minor: 'm' };

export function groupIssues(findings: Finding[], rule: (id: string) => RuleDefinition | undefined, model: DesignModel): Issue[] {
  const issues: Issue[] = [];
  for (const tier of TIERS) {
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) if (f.tier === tier) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    const groups = [...byRule].map(([ruleId, fs]) => ({ ruleId, fs, rule: rule(ruleId) }));
    const theme = (c: string | undefined) => (THEME_ORDER.includes(c ?? '') ? THEME_ORDER.indexOf(c!) : THEME_ORDER.length);
    groups.sort((a, b) => theme(a.rule?.category) - theme(b.rule?.category) || a.fs[0]!.start - b.fs[0]!.start);
    groups.forEach((g, i) => issues.push({ id: `${TIER_PREFIX[tier]}-${i + 1}`, tier, ruleId: g.ruleId, rule: g.rule, category: g.rule?.category ?? '', findings: g.fs, names: g.fs.map((f) => subjectName(f, model)).filter((n): n is string => !!n) }));
  }
  return issues;
}

/** A flow is named by its section ("3.3.1 Task Creation Flow"), a sentence or the whole doc not at all. */
function subjectName(f: Finding, model: DesignModel): string | undefined {
  const s = f.subject;
  if (!s || s.kind === 'document' || s.kind === 'statement') return undefined;
  if (s.kind === 'flow') return model.sections[Number(s.id.slice('flow:'.length))]?.title ?? s.name;
  return s.name;
}

export function issueTitle(issue: Issue, lang: Language): string {
  return issue.rule?.title[lang] ?? issue.ruleId;
}

export function renderIssue(issue: Issue, ctx: LinkContext, structure: Structure): string[] {
  const lang = ctx.lang;
  const t = TEXT[lang];
  const names = issue.names;
  const out: string[] = [`#### ${issue.id}: ${issueTitle(issue, lang)}${names.length ? ` — ${nameList(names, lang, 4)}` : ''}`, ''];
  const [first, ...rest] = issue.findings;
  const detailed = /\{\{\s*detail\s*\}\}/.test(issue.rule?.message.en ?? '');
  // each finding of a numeric check carries its own arithmetic: keep every message
  const others = rest.map((f) => f.subject?.name).filter((n): n is string => !!n);
  out.push(`**${t.issue}:** ${first!.message}${!detailed && others.length && names.length ? `${t.space}${t.sameFor(nameList(others, lang))}` : ''}${t.paren(`\`${issue.ruleId}\``)}`, '');
  out.push(`**${t.where}:**`, '');
  for (const f of issue.findings) out.push(`- ${placeLine(f, ctx, structure, detailed && f !== first)}`);
  out.push('');
  if (issue.rule) {
    out.push(`**${t.scenario}:** ${issue.rule.scenario[lang].trim()}`, '');
    out.push(`**${t.impact}:** ${issue.rule.impact[lang].trim()}`, '');
    const fix = first!.fix ? `${t.space}${t.quickFix(first!.fix.title, issue.findings.filter((f) => f.fix).length)}` : '';
    out.push(`**${t.countermeasures}:** ${issue.rule.countermeasure[lang].trim()}${fix}`, '');
  }
  out.push(`**${t.why}:**`, '', ...whyLines(issue, ctx), '');
  return out;
}

/** One place of the issue: the subject, its line, and what the doc's structure says about it. */
function placeLine(f: Finding, ctx: LinkContext, structure: Structure, withMessage: boolean): string {
  const lang = ctx.lang;
  const t = TEXT[lang];
  const link = lineLink(ctx, f.start);
  const kind = f.subject?.kind;
  const facts: string[] = [];
  const id = f.subject?.id ?? '';
  const users = structure.usersOf.get(id) ?? [];
  const flows = structure.flowsOf.get(id) ?? [];
  if (users.length) facts.push(t.usedBy(nameList(users, lang, 4)));
  if (flows.length) facts.push(t.onFlows(nameList(flows, lang, 3)));
  const entityLike = kind && kind !== 'document' && kind !== 'statement' && kind !== 'flow';
  const head = entityLike ? `**${f.subject!.name}** — ${link}` : `${link}: ${quote(cleanText(ctx.model, lineSpan(ctx, f.start)), lang)}`;
  // what made the rule apply, when the name alone does not say it (a flow, the whole document)
  const trigger = !entityLike && kind !== 'statement' ? ` — ${f.explanation.trigger.text}` : '';
  const message = withMessage ? ` — ${f.message}` : '';
  return `${head}${facts.length ? t.paren(facts.join(t.factSep)) : ''}${trigger}${message}`;
}

function lineSpan(ctx: LinkContext, offset: number): { start: number; end: number } {
  const { line } = ctx.model.lines.positionAt(offset);
  return { start: ctx.model.lines.lineStarts[line]!, end: ctx.model.lines.lineEnd(line) };
}

function whyLines(issue: Issue, ctx: LinkContext): string[] {
  const lang = ctx.lang;
  const first = issue.findings[0]!;
  const at = (line0: number) => lineLinkAt(ctx, line0);
  const label = lang === 'ja'
    ? { sought: '探した根拠', scope: '探した範囲', found: '見つかった根拠', none: 'なし', near: '近い記述はあるが数えていないもの' }
    : { sought: 'Evidence looked for', scope: 'Looked in', found: 'Found', none: 'none', near: 'Seen nearby, but not counted' };
  const out = [`- ${label.sought}: ${soughtText(first.explanation.evidenceSought, lang)}`];
  // a group of named subjects shares one scope: each subject's own statements and sections
  const scope = issue.findings.length > 1 && issue.names.length === issue.findings.length && first.explanation.scope !== issue.findings[1]!.explanation.scope ? TEXT[lang].eachScope : first.explanation.scope;
  out.push(`- ${label.scope}: ${scope}`);
  const partial = issue.findings.filter((f) => f.explanation.found.length);
  if (partial.length === 0) out.push(`- ${label.found}: ${label.none}`);
  else if (issue.findings.length === 1) out.push(`- ${label.found}: ${foundText(first.explanation, lang, at)}`);
  else {
    const sep = lang === 'ja' ? '、' : '; ';
    const none = issue.findings.filter((f) => !f.explanation.found.length).map((f) => f.subject?.name ?? '');
    const parts = partial.map((f) => `${f.subject?.name ?? ''}: ${foundText(f.explanation, lang, at)}`);
    if (none.length) parts.push(`${nameList(none, lang)}: ${label.none}`);
    out.push(`- ${label.found}: ${parts.join(sep)}`);
  }
  const seen = new Set<string>();
  const near = issue.findings.flatMap((f) => f.explanation.nearMisses).filter((n) => {
    const key = `${n.concept}:${n.range.start.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (near.length) out.push(`- ${label.near}: ${near.slice(0, 3).map((n) => nearText(n, lang, at)).join('; ')}`);
  return out;
}
