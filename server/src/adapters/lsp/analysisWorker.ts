/**
 * The analysis worker (bundled to dist/analysisWorker.js): runs the engine off the language
 * server's main thread, so that the protocol (hovers, code actions, edits of other documents,
 * shutdown) never waits for an analysis. It owns the Analyzers (one per set of custom rule packs)
 * and so the per-document chunk caches of incremental re-analysis; only the documents analysed
 * last keep theirs (CACHED_DOCUMENTS). Results go back without the design model.
 */
import { parentPort } from 'node:worker_threads';
import { Analyzer } from '../../analysis/analyzer';
import { summarize } from '../../analysis/api';
import { collectGarbage, heapUsed } from './collect';
import { CACHED_DOCUMENTS, packResult, reviewReport, transferables, type PackRef, type WorkerRequest, type WorkerResponse } from './analysisProtocol';

const analyzers = new Map<string, { id: number; analyzer: Analyzer }>();
/** document keys with a chunk cache, the most recently analysed last */
const recent: string[] = [];
/** documents analysed more than once (being edited), by key */
const edited = new Set<string>();
const analysed = new Set<string>();

function analyzerFor(pack: PackRef): Analyzer {
  const key = pack.dirs.join('\u0000');
  const known = analyzers.get(key);
  if (known && known.id === pack.id) return known.analyzer;
  const analyzer = new Analyzer({ extraRuleDirs: pack.dirs });
  analyzers.set(key, { id: pack.id, analyzer });
  return analyzer;
}

function dropCache(key: string): void {
  const i = recent.indexOf(key);
  if (i >= 0) recent.splice(i, 1);
  for (const { analyzer } of analyzers.values()) analyzer.release(key);
}

/** A closed document: nothing of it is kept. */
function release(key: string): void {
  dropCache(key);
  edited.delete(key);
  analysed.delete(key);
}

/**
 * Chunk caches are kept for the document analysed last (its first edit is then incremental too)
 * and for documents being edited, CACHED_DOCUMENTS at most; a document only opened and reviewed
 * keeps none once another one has been analysed (re-analysing it later costs one cold analysis).
 */
function touched(key: string): void {
  if (analysed.has(key)) edited.add(key);
  else analysed.add(key);
  const i = recent.indexOf(key);
  if (i >= 0) recent.splice(i, 1);
  recent.push(key);
  for (const k of recent.slice(0, -1)) if (!edited.has(k)) dropCache(k);
  while (recent.length > CACHED_DOCUMENTS) dropCache(recent[0]!);
}

function handle(request: WorkerRequest): WorkerResponse | undefined {
  const { id, job } = request ?? {};
  if (!job) return undefined;
  if (job.kind === 'release') {
    release(job.key);
    return undefined;
  }
  try {
    const analyzer = analyzerFor(request.pack);
    if (job.kind === 'analyze') {
      const result = analyzer.analyze(job.text, job.options, job.key);
      if (job.key) touched(job.key);
      return { id, packed: packResult(summarize(result), analyzer, job.target) };
    }
    return { id, report: reviewReport(analyzer, job.text, job.options, job.fileName, job.excluded) };
  } catch (e) {
    return { id, error: (e as Error)?.stack ?? String(e) };
  }
}

/**
 * A full collection when analyses have left garbage behind. V8 on its own lets garbage pile up
 * to a large multiple of what is live (an analysis makes several times the document's size in
 * short-lived objects), and the server's resident memory grows with it. It runs after the result
 * is posted, so that reply never waits for it; but a collection takes tens of milliseconds, which
 * the next job would wait for. So: in a batch (more jobs waiting) at once past GC_SLACK; after
 * the last job of a batch or a single edit, once no job has come for GC_IDLE_MS, or at once past
 * GC_HARD_SLACK.
 */
const GC_HARD_SLACK = 48 * 2 ** 20;
const GC_SLACK = 8 * 2 ** 20;
const GC_IDLE_MS = 200;
let afterCollection = heapUsed();
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function collect(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  collectGarbage();
  afterCollection = heapUsed();
}

function tidy(batch: boolean): void {
  const garbage = heapUsed() - afterCollection;
  if (garbage > GC_HARD_SLACK || (batch && garbage > GC_SLACK)) collect();
  else if (garbage > GC_SLACK) {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(collect, GC_IDLE_MS);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  if (idleTimer) clearTimeout(idleTimer); // work came: not idle
  idleTimer = undefined;
  const response = handle(request);
  if (response) {
    parentPort!.postMessage(response, response.packed ? transferables(response.packed) : []);
    setImmediate(tidy, request.more === true);
  }
});
