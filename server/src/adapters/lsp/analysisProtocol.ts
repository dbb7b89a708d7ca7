/** Messages between the language server's protocol thread and its analysis host (analysisHost.ts, in the worker thread). */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AnalyzeOptions, Notice } from '../../analysis/api';
import type { DirectivePlaces } from '../../findings/directives';
import type { Language } from '../../model/types';
import type { Tally } from './status';

/** Which rules: the built-in ones plus these custom rule packs; `id` changes when a pack is reloaded. */
export interface PackRef {
  id: number;
  dirs: string[];
}

export type WorkerJob =
  | { kind: 'analyze'; text: string; options: AnalyzeOptions; key?: string; target: PublishTarget }
  | { kind: 'report'; text: string; options: AnalyzeOptions; fileName: string; excluded?: string }
  /** where the directives of findings at these offsets of `text` go (code actions) */
  | { kind: 'places'; text: string; anchors: number[] }
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
  places?: DirectivePlaces[];
  error?: string;
}

/** What a worker is told when it starts. */
export interface AnalysisWorkerData {
  /** collect garbage after jobs (GarbageTidy); false for a short-lived worker */
  collectWhenDone: boolean;
}

/** The incremental (chunk) caches of at most this many documents are kept: the ones analysed last. */
export const CACHED_DOCUMENTS = 4;

/** The document (and version: DISK_VERSION for a file read from disk) an analysis is published for. */
export interface PublishTarget {
  uri: string;
  version: number;
}

/**
 * An analysis as the server keeps and publishes it, made where the analysis ran: the findings as
 * deflated JSON (compact, outside the JS heap; parsed again only for a hover or code action), the
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
  /** deflated (toDeflatedJson) */
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

/**
 * JSON bytes deflated at zlib's fastest level, for what the server keeps between requests: a
 * document's findings repeat the same texts (countermeasure templates, evidence lists) and shrink
 * to a tenth or less, and twenty open documents with hundreds of findings each would otherwise
 * hold tens of megabytes. Inflating them again for a hover takes a few milliseconds.
 */
export function toDeflatedJson(value: unknown): Uint8Array {
  const deflated = deflateRawSync(toJsonBytes(value), { level: 1 });
  // a buffer of its own, as above (zlib may hand back a slice of a larger one)
  const bytes = Buffer.allocUnsafeSlow(deflated.length);
  deflated.copy(bytes);
  return bytes;
}

export function fromDeflatedJson<T>(bytes: Uint8Array): T {
  return fromJsonBytes<T>(inflateRawSync(bytes));
}

/** The buffers to move (postMessage's transfer list) with a packed result. */
export function transferables(packed: PackedResult): ArrayBuffer[] {
  return [...new Set([packed.findingsJson, ...packed.diagnosticsJson].map((b) => b.buffer as ArrayBuffer))];
}
