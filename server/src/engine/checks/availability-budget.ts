import type { Figure, Span, Statement } from '../../model/types';
import type { ModelView } from '../context';
import type { Subject } from '../subjects';
import { registerCheck } from './index';
import { cellIndex, cells, clauseAround, columnsWith, fmt, fmtDuration, join, prose, statementSubject, tableHeader } from './shared';

/**
 * `slo`: every availability target ("Availability target: 99.5%", "99.9% uptime", 「稼働率99.95%」)
 * turned into the downtime it allows in a month of 30.44 days; and latency targets ("p95 latency
 * under 300 ms", 「応答時間は p95 で 500 ミリ秒以内」), which are targets too but have no budget to show.
 */
const TARGET_WORD = /\b(?:targets?|goals?|objectives?|sla|slos?|must|shall|should|at\s+least|guarantee[sd]?|commit(?:ment|ted)?|aims?|required?|requirements?|expected|per\s+month|monthly)\b|目標|以上|保証|維持|確保|要件|満たす|月間|月次/i;
const HYPOTHETICAL = /^\s*(?:if|suppose|assuming|e\.g\.|for\s+example)\b|^\s*(?:もし|仮に|例えば)/i;
const MONTH_MINUTES = 30.44 * 24 * 60;
const NEAR = 60;

export function monthlyBudget(percent: number): { en: string; ja: string } {
  const minutes = ((100 - percent) / 100) * MONTH_MINUTES;
  if (minutes >= 100) return { en: `${fmt(Math.round(minutes))} min`, ja: `${fmt(Math.round(minutes))} 分` };
  if (minutes >= 1) return { en: `${fmt(minutes, 1)} min`, ja: `${fmt(minutes, 1)} 分` };
  const s = minutes * 60;
  const v = s >= 10 ? fmt(Math.round(s)) : fmt(s, 1);
  return { en: `${v} s`, ja: `${v} 秒` };
}

function isTarget(f: Figure): boolean {
  return f.kind === 'percent' && f.max === undefined && f.value >= 90 && f.value < 100 && f.value <= 99.9999;
}

interface Target {
  st: Statement;
  figure: Figure;
  anchor: Span;
}

