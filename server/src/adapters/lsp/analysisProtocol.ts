/** Messages between the language server's main thread and its analysis worker (analysisWorker.ts). */
import type { Analyzer } from '../../analysis/analyzer';
import type { AnalysisSummary, AnalyzeOptions, Notice } from '../../analysis/api';
import type { Language } from '../../model/types';
import { buildReport } from '../../report/reviewReport';
import { toDiagnostics } from './diagnostics';
import { ruleDocUri } from './ruleDocs';
import { tally, type Tally } from './status';

/** Which rules: the built-in ones plus these custom rule packs; `id` changes when a pack is reloaded. */
export interface PackRef {
  id: number;
  dirs: string[];
}

export type WorkerJob =
  | { kind: 'analyze'; text: string; options: AnalyzeOptions; key?: string; target: PublishTarget }
  | { kind: 'report'; text: string; options: AnalyzeOptions; fileName: string; excluded?: string }
  | { kind: 'release'; key: string };

export interface WorkerRequest {
  id: number;
  pack: PackRef;
  job: WorkerJob;
  /** more jobs are waiting behind this one (a batch: documents opened together, a workspace pass) */
  more?: boolean;
}

export interface WorkerResponse {
  id: number;
  packed?: PackedResult;
  report?: { markdown: string; language: Language };
  error?: string;
}

/** The incremental (chunk) caches of at most this many documents are kept: the ones analysed last. */
export const CACHED_DOCUMENTS = 4;

/** The review report of a text; `excluded`: not reviewed (the config keeps it out), and why. */
export function reviewReport(analyzer: Analyzer, text: string, options: AnalyzeOptions, fileName: string, excluded?: string): { markdown: string; language: Language } {
  const analysed = analyzer.analyze(text, options);
  const result = excluded && !analysed.skipped ? { ...analysed, findings: [], skipped: excluded } : analysed;
  return { markdown: buildReport(result, analyzer, { fileName }), language: result.language };
}

/** The document (and version: DISK_VERSION for a file read from disk) an analysis is published for. */
export interface PublishTarget {
  uri: string;
  version: number;
}

/**
 * An analysis as the server keeps and publishes it, made where the analysis ran: the findings as
 * UTF-8 JSON (compact, outside the JS heap; parsed again only for a hover or code action), the
 * diagnostics ready to publish, and the status counts. Both JSON buffers are moved between the
 * threads, not copied: a huge document's thousands of findings would otherwise block the
 * protocol thread for a large part of a second while it deserialised them.
 */
export interface PackedResult {
  language: Language;
  skipped?: string;
  ruleErrors: { rule: string; message: string }[];
  notices: Notice[];
  suppressed: number;
  findingsJson: Uint8Array;
  tally: Tally;
  target: PublishTarget;
  /** in pieces of at most DIAGNOSTICS_PER_PIECE, so that reading them back can pause between pieces */
  diagnosticsJson: Uint8Array[];
}

export const DIAGNOSTICS_PER_PIECE = 400;

/**
 * JSON in ASCII bytes (every other character escaped as \uXXXX, which JSON allows): the
 * receiving thread reads it back as a one-byte string, several times faster than UTF-8 with
 * non-ASCII characters in it (an em dash in one message is enough to slow all of it down).
 */
export function toJsonBytes(value: unknown): Uint8Array {
  const json = JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // a buffer of its own (never a slice of Node's shared pool): it is moved to the other thread
  const bytes = Buffer.allocUnsafeSlow(json.length);
  bytes.write(json, 0, 'latin1');
  return bytes;
}

export function fromJsonBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')) as T;
}

/** The buffers to move (postMessage's transfer list) with a packed result. */
export function transferables(packed: PackedResult): ArrayBuffer[] {
  return [...new Set([packed.findingsJson, ...packed.diagnosticsJson].map((b) => b.buffer as ArrayBuffer))];
}

export function packResult(summary: AnalysisSummary, analyzer: Analyzer, target: PublishTarget): PackedResult {
  const docUri = (id: string) => {
    const rule = analyzer.rule(id);
    return rule ? ruleDocUri(rule) : undefined;
  };
  const diagnostics = summary.skipped ? [] : toDiagnostics(summary, { uri: target.uri, version: target.version, language: summary.language, docUri });
  const packed: PackedResult = {
    language: summary.language,
    ruleErrors: summary.ruleErrors,
    notices: summary.notices,
    suppressed: summary.suppressed,
    findingsJson: toJsonBytes(summary.findings),
    tally: tally(summary.findings),
    target,
    diagnosticsJson: pieces(diagnostics, DIAGNOSTICS_PER_PIECE).map(toJsonBytes),
  };
  if (summary.skipped !== undefined) packed.skipped = summary.skipped;
  return packed;
}

function pieces<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}
