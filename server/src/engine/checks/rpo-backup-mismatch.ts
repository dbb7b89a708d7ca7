import type { Figure, Span, Statement } from '../../model/types';
import type { ModelView } from '../context';
import type { Subject } from '../subjects';
import { registerCheck } from './index';
import { cellIndex, clauseAround, columnsWith, fmtDuration, join, prose, statementSubject, tableHeader } from './shared';
import { documentMatches } from '../../model/buildModel';

/**
 * `rpo-backup-mismatch`: a stated RPO shorter than the interval between backups. With daily
 * snapshots and nothing in between, up to a day of writes is lost, whatever the RPO says.
 * Continuous log shipping / PITR (the rule's coverage, plus the forms below) closes the gap.
 */

const NEAR_AFTER = 40;
const NEAR_BEFORE = 16;

const DAY = 86400;
const NAMED_INTERVALS: [RegExp, number][] = [
  [/\b(?:hourly|every\s+hour|once\s+an\s+hour|each\s+hour)\b|毎時|1時間(?:ごと|毎|おき)/i, 3600],
  [/\b(?:daily|nightly|every\s+(?:day|night)|once\s+a\s+day|each\s+(?:day|night)|per\s+day)\b|日次|毎日|毎晩|毎夜|夜間|1日(?:1|一)回|一日一回/i, DAY],
  [/\b(?:weekly|every\s+week|once\s+a\s+week|each\s+week)\b|毎週|週次|週(?:1|一)回/i, 7 * DAY],
  [/\b(?:monthly|every\s+month|once\s+a\s+month)\b|毎月|月次|月(?:1|一)回/i, 30 * DAY],
];

/** Log shipping and continuous archiving the `pitr` vocabulary does not name. */
const CONTINUOUS = /\bwal\b[^.;。\n]{0,30}(?:archiv|ship|stream)|\barchive_command\b|\bwal-e\b|\bpgbackrest\b|\bbarman\b|\bbinary\s+logs?\b|\boplog\b|\bcontinuous\s+archiving\b|\bpoint[- ]in[- ]time\b|WAL\s?アーカイブ|WAL\s?の?(?:アーカイブ|転送)|アーカイブログ|継続的アーカイブ|ポイントインタイム/i;

interface Interval {
  seconds: number;
  span: Span;
}

/** How often the doc says backups are taken: the shortest interval stated next to a backup. */
function backupInterval(view: ModelView): Interval | undefined {
  const text = view.model.text;
  let best: Interval | undefined;
  const offer = (seconds: number, span: Span) => {
    if (seconds > 0 && (!best || seconds < best.seconds)) best = { seconds, span };
  };
  for (const st of view.statementsWith('backup')) {
    if (!prose(st)) continue;
    for (const hit of view.assertedConcepts(st).get('backup') ?? []) {
      const clause = clauseAround(view, st, hit.start);
      const body = text.slice(clause.start, clause.end);
      for (const [re, seconds] of NAMED_INTERVALS) {
        const m = re.exec(body);
        if (m) offer(seconds, { start: clause.start + m.index, end: clause.start + m.index + m[0].length });
      }
      // "every 6 hours", 「6時間ごと」「4時間おきに」
      for (const f of st.figures) {
        if (f.kind !== 'duration' || f.start < clause.start || f.end > clause.end) continue;
        const before = text.slice(Math.max(clause.start, f.start - 8), f.start);
        const after = text.slice(f.end, f.end + 6);
        if (/\bevery\s*$/i.test(before) || /^\s*(?:ごと|毎|おき|間隔|に1回|に一回)/.test(after)) offer(f.normalized, { start: f.start, end: f.end });
      }
    }
  }
  return best;
}

