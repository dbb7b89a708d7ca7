import { labelledNumbers } from '../../model/figures';
import type { Span, Statement } from '../../model/types';
import type { ModelView } from '../context';
import type { Subject } from '../subjects';
import { registerCheck } from './index';
import { cells, clauseAround, prose, statementSubject, tableHeader } from './shared';
import { documentMatches } from '../../model/buildModel';

/**
 * `replication-factor`: a log / stream (Kafka, MSK, Redpanda…) whose stated replication factor
 * is below 3, or whose factor comes without `min.insync.replicas` (or with one that does not
 * leave room for a broker to fail), for data the doc does not say may be lost.
 */

const RF_LABEL = /\b(?:default\.)?replication[._ -]?factor\b|\breplicationFactor\b|\bRF\b|レプリケーション(?:ファクター|ファクタ|係数|数)|複製数|レプリカ数/gi;
const REPLICATED_TO = /\breplicated\s+(?:to|across|on|onto)\b|に複製|へ複製/gi;
const MIN_ISR = /\bmin\.insync\.replicas\b|\bmin[_ -]?in[_ -]?sync[_ -]?replicas\b|\bminISR\b|\bmin\s+ISR\b|最小同期レプリカ数?/gi;
const STREAM_WORD = /\b(?:kafka|msk|redpanda|pulsar|topics?|partitions?|brokers?|event\s+log|commit\s+log)\b|トピック|パーティション|ブローカー/i;
const KAFKA_LIKE = /\b(?:kafka|msk|redpanda|confluent|brokers?|min\.insync)\b|ブローカー/i;
/** managed Kafka whose default configuration already sets min.insync.replicas=2 */
const MANAGED_ISR = /\b(?:amazon\s+msk|aws\s+msk|msk|confluent\s+cloud)\b/i;
const LOSS_ACCEPTED = /\b(?:loss\s+is\s+acceptable|acceptable\s+to\s+lose|can\s+be\s+lost|may\s+be\s+lost|best[- ]effort|lossy|at[- ]most[- ]once)\b|欠損を許容|失われても(?:よい|問題)|ベストエフォート|消失を許容/i;

interface Factor {
  st: Statement;
  value: number;
  span: Span;
}

function aboutAStream(view: ModelView, st: Statement, clause: Span): boolean {
  const text = view.model.text.slice(clause.start, clause.end);
  const kinds = st.entities.filter((h) => h.start >= clause.start && h.end <= clause.end).map((h) => view.entity(h.entity)?.kind);
  if (kinds.includes('stream')) return true;
  if (kinds.includes('datastore')) return false; // Cassandra, Elasticsearch: not a log
  if (STREAM_WORD.test(text)) return true;
  // a section about the stream: "### Kafka", or one whose text names it
  const streamIn = (o: Statement) => o.entities.some((e) => view.entity(e.entity)?.kind === 'stream');
  if (view.statementsIn(st.section).some(streamIn)) return true;
  return view.sectionChain(st.section).some((s) => s.depth > 0 && view.statementsIn(s.index).some((h) => h.kind === 'heading' && streamIn(h)));
}

function factorsIn(view: ModelView, st: Statement): Factor[] {
  const text = view.model.text;
  const body = text.slice(st.start, st.end);
  const out: Factor[] = [];
  const add = (value: number, span: Span) => {
    if (value < 1 || value > 15 || !Number.isInteger(value)) return;
    if (!aboutAStream(view, st, clauseAround(view, st, span.start))) return;
    if (!out.some((f) => f.span.start < span.end && span.start < f.span.end)) out.push({ st, value, span });
  };
  for (const n of labelledNumbers(body, st.start, RF_LABEL)) add(n.value, { start: n.start, end: n.end });
  for (const n of tableNumbers(view, st, RF_LABEL)) add(n.value, n.span);
  // "replicated to 2 brokers"
  for (const n of labelledNumbers(body, st.start, REPLICATED_TO, 12)) {
    const unit = st.figures.find((f) => f.start === n.numberStart && f.kind === 'count' && /^(?:brokers?|replicas?|nodes?|ブローカー|レプリカ|ノード)$/i.test(f.noun ?? ''));
    if (unit) add(n.value, { start: n.start, end: unit.end });
  }
  return out;
}

/**
 * Numbers a table gives a label: "| Replication factor | 3 |" (the label in the cell before), or
 * "| Topic | Replication factor |" over "| payments | 2 |" (the label in the column's header).
 */
