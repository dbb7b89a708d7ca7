import type { AnalysisResult } from '../analysis/api';
import type { Analyzer } from '../analysis/analyzer';
import { ModelView } from '../engine/context';
import type { Finding, Tier } from '../findings/types';
import { TIERS } from '../findings/types';
import type { DesignModel, Language } from '../model/types';

/**
 * The review report, in the structure expert reviews use: Phase 1 structural analysis,
 * Phase 2 findings by tier (issue, failure scenario, impact, countermeasures), accepted risks,
 * positive aspects, and a summary with prioritised recommendations — in the doc's language,
 * with the doc's names and links to the lines.
 */
const T = {
  en: {
    title: 'Reliability Design Review',
    phase1: 'Phase 1: Structural Analysis',
    components: 'Components',
    flows: 'Data flow paths',
    dependencies: 'External dependencies by criticality',
    stores: 'Datastores and messaging',
    mechanisms: 'Recognised reliability mechanisms',
    phase2: 'Phase 2: Findings',
    tiers: { critical: 'Critical Issues', significant: 'Significant Issues', moderate: 'Moderate Issues', minor: 'Minor Improvements' } as Record<Tier, string>,
    issue: 'Issue',
    scenario: 'Failure scenario',
    impact: 'Operational impact',
    countermeasures: 'Countermeasures',
    quickFix: 'Quick fix inserts',
    where: 'Where',
    accepted: 'Accepted risks',
    positive: 'Positive Aspects',
    summary: 'Summary',
    counts: (c: Record<Tier, number>) => `${c.critical} critical, ${c.significant} significant, ${c.moderate} moderate and ${c.minor} minor findings.`,
    priorities: 'Prioritised recommendations',
    none: 'None found.',
    noFindings: 'No reliability gaps were found.',
    criticality: { high: 'high — on the critical path of user requests or payments', medium: 'medium — user-visible but deferrable', low: 'low — background or optional' },
    line: 'line',
    foundIn: 'in',
    skipped: 'This document was not reviewed',
  },
  ja: {
    title: '信頼性設計レビュー',
    phase1: 'フェーズ1: 構造分析',
    components: 'コンポーネント',
    flows: 'データフロー',
    dependencies: '外部依存先（重要度別）',
    stores: 'データストアとメッセージング',
    mechanisms: '確認できた信頼性メカニズム',
    phase2: 'フェーズ2: 指摘事項',
    tiers: { critical: '重大な問題', significant: '重要な問題', moderate: '中程度の問題', minor: '軽微な改善' } as Record<Tier, string>,
    issue: '問題',
    scenario: '障害シナリオ',
    impact: '運用への影響',
    countermeasures: '対策',
    quickFix: 'クイックフィックスで挿入されるセクション',
    where: '箇所',
    accepted: '受容済みリスク',
    positive: '良い点',
    summary: 'まとめ',
    counts: (c: Record<Tier, number>) => `重大 ${c.critical} 件、重要 ${c.significant} 件、中程度 ${c.moderate} 件、軽微 ${c.minor} 件。`,
    priorities: '優先度順の推奨事項',
    none: '見つかりませんでした。',
    noFindings: '信頼性上の問題は見つかりませんでした。',
    criticality: { high: '高 — ユーザーリクエストや決済のクリティカルパス上', medium: '中 — ユーザーに見えるが遅延可能', low: '低 — バックグラウンドまたは任意' },
    line: '行',
    foundIn: '',
    skipped: 'この文書はレビュー対象外です',
  },
};

const TIER_PREFIX: Record<Tier, string> = { critical: 'C', significant: 'S', moderate: 'M', minor: 'm' };
const HIGH_ROLES = ['payment', 'auth'];
const MEDIUM_ROLES = ['notification', 'integration', 'ai', 'search'];

function lineLink(model: DesignModel, offset: number, fileName: string | undefined, lang: Language): string {
  const line = model.lines.positionAt(offset).line + 1;
  const label = lang === 'ja' ? `${line}${T.ja.line}` : `${T.en.line} ${line}`;
  return fileName ? `[${label}](${encodeURI(fileName)}#L${line})` : label;
}

function firstLine(model: DesignModel, offset: number): string {
  const { line } = model.lines.positionAt(offset);
  return model.text.slice(model.lines.lineStarts[line], model.lines.lineEnd(line)).trim().replace(/^(?:[-*+]|\d+[.)])\s+/, '').replace(/^\|\s*|\s*\|$/g, '');
}

export interface ReportOptions {
  /** the doc's path relative to where the report is written, for line links */
  fileName?: string;
}

