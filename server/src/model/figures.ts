import type { Figure, FigureKind } from './types';

/**
 * Numbers with units, in English and Japanese: "5 seconds", "30分", "99.9%", "3-10 tasks",
 * "最大100接続", "50MB", "10-second", "１００ミリ秒". What a figure measures comes from the words
 * around it, which the numeric checks read through the statement it belongs to.
 *
 * Every pattern here is a flat alternation without nested quantifiers, run once over the
 * statement: matching stays linear in the length of the text.
 */

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001, msec: 0.001, millisecond: 0.001, milliseconds: 0.001, ミリ秒: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1, 秒: 1, 秒間: 1,
  min: 60, mins: 60, minute: 60, minutes: 60, 分: 60, 分間: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, 時間: 3600,
  day: 86400, days: 86400, 日: 86400, 日間: 86400,
  week: 604800, weeks: 604800, 週間: 604800,
  month: 2630016, months: 2630016, ヶ月: 2630016, か月: 2630016, カ月: 2630016, ヵ月: 2630016,
};
const SIZE_UNITS: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** English count nouns, matched lower-case or capitalised ("10 Tasks", "3 Pods"). */
const COUNT_NOUNS_EN = [
  'tasks?', 'instances?', 'connections?', 'replicas?', 'nodes?', 'pods?', 'workers?', 'threads?', 'containers?', 'servers?',
  'shards?', 'partitions?', 'brokers?', 'consumers?', 'users?', 'members?', 'teams?', 'organizations?', 'attempts?', 'times',
  'retries', 'messages?', 'requests?', 'events?', 'jobs?', 'vcpus?', 'hosts?', 'machines?', 'vms?', 'processes',
];
const COUNT_NOUNS_JA = 'タスク|インスタンス|接続|コネクション|台|ノード|レプリカ|ポッド|コンテナ|プロセス|スレッド|回|件|ユーザー|人|パーティション|シャード|ブローカー';
const COUNT_NOUNS = [...COUNT_NOUNS_EN.map((n) => `[${n[0]}${n[0]!.toUpperCase()}]${n.slice(1)}`), 'VMs?', 'vCPUs?', COUNT_NOUNS_JA].join('|');

const NUM = '(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)';
const RANGE = `${NUM}(?:\\s?(?:-|–|~|〜|to)\\s?${NUM})?`;
// no figure starts inside a word or another number ("EC2 instances", "db.t3", "v2")
// a platform word may sit between a count and its noun: "3-10 ECS tasks", "5 EC2 instances"
const PLATFORM = '(?:ECS|EC2|Fargate|EKS|GKE|AKS|Kubernetes|K8s|k8s|Lambda|Cloud Run|VM)';
const FIGURE = new RegExp(
  `(?<![A-Za-z0-9_.])${RANGE}(?:\\s|-(?=[a-z]))?(${PLATFORM}\\s?)?(%|ms|msec|milliseconds?|secs?|seconds?|s|mins?|minutes?|min|hrs?|hours?|h|days?|weeks?|months?|ミリ秒|秒間|秒|分間|分|時間|日間|日|週間|[ヶかカヵ]月|[kKmMgGtT]i?[bB]|${COUNT_NOUNS})(?![A-Za-z])`,
  'g',
);
const RATE_SUFFIX = /^\s?(?:\/\s?(?:s|sec|second|min|minute|h|hour)|per\s(?:second|minute|hour)|毎秒)/;

/** "1,000" → 1000 */
export function parseNumber(s: string): number {
  return Number(s.replace(/,/g, ''));
}

/**
 * Full-width digits and signs (「１００％」「３～１０」) as their ASCII forms. One UTF-16 unit
 * each way, so offsets into the result are offsets into the source.
 */
export function asciiDigits(text: string): string {
  // most text has no full-width digits: find the first before building a copy
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff05 && c <= 0xff5e) {
      first = i;
      break;
    }
  }
  if (first < 0) return text;
  let out = text.slice(0, first);
  let changed = false;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xff10 && c <= 0xff19) || c === 0xff05 || c === 0xff0e || c === 0xff0c || c === 0xff0d || c === 0xff1a || c === 0xff1d) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0xff5e) {
      out += '~';
      changed = true;
    } else {
      out += text[i];
    }
  }
  return changed ? out : text;
}