function nearestDuration(st: Statement, hit: Span, clause: Span): Figure | undefined {
  let best: Figure | undefined;
  let bestDistance = Infinity;
  for (const f of st.figures) {
    if (f.kind !== 'duration' || f.start < clause.start || f.end > clause.end) continue;
    const d = f.start >= hit.end ? f.start - hit.end : hit.start - f.end;
    const ok = f.start >= hit.end ? d <= NEAR_AFTER : d <= NEAR_BEFORE;
    if (ok && d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

interface Rpo {
  st: Statement;
  figure: Figure;
  anchor: Span;
}

function rposIn(view: ModelView, st: Statement): Rpo[] {
  const out: Rpo[] = [];
  for (const hit of view.assertedConcepts(st).get('rpo') ?? []) {
    // "RPO 1 hour, RTO 4 hours": the figure right after the word, before the next target's word
    const clause = clauseAround(view, st, hit.start);
    const next = st.concepts.find((c) => c.concept === 'rto' && c.start > hit.end && c.start < clause.end);
    const f = nearestDuration(st, hit, { start: clause.start, end: next ? next.start : clause.end });
    // in a table the squiggle stays in the figure's cell
    const together = st.kind !== 'tableRow' || cellIndex(view, st, hit) === cellIndex(view, st, f ?? hit);
    if (f && !out.some((r) => r.figure === f)) out.push({ st, figure: f, anchor: together ? join(hit, f) : { start: f.start, end: f.end } });
  }
  // | Store | RPO | RTO |: the figure in the RPO column
  const header = tableHeader(view, st);
  if (header) {
    const columns = columnsWith(view, header, 'rpo');
    for (const f of st.figures) {
      if (f.kind === 'duration' && columns.includes(cellIndex(view, st, f)) && !out.some((r) => r.figure === f)) out.push({ st, figure: f, anchor: { start: f.start, end: f.end } });
    }
  }
  return out;
}

/** Continuous archiving the doc asserts: "There is no point-in-time recovery" asserts none. */
function continuous(view: ModelView): boolean {
  const text = view.model.text;
  const all = new RegExp(CONTINUOUS.source, 'gi');
  if (!documentMatches(view.model, CONTINUOUS)) return false;
  return view.model.statements.some((st) => {
    if (st.kind === 'heading' || st.tableHeader) return false;
    for (const m of text.slice(st.start, st.end).matchAll(all)) {
      const hit = { start: st.start + m.index!, end: st.start + m.index! + m[0].length };
      if (!view.negatedSpan(st, hit)) return true;
    }
    return false;
  });
}

function rpoBackupMismatch(view: ModelView): Subject[] {
  if (continuous(view)) return [];
  const interval = backupInterval(view);
  if (!interval) return [];
  const tables = view.model.statements.filter((st) => st.table !== undefined && !st.tableHeader && st.figures.some((f) => f.kind === 'duration'));
  const statements = [...new Set([...view.statementsWith('rpo'), ...tables])].filter((st) => prose(st)).sort((a, b) => a.index - b.index);
  const seen = new Map<number, Subject>();
  for (const st of statements) {
    for (const r of rposIn(view, st)) {
      const rpo = r.figure.normalized;
      if (rpo <= 0 || rpo >= interval.seconds) continue;
      const known = seen.get(rpo);
      if (known) {
        known.related.push(r.anchor);
        continue;
      }
      seen.set(
        rpo,
        statementSubject(
          view,
          st,
          `rpo:${rpo}`,
          r.anchor,
          {
            en: `RPO ${fmtDuration(rpo, 'en')} < backup interval ${fmtDuration(interval.seconds, 'en')}`,
            ja: `RPO ${fmtDuration(rpo, 'ja')} < バックアップ間隔 ${fmtDuration(interval.seconds, 'ja')}`,
          },
          { en: `RPO ${fmtDuration(rpo, 'en')} with backups every ${fmtDuration(interval.seconds, 'en')}`, ja: `RPO ${fmtDuration(rpo, 'ja')}、バックアップは ${fmtDuration(interval.seconds, 'ja')}ごと` },
          [interval.span],
        ),
      );
    }
  }
  return [...seen.values()];
}

registerCheck('rpo-backup-mismatch', rpoBackupMismatch);
