import type { AnalysisResult } from '../analysis/api';
import type { Analyzer } from '../analysis/analyzer';
import { ModelView } from '../engine/context';
import type { Tier } from '../findings/types';
import { TIERS } from '../findings/types';
import { groupIssues, renderIssue, THEME_ORDER, type Issue, issueTitle } from './issues';
import { excerpt, lineLink, nameList, quote, type LinkContext } from './markdown';
import { analyseStructure, type MechanismFacts, type Structure } from './structure';
import { TEXT, type Criticality } from './text';
import type { Language } from '../model/types';

/**
 * The review report, in the structure of an expert's review: Phase 1 structural analysis
 * (components, data flows, dependencies by criticality, stated mechanisms), Phase 2 issues by
 * tier, accepted risks, positive aspects and a summary with prioritised recommendations — in
 * the doc's language, with the doc's names and links to its lines. Everything in it comes
 * from the model or a finding; a section with nothing to say says so in one line.
 */
export interface ReportOptions {
  /** the doc's path relative to where the report is written, for line links */
  fileName?: string;
}

export function buildReport(result: AnalysisResult, analyzer: Analyzer, options: ReportOptions = {}): string {
  const lang = result.language;
  const t = TEXT[lang];
  const model = result.model;
  const ctx: LinkContext = { model, lang, fileName: options.fileName };
  const title = model.sections.find((s) => s.depth > 0)?.title ?? options.fileName ?? '';
  const out: string[] = [`# ${t.title}: ${title}`, ''];
  if (result.skipped) {
    out.push(`> ${t.skipped}: ${result.skipped}`, '');
    return out.join('\n');
  }
  const structure = analyseStructure(new ModelView(model, lang), analyzer.vocabulary);
  const issues = groupIssues(result.findings.filter((f) => !f.accepted), (id) => analyzer.rule(id), model);

  out.push(`## ${t.phase1}`, '', ...phase1(structure, ctx));
  out.push(`## ${t.phase2}`, '');
  if (issues.length === 0) out.push(t.noFindings, '');
  for (const tier of TIERS) {
    const inTier = issues.filter((i) => i.tier === tier);
    if (inTier.length === 0) continue;
    out.push(`### ${t.tiers[tier]}`, '');
    for (const issue of inTier) out.push(...renderIssue(issue, ctx, structure));
  }
  const accepted = result.findings.filter((f) => f.accepted);
  if (accepted.length) {
    out.push(`### ${t.accepted}`, '');
    for (const f of accepted) out.push(`- \`${f.rule}\` — ${f.message} (${lineLink(ctx, f.start)})${f.accepted!.reason ? `: ${f.accepted!.reason}` : ''}`);
    out.push('');
  }
  out.push(`## ${t.positive}`, '', ...positiveAspects(structure, issues, analyzer, ctx));
  out.push(`## ${t.summary}`, '', ...summary(issues, structure, ctx));
  return out.join('\n');
}