export function figuresIn(source: string, offset: number): Omit<Figure, 'statement'>[] {
  const text = asciiDigits(source);
  const out: Omit<Figure, 'statement'>[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const value = parseNumber(m[1]!);
    const max = m[2] !== undefined ? parseNumber(m[2]) : undefined;
    const unitRaw = m[4]!;
    const unit = unitRaw.toLowerCase();
    const start = offset + m.index!;
    let end = start + m[0].length;
    let kind: FigureKind;
    let normalized: number;
    let noun: string | undefined;
    if (m[3] && (unit === '%' || unit in DURATION_UNITS || unit in SIZE_UNITS)) continue;
    if (unit === '%') {
      kind = 'percent';
      normalized = value;
    } else if (unit in DURATION_UNITS) {
      kind = 'duration';
      normalized = (max ?? value) * DURATION_UNITS[unit]!;
    } else if (unit in SIZE_UNITS) {
      kind = 'size';
      normalized = value * SIZE_UNITS[unit]!;
    } else {
      kind = 'count';
      if (m[3] && !/^(?:tasks?|instances?|pods?|containers?|nodes?|servers?|functions?|replicas?|vms?|hosts?|machines?|タスク|インスタンス|ポッド|コンテナ|ノード|台)$/i.test(unitRaw)) continue;
      normalized = max ?? value;
      noun = unitRaw;
      const rest = text.slice(m.index! + m[0].length);
      const rate = RATE_SUFFIX.exec(rest);
      if (rate) {
        kind = 'rate';
        end += rate[0].length;
      }
    }
    // "1 vCPU / 2 GB" style sizes and version numbers ("Redis 7") are skipped by the unit list
    out.push({ start, end, kind, value, max, unit: unitRaw, normalized, noun });
  }
  return out;
}

/** A bare number after a label ("max_connections = 500", "pool size: 10-50", 「最大接続数は500」). */
export interface LabelledNumber {
  /** the label's start */
  start: number;
  /** the number's end */
  end: number;
  numberStart: number;
  value: number;
  /** upper end of a range */
  max?: number;
}

// what may sit between a label and its number: "= ", ": ", " of ", " is set to ", 「は」「を」
const GLUE = /^(?:\s|[:=：＝]|\*\*|`|\(|（|is\b|are\b|of\b|set\b|to\b|at\b|with\b|a\b|an\b|size\b|limit(?:ed)?\b|capped\b|per\s+(?:task|instance|pod|container|server|node|replica|process)\b|parameter\b|about\b|approx\.?|approximately\b|around\b|up\b|max\b|maximum\b|は|を|が|に|の|約|最大|上限|サイズ|パラメータ|：)*/i;
const BARE = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(?:-|–|~|〜|to)\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))?(?![\d.]*\s?(?:%|ms|s\b|sec|min|h\b|hours?|秒|分|時間|日|[kKmMgGtT]i?[bB]\b))/;

/**
 * Numbers that directly follow a label match. `label` must be a global regex; its matches are
 * the labels. At most `reach` characters of glue may separate label and number.
 */
export function labelledNumbers(source: string, offset: number, label: RegExp, reach = 24): LabelledNumber[] {
  const text = asciiDigits(source);
  const out: LabelledNumber[] = [];
  // from the start whatever the label's lastIndex (matchAll would carry it over): a fresh copy
  for (const m of text.matchAll(new RegExp(label.source, label.flags.includes('g') ? label.flags : `${label.flags}g`))) {
    const after = m.index! + m[0].length;
    const window = text.slice(after, after + reach + 24);
    const glue = GLUE.exec(window)![0];
    if (glue.length > reach) continue;
    const n = BARE.exec(window.slice(glue.length));
    if (!n) continue;
    const numberStart = after + glue.length;
    const value = parseNumber(n[1]!);
    const max = n[2] !== undefined ? parseNumber(n[2]) : undefined;
    out.push({ start: offset + m.index!, end: offset + numberStart + n[0].length, numberStart: offset + numberStart, value, max });
  }
  return out;
}
