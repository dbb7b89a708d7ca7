import type { Figure, FigureKind } from './types';

/**
 * Numbers with units, in English and Japanese: "5 seconds", "30分", "99.9%", "3-10 tasks",
 * "最大100接続", "50MB". What a figure measures comes from the words around it, which the
 * numeric checks read through the statement it belongs to.
 */

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001, msec: 0.001, millisecond: 0.001, milliseconds: 0.001, ミリ秒: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1, 秒: 1,
  min: 60, mins: 60, minute: 60, minutes: 60, 分: 60, 分間: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, 時間: 3600,
  day: 86400, days: 86400, 日: 86400, 日間: 86400,
  week: 604800, weeks: 604800, 週間: 604800,
};
const SIZE_UNITS: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
const COUNT_NOUNS = 'tasks?|instances?|connections?|replicas?|nodes?|pods?|workers?|threads?|containers?|servers?|shards?|partitions?|brokers?|consumers?|users?|members?|teams?|organizations?|attempts?|times|retries|messages?|requests?|events?|jobs?|vcpus?|タスク|インスタンス|接続|コネクション|台|ノード|レプリカ|ポッド|スレッド|回|件|ユーザー|人|パーティション|シャード';

const NUM = '(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)';
const RANGE = `${NUM}(?:\\s?(?:-|–|~|〜|to)\\s?${NUM})?`;
const FIGURE = new RegExp(
  `${RANGE}\\s?(%|ms|msec|milliseconds?|secs?|seconds?|s|mins?|minutes?|min|hrs?|hours?|h|days?|weeks?|ミリ秒|秒|分間|分|時間|日間|日|週間|[kKmMgGtT]i?[bB]|${COUNT_NOUNS})(?![A-Za-z])`,
  'g',
);
const RATE_SUFFIX = /^\s?(?:\/\s?(?:s|sec|second|min|minute|h|hour)|per\s(?:second|minute|hour)|毎秒)/;

function num(s: string): number {
  return Number(s.replace(/,/g, ''));
}

export function figuresIn(text: string, offset: number): Omit<Figure, 'statement'>[] {
  const out: Omit<Figure, 'statement'>[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const value = num(m[1]!);
    const max = m[2] !== undefined ? num(m[2]) : undefined;
    const unitRaw = m[3]!;
    const unit = unitRaw.toLowerCase();
    const start = offset + m.index!;
    let end = start + m[0].length;
    let kind: FigureKind;
    let normalized: number;
    let noun: string | undefined;
    if (unit === '%') {
      kind = 'percent';
      normalized = value;
    } else if (unit in DURATION_UNITS) {
      kind = 'duration';
      normalized = value * DURATION_UNITS[unit]!;
    } else if (unit in SIZE_UNITS) {
      kind = 'size';
      normalized = value * SIZE_UNITS[unit]!;
    } else {
      kind = 'count';
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
