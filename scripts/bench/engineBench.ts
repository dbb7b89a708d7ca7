/**
 * In-process measurements of the engine against its peers on the same text, interleaved round
 * by round so that a noisy machine slows all of them alike: Faultline's cold full analysis
 * (a document it has not seen: no chunk cache; code warmed up), markdownlint's full lint with
 * its default rules, and remark's bare parse (remark-parse + remark-gfm, the whole text).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { lint } from 'markdownlint/sync';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { add, median, series, timeIt, type Series } from './measure';

export interface BenchDoc {
  name: string;
  text: string;
}

export interface PeerTimes {
  doc: string;
  chars: number;
  faultline: Series;
  markdownlint: Series;
  remark: Series;
}

const remark = unified().use(remarkParse).use(remarkGfm);

export function markdownlintFull(text: string): void {
  const result = lint({ strings: { doc: text } });
  if (!result.doc) throw new Error('markdownlint returned no result');
}

export function remarkParse_(text: string): void {
  remark.parse(text);
}

/** Faultline, markdownlint and remark on each doc, `rounds` times, interleaved. */
export function comparePeers(analyzer: Analyzer, docs: BenchDoc[], rounds: number, options: { remark?: (doc: BenchDoc) => boolean } = {}): PeerTimes[] {
  const out = docs.map((d) => ({ doc: d.name, chars: d.text.length, faultline: series(), markdownlint: series(), remark: series() }));
  for (let r = 0; r < rounds; r++) {
    docs.forEach((d, i) => {
      const o = out[i]!;
      add(o.faultline, timeIt(() => analyzer.analyze(d.text, { force: true })));
      add(o.markdownlint, timeIt(() => markdownlintFull(d.text)));
      if (options.remark?.(d) ?? true) add(o.remark, timeIt(() => remarkParse_(d.text)));
    });
  }
  return out;
}

export interface IncrementalTimes {
  doc: string;
  chars: number;
  edits: number;
  reanalysis: Series;
  /** chunks re-parsed per edit (the rest came from the cache) */
  parsedChunks: number[];
  markdownlint: Series;
}

/**
 * One-line edits through the incremental path (as the language server does: one document key,
 * each edit on top of the last), against markdownlint's full lint of the same text.
 */
export function incremental(analyzer: Analyzer, doc: BenchDoc, edits: number): IncrementalTimes {
  const key = `bench:${doc.name}`;
  analyzer.release(key);
  let text = doc.text;
  analyzer.analyze(text, { force: true }, key);
  const lines = text.split('\n');
  const editable = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^[A-Za-z\u3040-\u30ff\u4e00-\u9fff-*]/.test(l) && l.length > 20).map(({ i }) => i);
  const out: IncrementalTimes = { doc: doc.name, chars: text.length, edits, reanalysis: series(), parsedChunks: [], markdownlint: series() };
  for (let e = 0; e < edits; e++) {
    const line = editable[Math.floor(((e + 0.5) / edits) * editable.length)]!;
    lines[line] = `${lines[line]} (edit ${e})`;
    text = lines.join('\n');
    const current = text;
    add(out.reanalysis, timeIt(() => analyzer.analyze(current, { force: true }, key)));
    out.parsedChunks.push(analyzer.lastParsedChunks(key) ?? NaN);
    add(out.markdownlint, timeIt(() => markdownlintFull(current)));
  }
  analyzer.release(key);
  return out;
}

export interface ScalingTimes {
  small: { chars: number; faultline: Series; remark: Series };
  large: { chars: number; faultline: Series; remark: Series };
}

/** Cold analysis of a ~150 KB and a ~1 MB generated doc; remark's whole-text parse beside it. */
export function scaling(analyzer: Analyzer, small: string, large: string, rounds: number): ScalingTimes {
  const out: ScalingTimes = {
    small: { chars: small.length, faultline: series(), remark: series() },
    large: { chars: large.length, faultline: series(), remark: series() },
  };
  for (let r = 0; r < rounds; r++) {
    add(out.small.faultline, timeIt(() => analyzer.analyze(small, { force: true })));
    add(out.large.faultline, timeIt(() => analyzer.analyze(large, { force: true })));
  }
  // remark once each: its whole-text parse of 1 MB takes long, and it is only the reference
  add(out.small.remark, timeIt(() => remarkParse_(small)));
  add(out.large.remark, timeIt(() => remarkParse_(large)));
  return out;
}

export const medianWall = (s: Series): number => median(s.wall);
export const medianCpu = (s: Series): number => median(s.cpu);
