/**
 * Where the language server's analyses run. By default in worker threads (analysisWorker.ts):
 * one for ordinary documents and one, started on demand, for documents over LARGE_DOCUMENT
 * characters, so that an edit of an ordinary document never queues behind a huge one. The main
 * thread keeps the protocol and answers requests from the last results. With a custom analyzer
 * factory (tests, embedders), or when the worker bundle is not there (running from sources), the
 * analyses run in-process, one after the other, with the same interface (inProcessBackend.ts).
 *
 * Superseded work is dropped: a queued job whose `wanted()` says no is never sent, and a huge
 * document's run that a newer run of the same document replaces is stopped (its worker ends).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions } from '../../analysis/api';
import type { DirectivePlaces } from '../../findings/directives';
import type { Language } from '../../model/types';
import type { AnalysisWorkerData, PackedResult, PackRef, PublishTarget, WorkerJob, WorkerRequest, WorkerResponse } from './analysisProtocol';
import { keepYoungGenerationSmall } from './collect';
import type { DocumentSetup } from './projectSetup';

/** Documents longer than this (in characters) are analysed by a worker of their own. */
export const LARGE_DOCUMENT = 1_000_000;
/**
 * The young generation of the ordinary documents' worker, in MB. Left to itself V8 grows it to
 * 32 MB under an analysis's burst of short-lived objects and keeps it resident for good, a fifth of
 * the server's memory; at 8 MB an analysis of a 150 KB document takes about a tenth longer (more
 * scavenges). The large-document worker keeps V8's default: it is short-lived and its analyses long.
 */
const ORDINARY_YOUNG_GENERATION_MB = 8;
/** The large-document worker ends after this long without work (its caches are big). */
const LARGE_IDLE_MS = 30_000;

export interface AnalysisBackend {
  /** undefined: dropped, because `wanted()` said it is no longer needed */
  analyze(setup: DocumentSetup, text: string, options: AnalyzeOptions, target: PublishTarget, key?: string, wanted?: () => boolean): Promise<PackedResult | undefined>;
  /** the review report; `excluded`: the document is not reviewed, and this says why */
  report(setup: DocumentSetup, text: string, options: AnalyzeOptions, fileName: string, excluded?: string): Promise<{ markdown: string; language: Language }>;
  /** where the directives of findings at `anchors` of `text` go (for code actions) */
  places(setup: DocumentSetup, text: string, anchors: number[]): Promise<DirectivePlaces[]>;
  /** forget a closed document's incremental state */
  release(key: string): void;
  dispose(): void;
}

export class CancelledError extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

interface Job {
  request: WorkerRequest;
  wanted?: () => boolean;
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
}

interface LaneOptions {
  /** end the worker after this long without work (undefined: keep it) */
  idleMs?: number;
  resourceLimits?: { maxYoungGenerationSizeMb: number };
  workerData?: AnalysisWorkerData;
}