export function buildReport(result: AnalysisResult, analyzer: Analyzer, options: ReportOptions = {}): string {
  const lang = result.language;
  const t = T[lang];
  const model = result.model;
  const view = new ModelView(model, lang);
  const title = model.sections.find((s) => s.depth > 0)?.title ?? options.fileName ?? '';
  const out: string[] = [`# ${t.title}: ${title}`, ''];
  if (result.skipped) {
    out.push(`> ${t.skipped}: ${result.skipped}`, '');
    return out.join('\n');
  }

  // Phase 1
  out.push(`## ${t.phase1}`, '');
  const entities = [...model.entities.values()].filter((e) => !e.generic);
  const components = entities.filter((e) => e.kind === 'component');
  out.push(`### ${t.components}`, '');
  out.push(...(components.length ? components.map((c) => `- ${c.name} (${lineLink(model, c.mentions[0]!.start, options.fileName, lang)})`) : [t.none]), '');

  out.push(`### ${t.stores}`, '');
  const stores = entities.filter((e) => ['datastore', 'queue', 'stream', 'pubsub'].includes(e.kind));
  out.push(...(stores.length ? stores.map((e) => `- ${e.tech ? `\`${e.name}\`` : e.name} — ${e.kind}${e.role ? ` (${e.role})` : ''}${e.semantics ? `, ${e.semantics}` : ''} (${lineLink(model, e.mentions[0]!.start, options.fileName, lang)})`) : [t.none]), '');

  out.push(`### ${t.flows}`, '');
  const flowLines = model.flows.map((f) => {
    const section = model.sections[f.section]!;
    const chain = f.chains.map((i) => firstLine(model, model.statements[i]!.start)).join(' / ');
    return `- **${section.title}**${chain ? `: ${chain}` : ''} (${lineLink(model, section.heading.start, options.fileName, lang)})`;
  });
  out.push(...(flowLines.length ? flowLines : [t.none]), '');

  out.push(`### ${t.dependencies}`, '');
  const externals = entities.filter((e) => e.kind === 'external');
  const level = (role?: string) => (HIGH_ROLES.includes(role ?? '') ? 'high' : MEDIUM_ROLES.includes(role ?? '') ? 'medium' : 'low');
  const depLines = (['high', 'medium', 'low'] as const).flatMap((lvl) =>
    externals.filter((e) => level(e.role) === lvl).map((e) => `- ${e.name} — ${t.criticality[lvl]} (${lineLink(model, e.mentions[0]!.start, options.fileName, lang)})`),
  );
  out.push(...(depLines.length ? depLines : [t.none]), '');

  out.push(`### ${t.mechanisms}`, '');
  const mechanisms = recognisedMechanisms(view, analyzer, lang);
  out.push(...(mechanisms.length ? mechanisms.map((m) => `- ${m.label} — ${m.sections.map((s) => `${s.title} (${lineLink(model, s.offset, options.fileName, lang)})`).join(', ')}`) : [t.none]), '');

  // Phase 2
  out.push(`## ${t.phase2}`, '');
  const active = result.findings.filter((f) => !f.accepted);
  if (active.length === 0) out.push(t.noFindings, '');
  const counts = Object.fromEntries(TIERS.map((tier) => [tier, 0])) as Record<Tier, number>;
  const numbered: { id: string; finding: Finding }[] = [];
  for (const tier of TIERS) {
    const inTier = active.filter((f) => f.tier === tier);
    counts[tier] = inTier.length;
    if (inTier.length === 0) continue;
    out.push(`### ${t.tiers[tier]}`, '');
    inTier.forEach((f, i) => {
      const rule = analyzer.rule(f.rule);
      const id = `${TIER_PREFIX[tier]}-${i + 1}`;
      numbered.push({ id, finding: f });
      out.push(`#### ${id}: ${rule?.title[lang] ?? f.rule}${f.subject && f.subject.kind !== 'document' && f.subject.kind !== 'statement' ? ` — ${f.subject.name}` : ''}`, '');
      out.push(`**${t.issue}:** ${f.message} (${lineLink(model, f.start, options.fileName, lang)}, \`${f.rule}\`)`, '');
      out.push(`**${t.where}:** ${firstLine(model, f.start)}`, '');
      if (rule) {
        out.push(`**${t.scenario}:** ${rule.scenario[lang].trim()}`, '');
        out.push(`**${t.impact}:** ${rule.impact[lang].trim()}`, '');
        out.push(`**${t.countermeasures}:** ${rule.countermeasure[lang].trim()}`, '');
      }
      if (f.fix) out.push(`*${t.quickFix}:* "${f.fix.title}"`, '');
    });
  }
  const accepted = result.findings.filter((f) => f.accepted);
  if (accepted.length) {
    out.push(`### ${t.accepted}`, '');
    for (const f of accepted) out.push(`- \`${f.rule}\` — ${f.message} (${lineLink(model, f.start, options.fileName, lang)})${f.accepted!.reason ? `: ${f.accepted!.reason}` : ''}`);
    out.push('');
  }

  out.push(`## ${t.positive}`, '');
  out.push(...(mechanisms.length ? mechanisms.map((m) => `- ${m.label}: ${m.sections.map((s) => s.title).join(', ')}`) : [t.none]), '');

  out.push(`## ${t.summary}`, '', t.counts(counts), '', `### ${t.priorities}`, '');
  const priorities = numbered.filter((n) => n.finding.tier === 'critical' || n.finding.tier === 'significant').slice(0, 10);
  const list = (priorities.length ? priorities : numbered.slice(0, 5)).map((n, i) => {
    const rule = analyzer.rule(n.finding.rule);
    return `${i + 1}. **${n.id}** ${rule?.title[lang] ?? n.finding.rule}${n.finding.subject && n.finding.subject.kind !== 'document' && n.finding.subject.kind !== 'statement' ? ` (${n.finding.subject.name})` : ''} — ${n.finding.fix?.title ?? ''}`;
  });
  out.push(...(list.length ? list : [t.noFindings]), '');
  return out.join('\n');
}

interface Mechanism {
  label: string;
  sections: { title: string; offset: number }[];
}

function recognisedMechanisms(view: ModelView, analyzer: Analyzer, lang: Language): Mechanism[] {
  const out: Mechanism[] = [];
  for (const [id, concept] of analyzer.vocabulary.concepts) {
    if (!concept.label) continue;
    const sections = new Map<number, number>();
    for (const st of view.statementsWith(id)) {
      if (!view.has(st, id) || st.tableHeader) continue;
      if (!sections.has(st.section)) sections.set(st.section, st.start);
    }
    if (sections.size === 0) continue;
    out.push({
      label: concept.label[lang],
      sections: [...sections].slice(0, 4).map(([s, offset]) => ({ title: view.section(s).title || '—', offset })),
    });
  }
  return out;
}