function tableNumbers(view: ModelView, st: Statement, label: RegExp): { value: number; span: Span }[] {
  if (st.kind !== 'tableRow' || st.tableHeader) return [];
  const text = view.model.text;
  const row = cells(view, st);
  const labelled = (c: Span) => new RegExp(`^(?:\\*\\*|\`)?(?:${label.source})(?:\\*\\*|\`)?(?:\\s*[（(][^()（）]*[)）])?$`, label.flags.replace('g', '')).test(text.slice(c.start, c.end).trim());
  const number = (c: Span) => /^(?:\*\*|`)?(\d{1,2})(?:\*\*|`)?$/.exec(text.slice(c.start, c.end).trim());
  // (a label may carry its translation: "replication factor（レプリケーションファクター）")
  const out: { value: number; span: Span }[] = [];
  const header = tableHeader(view, st);
  const heads = header ? cells(view, header) : [];
  row.forEach((c, i) => {
    const n = number(c);
    if (!n) return;
    const before = row[i - 1];
    if (before && labelled(before)) out.push({ value: Number(n[1]), span: { start: before.start, end: c.end } });
    else if (heads[i] && labelled(heads[i]!)) out.push({ value: Number(n[1]), span: c });
  });
  return out;
}

function minInsync(view: ModelView): { value?: number; span: Span } | undefined {
  const text = view.model.text;
  for (const st of view.model.statements) {
    if (!prose(st, true)) continue;
    const body = text.slice(st.start, st.end);
    // matchAll, never test()/exec() on the shared global regex: no lastIndex carried between calls
    const m = body.matchAll(MIN_ISR).next().value;
    if (!m) continue;
    const n = labelledNumbers(body, st.start, MIN_ISR)[0];
    if (n) return { value: n.value, span: { start: n.start, end: n.end } };
    const cell = tableNumbers(view, st, MIN_ISR)[0];
    if (cell) return cell;
    return { span: { start: st.start + m.index!, end: st.start + m.index! + m[0].length } };
  }
  return undefined;
}

/**
 * A later section titled with a stated factor ("Replication settings (currently replication
 * factor 2)", "Raising RF 2 to 3") that states a factor of 3 or more replaces it: the doc has
 * decided to change that setting.
 */
function superseded(view: ModelView, f: Factor, factors: Factor[]): boolean {
  const text = view.model.text;
  return view.model.sections.some((s) => {
    if (s.depth === 0 || s.heading.start < f.st.end) return false;
    const title = text.slice(s.heading.start, s.heading.end);
    if (!labelledNumbers(title, s.heading.start, RF_LABEL).some((n) => n.value === f.value)) return false;
    return factors.some((g) => g.value >= 3 && g.value > f.value && view.within(g.st.section, s.index));
  });
}

function lossAccepted(view: ModelView, st: Statement): boolean {
  const text = view.model.text;
  return LOSS_ACCEPTED.test(text.slice(st.start, st.end)) || view.statementsIn(st.section).some((o) => o.kind !== 'heading' && LOSS_ACCEPTED.test(text.slice(o.start, o.end)));
}

function replicationFactor(view: ModelView): Subject[] {
  const text = view.model.text;
  // (chunk by chunk, each chunk's answer kept across edits)
  if (!documentMatches(view.model, RF_LABEL) && !documentMatches(view.model, REPLICATED_TO)) return [];
  const factors: Factor[] = [];
  for (const st of view.model.statements) {
    if (!prose(st, true)) continue;
    const header = tableHeader(view, st);
    const body = text.slice(st.start, st.end) + (header ? text.slice(header.start, header.end) : '');
    if (/replicat|\bRF\b|レプリケーション|複製|レプリカ数/i.test(body)) factors.push(...factorsIn(view, st));
  }
  if (factors.length === 0) return [];
  const isr = minInsync(view);
  const out: Subject[] = [];
  const seen = new Set<number>();
  for (const f of factors) {
    if (seen.has(f.value) || lossAccepted(view, f.st) || superseded(view, f, factors)) continue;
    const kafka = KAFKA_LIKE.test(view.model.text) || view.model.entities.has('kafka');
    let detail: { en: string; ja: string } | undefined;
    if (f.value < 3) {
      detail = { en: `replication factor ${f.value} < 3`, ja: `レプリケーションファクター ${f.value} < 3` };
    } else if (kafka && !isr && !MANAGED_ISR.test(view.model.text)) {
      detail = { en: `replication factor ${f.value} without min.insync.replicas ≥ 2`, ja: `レプリケーションファクター ${f.value} に min.insync.replicas（2 以上）の指定なし` };
    } else if (kafka && isr?.value !== undefined && isr.value < 2) {
      detail = { en: `min.insync.replicas ${isr.value} < 2 with replication factor ${f.value}`, ja: `レプリケーションファクター ${f.value} に対し min.insync.replicas ${isr.value} < 2` };
    } else if (kafka && isr?.value !== undefined && isr.value >= f.value) {
      detail = { en: `min.insync.replicas ${isr.value} ≥ replication factor ${f.value}: one broker down stops writes`, ja: `min.insync.replicas ${isr.value} ≥ レプリケーションファクター ${f.value}：ブローカー 1 台の停止で書き込みが止まる` };
    }
    if (!detail) continue;
    seen.add(f.value);
    out.push(
      statementSubject(view, f.st, `replication-factor:${f.st.index}`, f.span, detail, { en: `replication factor ${f.value}`, ja: `レプリケーションファクター ${f.value}` }, isr ? [isr.span] : []),
    );
  }
  return out;
}

registerCheck('replication-factor', replicationFactor);
