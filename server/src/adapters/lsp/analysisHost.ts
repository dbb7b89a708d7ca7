/**
 * The engine side of the language server: answers the analysis jobs (analysisProtocol.ts) with
 * Analyzers, one per set of custom rule packs. It runs in the analysis worker thread
 * (analysisWorker.ts) or, for tests and embedders that bring their own analyzer factory, on the
 * calling thread (InProcessBackend); the protocol thread never loads the engine.
 *
 * It owns the per-document chunk caches of incremental re-analysis; only the documents analysed
 * last keep theirs (CACHED_DOCUMENTS). Results go back without the design model; the model of the
 * last analysis is kept here, for the directive places a code action may ask for next.
 */
import { Analyzer } from '../../analysis/analyzer';
import { summarize, type AnalysisSummary, type AnalyzeOptions } from '../../analysis/api';
import { directivePlaces } from '../../findings/suppressions';
import type { DesignModel, Language } from '../../model/types';
import { buildReport } from '../../report/reviewReport';
import { CACHED_DOCUMENTS, DIAGNOSTICS_PER_PIECE, toDeflatedJson, toJsonBytes, type PackedResult, type PackRef, type PublishTarget, type WorkerRequest, type WorkerResponse } from './analysisProtocol';
import { toDiagnostics } from './diagnostics';
import { ruleDocUri } from './ruleDocs';
import { tally } from './status';

/** The review report of a text; `excluded`: not reviewed (the config keeps it out), and why. */
export function reviewReport(analyzer: Analyzer, text: string, options: AnalyzeOptions, fileName: string, excluded?: string): { markdown: string; language: Language } {
  const analysed = analyzer.analyze(text, options);
  const result = excluded && !analysed.skipped ? { ...analysed, findings: [], skipped: excluded } : analysed;
  return { markdown: buildReport(result, analyzer, { fileName }), language: result.language };
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
    findingsJson: toDeflatedJson(summary.findings),
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

export const defaultAnalyzerFor = (): ((pack: PackRef) => Analyzer) => {
  const analyzers = new Map<string, { id: number; analyzer: Analyzer }>();
  return (pack) => {
    const key = pack.dirs.join('\u0000');
    const known = analyzers.get(key);
    if (known && known.id === pack.id) return known.analyzer;
    const analyzer = new Analyzer({ extraRuleDirs: pack.dirs });
    analyzers.set(key, { id: pack.id, analyzer });
    return analyzer;
  };
};

export class AnalysisHost {
  /** every analyzer that has analysed something (to release a document's caches in all) */
  private readonly used = new Set<Analyzer>();
  /** document keys with a chunk cache, the most recently analysed last */
  private readonly recent: string[] = [];
  /** documents analysed more than once (being edited), by key */
  private readonly edited = new Set<string>();
  private readonly analysed = new Set<string>();
  private lastModel?: { text: string; analyzer: Analyzer; model: DesignModel };

  /** @param analyzerFor the analyzer of a set of rule packs (made on first use, made again when `pack.id` changes) */
  constructor(private readonly analyzerFor: (pack: PackRef) => Analyzer = defaultAnalyzerFor()) {}

  handle(request: WorkerRequest): WorkerResponse | undefined {
    const { id, job } = request ?? {};
    if (!job) return undefined;
    if (job.kind === 'release') {
      this.release(job.key);
      return undefined;
    }
    try {
      const analyzer = this.analyzerFor(request.pack);
      this.used.add(analyzer);
      if (job.kind === 'analyze') {
        const result = analyzer.analyze(job.text, job.options, job.key);
        if (job.key) this.touched(job.key);
        this.lastModel = { text: job.text, analyzer, model: result.model };
        return { id, packed: packResult(summarize(result), analyzer, job.target) };
      }
      if (job.kind === 'places') {
        const model = this.modelOf(analyzer, job.text);
        return { id, places: job.anchors.map((a) => directivePlaces(model, a)) };
      }
      return { id, report: reviewReport(analyzer, job.text, job.options, job.fileName, job.excluded) };
    } catch (e) {
      return { id, error: (e as Error)?.stack ?? String(e) };
    }
  }

  /** The model of exactly `text`: the last analysis's when it was of this text, else built afresh. */
  private modelOf(analyzer: Analyzer, text: string): DesignModel {
    const last = this.lastModel;
    if (last && last.analyzer === analyzer && last.text === text) return last.model;
    const model = analyzer.modelOf(text);
    this.lastModel = { text, analyzer, model };
    return model;
  }

  private dropCache(key: string): void {
    const i = this.recent.indexOf(key);
    if (i >= 0) this.recent.splice(i, 1);
    for (const analyzer of this.used) analyzer.release(key);
  }

  /** A closed document: nothing of it is kept. */
  private release(key: string): void {
    this.dropCache(key);
    this.edited.delete(key);
    this.analysed.delete(key);
  }

  /**
   * Chunk caches are kept for the document analysed last (its first edit is then incremental too)
   * and for documents being edited, CACHED_DOCUMENTS at most; a document only opened and reviewed
   * keeps none once another one has been analysed (re-analysing it later costs one cold analysis).
   */
  private touched(key: string): void {
    if (this.analysed.has(key)) this.edited.add(key);
    else this.analysed.add(key);
    const i = this.recent.indexOf(key);
    if (i >= 0) this.recent.splice(i, 1);
    this.recent.push(key);
    for (const k of this.recent.slice(0, -1)) if (!this.edited.has(k)) this.dropCache(k);
    while (this.recent.length > CACHED_DOCUMENTS) this.dropCache(this.recent[0]!);
  }
}
