import type { Severity } from '../../../findings/types';
import { colors } from '../color';
import { countFindings, type Formatter } from '../report';

/**
 * `file:line:col  severity  rule  message`, one line per finding (1-based line and column),
 * columns aligned across the whole report, then a summary line. Nothing at all when clean.
 */
const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

export const formatText: Formatter = (reports, ctx) => {
  const c = colors(ctx.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, information: c.blue, hint: c.gray };
  const rows = reports.flatMap((r) =>
    [...r.findings]
      .sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule))
      .map((f) => ({
        loc: `${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
        severity: f.severity,
        rule: f.rule,
        message: f.message.replace(/\s*\n\s*/g, ' ') + (f.accepted ? ` (accepted risk: ${f.accepted.reason})` : ''),
      })),
  );
  if (!rows.length) return '';
  const wLoc = Math.max(...rows.map((r) => r.loc.length));
  const wSev = Math.max(...rows.map((r) => LABEL[r.severity].length));
  const wRule = Math.max(...rows.map((r) => r.rule.length));
  const lines = rows.map((r) => `${r.loc.padEnd(wLoc)}  ${paint[r.severity](LABEL[r.severity].padEnd(wSev))}  ${c.gray(r.rule.padEnd(wRule))}  ${r.message}`);
  const n = countFindings(reports.flatMap((r) => r.findings));
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const summary = `${plural(n.total, 'problem')} (${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.infos, 'info')}, ${plural(n.hints, 'hint')})`;
  const tone = n.errors ? c.red : n.warnings ? c.yellow : (s: string) => s;
  return `${lines.join('\n')}\n\n${c.bold(tone(summary))}\n`;
};