function phase1(s: Structure, ctx: LinkContext): string[] {
  const lang = ctx.lang;
  const t = TEXT[lang];
  const out: string[] = [`### ${t.components}`, ''];
  if (s.components.length === 0) out.push(t.noneComponents);
  for (const c of s.components) {
    const parts = [c.description?.replace(/[.。]$/, ''), c.uses.length ? t.uses(nameList(c.uses.map((u) => (u.tech ? `\`${u.name}\`` : u.name)), lang, 8)) : undefined].filter(Boolean);
    out.push(`- **${c.entity.name}** (${lineLink(ctx, c.at)})${parts.length ? `: ${sentence(parts.join(lang === 'ja' ? '。' : '; '), lang)}` : ''}`);
  }
  out.push('', `### ${t.flows}`, '');
  if (s.flows.length === 0) out.push(t.noneFlows);
  s.flows.forEach((f, i) => {
    const steps = f.flow.steps.length ? `, ${t.steps(f.flow.steps.length)}` : '';
    out.push(`${i + 1}. **${f.title}** (${lineLink(ctx, f.at)}${steps}): ${f.path.join(' → ')}`);
  });
  out.push('', `### ${t.dependencies}`, '');
  if (s.dependencies.length === 0) out.push(t.none);
  for (const level of ['critical', 'high', 'medium', 'low'] as Criticality[]) {
    const deps = s.dependencies.filter((d) => d.level === level);
    if (deps.length === 0) continue;
    out.push(`- **${t.criticality[level]}**`);
    for (const d of deps) {
      const facts = [t.reason[d.reason]];
      if (d.described) facts.push(quote(d.described, lang));
      if (d.usedBy.length) facts.push(t.usedBy(nameList(d.usedBy, lang, 4)));
      out.push(`  - ${d.entity.tech ? `\`${d.entity.name}\`` : d.entity.name}${t.paren(lineLink(ctx, d.at))}: ${sentence(facts.join(lang === 'ja' ? '。' : '; '), lang)}`);
    }
  }
  out.push('', `### ${t.mechanisms}`, '');
  if (s.mechanisms.length === 0) out.push(t.noneMechanisms);
  for (const m of s.mechanisms) out.push(`- ${m.label} — ${sectionsOf(m, ctx, 4)}`);
  out.push('');
  return out;
}

/** Ends a line with a full stop unless it already ends in one (or in a cut-off "…"). */
function sentence(text: string, lang: Language): string {
  return /[.。…!?！？]$/.test(text) ? text : `${text}${lang === 'ja' ? '。' : '.'}`;
}

/** "7.4 Backup and Recovery (line 387), 2.2 Technology Stack (line 70)": one entry per section. */
function sectionsOf(m: MechanismFacts, ctx: LinkContext, max: number): string {
  const seen = new Set<number>();
  const places = m.places.filter((p) => !seen.has(p.section) && seen.add(p.section));
  const shown = places.slice(0, max).map((p) => `${p.title || '—'} (${lineLink(ctx, p.span.start)})`);
  const more = places.length - shown.length;
  return `${shown.join(TEXT[ctx.lang].sep)}${more > 0 ? (ctx.lang === 'ja' ? ` ほか ${more} 箇所` : ` and ${more} more`) : ''}`;
}

/**
 * What the doc already gets right: each stated mechanism with what it is stated for, the
 * doc's own words, and the failure modes whose rules accept it as evidence.
 */
function positiveAspects(s: Structure, issues: Issue[], analyzer: Analyzer, ctx: LinkContext): string[] {
  const lang = ctx.lang;
  const t = TEXT[lang];
  if (s.mechanisms.length === 0) return [t.noneMechanisms, ''];
  const open = new Set(issues.map((i) => i.ruleId));
  const out: string[] = [];
  for (const m of mergedMechanisms(s.mechanisms)) {
    // quote a sentence that states it, not the heading it sits under
    const first = m.places.find((p) => p.statement.kind !== 'heading') ?? m.places[0]!;
    const names = [...new Set(m.places.flatMap((p) => p.names))];
    const target = names.length ? t.statedFor(nameList(names, lang, 5)) : '';
    // only the failure modes this evidence closes here: a rule still reported is not addressed
    const guards = analyzer.rules.filter((r) => !open.has(r.id) && (Array.isArray(r.detect) ? r.detect : [r.detect]).some((d) => [...(d.coveredBy ?? []), ...(d.coveredByAll ?? [])].some((c) => m.concepts.includes(typeof c === 'string' ? c : c.concept))));
    const against = guards.length ? t.addresses(nameList(guards.map((r) => r.title[lang]), lang, 4)) : '';
    const where = `${first.title || '—'}${t.paren(lineLink(ctx, first.span.start))}`;
    out.push(`- **${m.label}** — ${where}${target}: ${quote(excerpt(ctx.model, first.statement, first.span), lang)}${lang === 'ja' ? '。' : ''}${against}`);
  }
  out.push('');
  return out;
}

/** Two mechanisms stated by exactly the same sentences ("RPO 1 hour, RTO 4 hours") are one aspect. */
function mergedMechanisms(list: MechanismFacts[]): (MechanismFacts & { concepts: string[] })[] {
  const out: (MechanismFacts & { concepts: string[] })[] = [];
  const key = (m: MechanismFacts) => m.places.map((p) => p.statement.index).join(',');
  for (const m of list) {
    const same = out.find((o) => key(o) === key(m));
    if (same) {
      same.label = `${same.label} / ${m.label}`;
      same.concepts.push(m.concept);
    } else out.push({ ...m, concepts: [m.concept] });
  }
  return out;
}

function summary(issues: Issue[], s: Structure, ctx: LinkContext): string[] {
  const lang = ctx.lang;
  const t = TEXT[lang];
  const findings = issues.reduce((n, i) => n + i.findings.length, 0);
  if (issues.length === 0) {
    const out = [t.noFindings];
    if (s.mechanisms.length) out.push('', t.strengths(nameList(s.mechanisms.map((m) => m.label), lang, 8)));
    return [...out, ''];
  }
  const byTier = TIERS.map((tier) => ({ tier, n: issues.filter((i) => i.tier === tier).length })).filter((x) => x.n > 0);
  const out = [t.counts(issues.length, findings, byTier.map((x) => t.tierCount(x.tier, x.n)).join(t.sep)), ''];
  if (s.mechanisms.length) out.push(t.strengths(nameList(s.mechanisms.map((m) => m.label), lang, 8)), '');
  const weight: Record<Tier, number> = { critical: 8, significant: 4, moderate: 2, minor: 1 };
  const themes = [...new Set(issues.map((i) => i.category))]
    .map((c) => ({ c, w: issues.filter((i) => i.category === c).reduce((n, i) => n + weight[i.tier] * i.findings.length, 0), titles: issues.filter((i) => i.category === c).map((i) => issueTitle(i, lang)) }))
    .sort((a, b) => b.w - a.w)
    .slice(0, 3);
  out.push(t.gaps(themes.map((x) => `${t.themes[x.c] ?? x.c}${t.paren(nameList([...new Set(x.titles)], lang, 4))}`).join(lang === 'ja' ? '、' : '; ')), '');
  out.push(`### ${t.priorities}`, '');
  const bands: { key: keyof typeof t.bands; tiers: Tier[] }[] = [
    { key: 'critical', tiers: ['critical'] },
    { key: 'significant', tiers: ['significant'] },
    { key: 'rest', tiers: ['moderate', 'minor'] },
  ];
  let n = 0;
  for (const band of bands) {
    const inBand = issues.filter((i) => band.tiers.includes(i.tier));
    if (inBand.length === 0) continue;
    out.push(`#### ${t.bands[band.key]}`, '');
    const cats = [...new Set(inBand.map((i) => i.category))].sort((a, b) => themeIndex(a) - themeIndex(b));
    for (const c of cats) {
      const items = inBand.filter((i) => i.category === c).map((i) => {
        const names = i.names;
        return `${issueTitle(i, lang)}${names.length ? (lang === 'ja' ? `（${nameList(names, lang, 4)}）` : ` for ${nameList(names, lang, 4)}`) : ''}${t.paren(i.id)}`;
      });
      out.push(`${++n}. **${t.themes[c] ?? c}** — ${items.join(lang === 'ja' ? '、' : '; ')}`);
    }
    out.push('');
  }
  return out;
}

function themeIndex(c: string): number {
  const i = THEME_ORDER.indexOf(c);
  return i < 0 ? THEME_ORDER.length : i;
}
