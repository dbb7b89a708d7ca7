/**
 * Analyses on the calling thread, one after the other, through the same jobs as the worker
 * threads (analysisHost.ts): for tests and embedders that bring their own analyzer factory, and
 * for running from sources, where there is no worker bundle. The language server loads this
 * module only then, so that its protocol thread otherwise never loads the engine.
 */
import type { Analyzer } from '../../analysis/analyzer';
import type { AnalyzeOptions } from '../../analysis/api';
import type { DirectivePlaces } from '../../findings/directives';
import type { Language } from '../../model/types';
import { AnalysisHost } from './analysisHost';
import { packRef, type AnalysisBackend } from './analysisBackend';
import type { PackedResult, PackRef, PublishTarget, WorkerJob, WorkerResponse } from './analysisProtocol';
import type { DocumentSetup } from './projectSetup';

export class InProcessBackend implements AnalysisBackend {
  private readonly host: AnalysisHost;
  private nextId = 1;

  /** @param analyzerFor the analyzer of a set of rule packs (default: the built-in rules plus the packs, made once per pack id) */
  constructor(analyzerFor?: (pack: PackRef) => Analyzer) {
    this.host = new AnalysisHost(analyzerFor);
  }

  private run(setup: DocumentSetup, job: WorkerJob): WorkerResponse {
    const response = this.host.handle({ id: this.nextId++, pack: packRef(setup), job })!;
    if (response.error) throw new Error(response.error);
    return response;
  }

  async analyze(setup: DocumentSetup, text: string, options: AnalyzeOptions, target: PublishTarget, key?: string, wanted?: () => boolean): Promise<PackedResult | undefined> {
    if (wanted && !wanted()) return undefined;
    return this.run(setup, { kind: 'analyze', text, options, key, target }).packed;
  }

  async report(setup: DocumentSetup, text: string, options: AnalyzeOptions, fileName: string, excluded?: string): Promise<{ markdown: string; language: Language }> {
    return this.run(setup, { kind: 'report', text, options, fileName, excluded }).report!;
  }

  async places(setup: DocumentSetup, text: string, anchors: number[]): Promise<DirectivePlaces[]> {
    return this.run(setup, { kind: 'places', text, anchors }).places!;
  }

  release(key: string): void {
    this.host.handle({ id: 0, pack: { id: 0, dirs: [] }, job: { kind: 'release', key } });
  }

  dispose(): void {}
}