function targetsIn(view: ModelView, st: Statement): Target[] {
  const text = view.model.text;
  const figures = st.figures.filter(isTarget);
  if (figures.length === 0) return [];
  const out: Target[] = [];
  // "Availability target: 99.5%", "99.9% uptime": the target nearest to each availability word in its clause
  const words = st.concepts.filter((c) => c.concept === 'availability' && !/^\s*zones?\b/i.test(text.slice(c.end, c.end + 8)));
  for (const w of words) {
    const clause = clauseAround(view, st, w.start);
    let best: Figure | undefined;
    let bestDistance = Infinity;
    for (const f of figures) {
      if (f.start < clause.start || f.end > clause.end) continue;
      if (st.kind === 'tableRow' && cellIndex(view, st, f) !== cellIndex(view, st, w) && cellIndex(view, st, f) !== cellIndex(view, st, w) + 1) continue;
      const d = f.start >= w.end ? f.start - w.end : w.start - f.end;
      if (d <= NEAR && d < bestDistance) {
        best = f;
        bestDistance = d;
      }
    }
    if (!best) continue;
    // a target, not arithmetic about availability: the figure labels the word ("Availability: 99.9%",
    // "99.9% uptime", 「稼働率99.95%」) or the clause says it is aimed for; a hypothesis ("If both had…") is not
    const gap = best.start >= w.end ? text.slice(w.end, best.start) : text.slice(best.end, w.start);
    const clauseText = text.slice(clause.start, clause.end);
    if (HYPOTHETICAL.test(clauseText)) continue;
    if (!/^[\s:：=|（(]*$/.test(gap) && !TARGET_WORD.test(clauseText)) continue;
    // the squiggle runs from the word through the figure when they sit together (in one table cell)
    const together = bestDistance <= 30 && (st.kind !== 'tableRow' || cellIndex(view, st, w) === cellIndex(view, st, best));
    if (!out.some((t) => t.figure === best)) out.push({ st, figure: best, anchor: together ? join(w, best) : { start: best.start, end: best.end } });
  }
  // a table whose header has an availability column: | Service | Availability | … |
  const header = tableHeader(view, st);
  if (header) {
    const columns = columnsWith(view, header, 'availability');
    for (const f of figures) {
      if (columns.includes(cellIndex(view, st, f)) && !out.some((t) => t.figure === f)) out.push({ st, figure: f, anchor: { start: f.start, end: f.end } });
    }
  }
  return out;
}

/** "p95 latency under 300 ms", "p99 < 1 s", 「500 ミリ秒以内」: the figure is a bound aimed for */
const BOUND = /<|≤|<=|\b(?:under|below|within|less\s+than|at\s+most|no\s+more\s+than|max(?:imum)?)\b|以内|未満|以下|を下回/i;
// "alert when p99 stays above 2 s", 「p99 が 2 秒を超えたら」: a condition that triggers something, not a target
const THRESHOLD = /\b(?:when|whenever|if|above|exceeds?|exceeding|stays|alerts?|paged|triggers?)\b|超え|上回|場合|とき|アラート/i;
const PERCENTILE = /^(?:p(\d{2}(?:\.\d+)?)|(\d{2}(?:\.\d+)?)th\s+percentile)$/i;
const MAX_LATENCY_SECONDS = 60;

interface LatencyTarget {
  st: Statement;
  figure: Figure;
  anchor: Span;
  label: string;
}

function latencyTargetsIn(view: ModelView, st: Statement): LatencyTarget[] {
  const text = view.model.text;
  const durations = st.figures.filter((f) => f.kind === 'duration' && f.max === undefined && f.normalized > 0 && f.normalized <= MAX_LATENCY_SECONDS);
  if (durations.length === 0) return [];
  const out: LatencyTarget[] = [];
  const labelOf = (w: Span) => {
    const m = PERCENTILE.exec(text.slice(w.start, w.end).trim());
    return m ? `p${m[1] ?? m[2]}` : '';
  };
  const asserted = view.assertedConcepts(st).get('latency-target') ?? [];
  for (const w of asserted) {
    const clause = clauseAround(view, st, w.start);
    // 「応答時間は p95 で 500 ミリ秒以内」: the percentile may sit elsewhere in the clause
    const percentile = asserted.find((o) => o.start >= clause.start && o.end <= clause.end && labelOf(o));
    const clauseText = text.slice(clause.start, clause.end);
    if (HYPOTHETICAL.test(clauseText) || THRESHOLD.test(clauseText) || !(BOUND.test(clauseText) || TARGET_WORD.test(clauseText))) continue;
    let best: Figure | undefined;
    let bestDistance = Infinity;
    for (const f of durations) {
      if (f.start < clause.start || f.end > clause.end) continue;
      const d = f.start >= w.end ? f.start - w.end : w.start - f.end;
      if (d <= NEAR && d < bestDistance) {
        best = f;
        bestDistance = d;
      }
    }
    if (best && !out.some((t) => t.figure === best)) out.push({ st, figure: best, anchor: bestDistance <= 30 && (st.kind !== 'tableRow' || cellIndex(view, st, w) === cellIndex(view, st, best)) ? join(w, best) : { start: best.start, end: best.end }, label: percentile ? labelOf(percentile) : '' });
  }
  // | Operation | Target (p95) |: the durations in the column whose header names the percentile
  const header = tableHeader(view, st);
  if (header && out.length === 0) {
    const hits = header.concepts.filter((c) => c.concept === 'latency-target');
    const heads = cells(view, header);
    for (const f of durations) {
      const col = cellIndex(view, st, f);
      const hit = hits.find((h) => heads[col] && h.start >= heads[col]!.start && h.end <= heads[col]!.end);
      if (hit && !out.some((t) => t.figure === f)) out.push({ st, figure: f, anchor: { start: f.start, end: f.end }, label: labelOf(hit) });
    }
  }
  return out;
}

/** One subject for the doc's latency targets: the first, with the others as related mentions. */
function latencySubject(view: ModelView): Subject | undefined {
  const candidates = [...new Set([...view.triggerStatementsWith('latency-target'), ...view.model.statements.filter((s) => !view.isCountermeasure(s) && s.table !== undefined && !s.tableHeader && s.figures.some((f) => f.kind === 'duration'))])]
    .sort((a, b) => a.index - b.index)
    .filter((st) => prose(st));
  let subject: Subject | undefined;
  for (const st of candidates) {
    for (const t of latencyTargetsIn(view, st)) {
      if (subject) {
        subject.related.push(t.anchor);
        continue;
      }
      const en = fmtDuration(t.figure.normalized, 'en');
      const ja = fmtDuration(t.figure.normalized, 'ja');
      subject = statementSubject(
        view,
        st,
        `latency:${t.figure.normalized}`,
        t.anchor,
        t.label ? { en: `${t.label} latency target ${en}`, ja: `${t.label} レイテンシの目標は ${ja}` } : { en: `response-time target ${en}`, ja: `応答時間の目標は ${ja}` },
        t.label ? { en: `${t.label} latency target ${en}`, ja: `${t.label} レイテンシ目標 ${ja}` } : { en: `response-time target ${en}`, ja: `応答時間の目標 ${ja}` },
      );
    }
  }
  return subject;
}

function availabilityBudget(view: ModelView): Subject[] {
  const seen = new Map<number, Subject>();
  const candidates = [...new Set([...view.triggerStatementsWith('availability'), ...view.model.statements.filter((s) => !view.isCountermeasure(s) && s.table !== undefined && !s.tableHeader && s.figures.some(isTarget))])]
    .sort((a, b) => a.index - b.index)
    .filter((st) => prose(st));
  for (const st of candidates) {
    for (const t of targetsIn(view, st)) {
      const v = t.figure.value;
      const known = seen.get(v);
      if (known) {
        known.related.push(t.anchor);
        continue;
      }
      const budget = monthlyBudget(v);
      const pct = `${fmt(v, 4)}%`;
      seen.set(
        v,
        statementSubject(
          view,
          st,
          `availability:${v}`,
          t.anchor,
          { en: `${pct} per month allows ${budget.en} of downtime a month`, ja: `${pct}（月間）で許容される停止時間は月 ${budget.ja}` },
          { en: `availability target ${pct}`, ja: `可用性目標 ${pct}` },
        ),
      );
    }
  }
  // latency targets alone: beside an availability target the SLO section it asks for covers them too
  const latency = seen.size === 0 ? latencySubject(view) : undefined;
  return latency ? [latency] : [...seen.values()];
}

registerCheck('availability-budget', availabilityBudget);