/** One worker thread and its queue: one job in flight at a time. */
class Lane {
  private worker?: Worker;
  private queue: Job[] = [];
  private inFlight?: Job;
  private idleTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly script: string,
    private readonly onError: (message: string) => void,
    private readonly options: LaneOptions = {},
  ) {}

  private get idleMs(): number | undefined {
    return this.options.idleMs;
  }

  get started(): boolean {
    return !!this.worker;
  }

  run(request: WorkerRequest, wanted?: () => boolean): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      // a newer run of a document replaces an older one still in flight here: stop that one
      const key = request.job.kind === 'analyze' ? request.job.key : undefined;
      const busy = this.inFlight?.request.job;
      if (key && this.idleMs !== undefined && busy?.kind === 'analyze' && busy.key === key) this.stop(new CancelledError());
      this.queue.push({ request, wanted, resolve, reject });
      this.next();
    });
  }

  post(request: WorkerRequest): void {
    this.worker?.postMessage(request);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: this.options.resourceLimits, workerData: this.options.workerData });
    worker.unref();
    worker.once('online', keepYoungGenerationSmall);
    worker.on('message', (response: WorkerResponse) => {
      const job = this.inFlight;
      if (!job || job.request.id !== response.id) return;
      this.inFlight = undefined;
      job.resolve(response);
      this.next();
    });
    worker.on('error', (e) => {
      this.onError(`the analysis worker failed: ${e.stack ?? e.message}`);
      if (this.worker === worker) this.stop(e);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.onError(`the analysis worker stopped (exit code ${code})`);
      this.stop(new Error(`the analysis worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  /** End the worker; the job in flight fails with `reason`, the queue goes on in a new worker. */
  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    const job = this.inFlight;
    this.inFlight = undefined;
    job?.reject(reason);
    if (this.queue.length) queueMicrotask(() => this.next());
  }

  private next(): void {
    if (this.inFlight) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    let job: Job | undefined;
    while ((job = this.queue.shift())) {
      if (!job.wanted || job.wanted()) break;
      job.reject(new CancelledError());
    }
    if (!job) {
      if (this.idleMs !== undefined && this.worker) {
        this.idleTimer = setTimeout(() => {
          if (!this.inFlight && this.queue.length === 0) this.stop(new CancelledError());
        }, this.idleMs);
        this.idleTimer.unref();
      }
      return;
    }
    this.inFlight = job;
    job.request.more = this.queue.length > 0;
    try {
      this.ensure().postMessage(job.request);
    } catch (e) {
      this.inFlight = undefined;
      job.reject(e as Error);
      this.next();
    }
  }

  dispose(): void {
    for (const job of this.queue.splice(0)) job.reject(new CancelledError());
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.stop(new CancelledError());
  }
}

export function packRef(setup: DocumentSetup): PackRef {
  return { id: setup.packId, dirs: setup.ruleDirs };
}

export class WorkerBackend implements AnalysisBackend {
  private nextId = 1;
  private readonly normal: Lane;
  private readonly large: Lane;

  constructor(script: string, onError: (message: string) => void) {
    this.normal = new Lane(script, onError, { resourceLimits: { maxYoungGenerationSizeMb: ORDINARY_YOUNG_GENERATION_MB } });
    // no collections of its own: a huge heap's collection right after a result would compete for
    // the CPU with the protocol thread publishing that result; the worker ends when idle instead
    const workerData: AnalysisWorkerData = { collectWhenDone: false };
    this.large = new Lane(script, onError, { idleMs: LARGE_IDLE_MS, workerData });
  }

  /** The worker bundle next to this one (dist/analysisWorker.js), if it is there. */
  static script(): string | undefined {
    const file = path.join(__dirname, 'analysisWorker.js');
    return fs.existsSync(file) ? file : undefined;
  }

  private async run(setup: DocumentSetup, job: WorkerJob, textLength: number, wanted?: () => boolean): Promise<WorkerResponse | undefined> {
    const pack = packRef(setup);
    const lane = textLength > LARGE_DOCUMENT ? this.large : this.normal;
    try {
      const response = await lane.run({ id: this.nextId++, pack, job }, wanted);
      if (response.error) throw new Error(response.error);
      return response;
    } catch (e) {
      if (e instanceof CancelledError) return undefined;
      throw e;
    }
  }

  async analyze(setup: DocumentSetup, text: string, options: AnalyzeOptions, target: PublishTarget, key?: string, wanted?: () => boolean): Promise<PackedResult | undefined> {
    return (await this.run(setup, { kind: 'analyze', text, options, key, target }, text.length, wanted))?.packed;
  }

  async report(setup: DocumentSetup, text: string, options: AnalyzeOptions, fileName: string, excluded?: string): Promise<{ markdown: string; language: Language }> {
    const response = await this.run(setup, { kind: 'report', text, options, fileName, excluded }, text.length);
    if (!response?.report) throw new Error('the review was cancelled');
    return response.report;
  }

  async places(setup: DocumentSetup, text: string, anchors: number[]): Promise<DirectivePlaces[]> {
    const response = await this.run(setup, { kind: 'places', text, anchors }, text.length);
    if (!response?.places) throw new Error('cancelled');
    return response.places;
  }

  release(key: string): void {
    for (const lane of [this.normal, this.large]) lane.post({ id: 0, pack: { id: 0, dirs: [] }, job: { kind: 'release', key } });
  }

  dispose(): void {
    this.normal.dispose();
    this.large.dispose();
  }
}
