import crypto from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity, Tier } from '../../../findings/types';
import { LineIndex, type Range } from '../../../parse/lineIndex';
import type { RuleDefinition } from '../../../rules/definition';
import { INFORMATION_URI, ruleDocsUri } from '../links';
import type { FileReport, FormatContext, Formatter } from '../report';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule described
 * (help text from the rule's failure scenario, impact and countermeasure, link to its docs),
 * one result per finding with a 1-based region, related places, a stable fingerprint and the
 * quick-fix insertion as a SARIF fix. Paths are relative to the working directory (%SRCROOT%).
 */
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const MAX_RELATED = 99;
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const TIER_LEVEL: Record<Tier, 'error' | 'warning' | 'note'> = { critical: 'error', significant: 'warning', moderate: 'note', minor: 'note' };

export const formatSarif: Formatter = (reports, ctx) => {
  const rules = [...ctx.rules.values()];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = reports.flatMap((r) => fileResults(r, ctx, ruleIndex));
  const notifications = [
    ...ctx.notifications.map((n) => ({ level: n.level, message: { text: n.message } })),
    ...reports.flatMap((r) =>
      r.notices.map((n) => ({ level: 'note', message: { text: n.message }, locations: [{ physicalLocation: { artifactLocation: artifact(r.abs, ctx.cwd), region: region(n.range) } }] })),
    ),
  ];
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Faultline',
            informationUri: INFORMATION_URI,
            version: ctx.version,
            semanticVersion: ctx.version,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: dirUri(ctx.cwd) } },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function ruleDescriptor(rule: RuleDefinition): Record<string, unknown> {
  const en = (l: { en: string }) => l.en.trim();
  const text = [
    `${en(rule.title)}`,
    '',
    `Failure scenario: ${en(rule.scenario)}`,
    '',
    `Operational impact: ${en(rule.impact)}`,
    '',
    `Countermeasure: ${en(rule.countermeasure)}`,
  ].join('\n');
  const markdown = [
    `**${en(rule.title)}** (\`${rule.id}\`, ${rule.tier})`,
    '',
    `**Failure scenario:** ${en(rule.scenario)}`,
    '',
    `**Operational impact:** ${en(rule.impact)}`,
    '',
    `**Countermeasure:** ${en(rule.countermeasure)}`,
    '',
    `[Rule documentation](${ruleDocsUri(rule.id)})`,
  ].join('\n');
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: en(rule.title) },
    fullDescription: { text: en(rule.scenario) },
    help: { text, markdown },
    helpUri: ruleDocsUri(rule.id),
    defaultConfiguration: { level: TIER_LEVEL[rule.tier] },
    properties: { tags: ['reliability', 'design-review', rule.category], tier: rule.tier, category: rule.category },
  };
}

function fileResults(report: FileReport, ctx: FormatContext, ruleIndex: Map<string, number>): Record<string, unknown>[] {
  if (!report.findings.length) return [];
  const artifactLocation = artifact(report.abs, ctx.cwd);
  const lines = new LineIndex(report.text);
  const occurrences = new Map<string, number>();
  return report.findings.map((f) => {
    const base = fingerprint(f, lines);
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    const result: Record<string, unknown> = {
      ruleId: f.rule,
      ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(f.range) } }],
      partialFingerprints: { 'faultlineFinding/v1': n ? `${base}:${n}` : base },
      properties: { tier: f.tier, severity: f.severity, ...(f.subject ? { subject: f.subject.name } : {}), ...(f.accepted ? { acceptedRisk: f.accepted.reason } : {}) },
    };
    if (f.related.length) {
      // code scanning shows at most 100 locations per result
      result.relatedLocations = f.related.slice(0, MAX_RELATED).map((p, i) => ({ id: i + 1, message: { text: p.message }, physicalLocation: { artifactLocation, region: region(p.range) } }));
    }
    if (f.fix) {
      const at = lines.positionAt(f.fix.offset);
      const point = { startLine: at.line + 1, startColumn: at.character + 1, endLine: at.line + 1, endColumn: at.character + 1 };
      result.fixes = [{ description: { text: f.fix.title }, artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: point, insertedContent: { text: f.fix.text } }] }] }];
    }
    if (f.accepted) result.suppressions = [{ kind: 'inSource', justification: f.accepted.reason }];
    return result;
  });
}

function region(r: Range): Record<string, number> {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** Relative to the working directory with forward slashes (what code scanning expects), else a file: URI. */
function artifact(abs: string, cwd: string): Record<string, string> {
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(abs).href };
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Stable across edits elsewhere in the doc: the rule, the subject as the doc names it and the
 * text of the anchor line — no line numbers, and no subject ids (statement ids are ordinals).
 */
function fingerprint(f: Finding, lines: LineIndex): string {
  const line = lines.text.slice(lines.lineStarts[f.range.start.line] ?? 0, lines.lineEnd(f.range.start.line)).replace(/\s+/g, ' ').trim();
  const subject = f.subject ? `${f.subject.kind}:${f.subject.name}` : '';
  return crypto.createHash('sha256').update(`${f.rule}\u0000${subject}\u0000${line}`).digest('hex').slice(0, 32);
}
