import type { Severity } from '../../../findings/types';
import { colors } from '../color';
import { countFindings, type Formatter } from '../report';

/**
 * `file:line:col  severity  rule  message`, one line per finding (1-based line and column),
 * columns aligned across the whole report, then a summary line. Nothing at all when clean.
 */
const LABEL: Record<Severity | 'notice', string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint', notice: 'notice' };

export const formatText: Formatter = (reports, ctx) => {
  const c = colors(ctx.color);
  const paint: Record<Severity | 'notice', (s: string) => string> = { error: c.red, warning: c.yellow, information: c.blue, hint: c.gray, notice: c.blue };
  const rows = reports.flatMap((r) =>
    [
      ...r.findings.map((f) => ({
        at: f.range.start,
        severity: f.severity as Severity | 'notice',
        rule: f.rule,
        message: f.message.replace(/\s*\n\s*/g, ' ') + (f.accepted ? ` (accepted risk: ${f.accepted.reason})` : ''),
      })),
      // notes about the document itself (a suppression naming an unknown rule, a size bound): not counted
      ...r.notices.map((n) => ({ at: n.range.start, severity: 'notice' as const, rule: 'faultline', message: n.message.replace(/\s*\n\s*/g, ' ') })),
    ]
      .sort((a, b) => a.at.line - b.at.line || a.at.character - b.at.character || a.rule.localeCompare(b.rule))
      .map((row) => ({ ...row, loc: `${r.file}:${row.at.line + 1}:${row.at.character + 1}` })),
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
