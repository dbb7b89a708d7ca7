import os from 'node:os';
import { Worker, parentPort } from 'node:worker_threads';
import { Analyzer } from '../../analysis/analyzer';
import type { Notice, RuleSettings } from '../../analysis/api';
import type { Finding } from '../../findings/types';
import type { Language } from '../../model/types';

/**
 * Runs the engine over the documents: in this thread, or — for many documents on a machine
 * with several cores — in a small pool of worker threads, each with its own Analyzer (rules
 * load once per thread). Results come back in task order either way.
 */
export interface AnalysisTask {
  id: number;
  text: string;
  /** custom rule folders (selects the Analyzer) */
  customRules: string[];
  rules: RuleSettings;
  force: boolean;
  /** the document's path (its name helps tell a README from a design doc) */
  fileName?: string;
}

export interface TaskResult {
  id: number;
  language: Language;
  findings: Finding[];
  skipped?: string;
  ruleErrors: { rule: string; message: string }[];
  notices: Notice[];
  suppressed: number;
}

export class AnalyzerCache {
  private readonly analyzers = new Map<string, Analyzer>();

  get(customRules: string[]): Analyzer {
    const key = customRules.join('\u0000');
    let a = this.analyzers.get(key);
    if (!a) {
      a = new Analyzer({ extraRuleDirs: customRules });
      this.analyzers.set(key, a);
    }
    return a;
  }

  all(): Analyzer[] {
    return [...this.analyzers.values()];
  }
}

export function analyzeTask(cache: AnalyzerCache, task: AnalysisTask): TaskResult {
  const r = cache.get(task.customRules).analyze(task.text, { rules: task.rules, force: task.force, fileName: task.fileName });
  return { id: task.id, language: r.language, findings: r.findings, skipped: r.skipped, ruleErrors: r.ruleErrors, notices: r.notices ?? [], suppressed: r.suppressed ?? 0 };
}

/** How many worker threads: FAULTLINE_JOBS when set, else one per core (at most 4) once there are enough documents. */
export function chooseJobs(tasks: AnalysisTask[], env: NodeJS.ProcessEnv): number {
  const forced = env.FAULTLINE_JOBS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(1, Math.min(Number(forced), tasks.length || 1));
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const bytes = tasks.reduce((n, t) => n + t.text.length, 0);
  // a worker costs a rules load (~0.2 s); only worth it when there is a lot to analyse
  if (cores < 2 || tasks.length < 8 || bytes < 400_000) return 1;
  return Math.min(cores, 4, Math.ceil(tasks.length / 4));
}

export async function analyzeAll(tasks: AnalysisTask[], jobs: number, cache: AnalyzerCache, workerScript: string): Promise<TaskResult[]> {
  if (jobs <= 1 || tasks.length <= 1) return tasks.map((t) => analyzeTask(cache, t));
  const results = new Map<number, TaskResult>();
  const queue = [...tasks];
  let failed: Error | undefined;
  await Promise.all(
    Array.from({ length: jobs }, () =>
      new Promise<void>((resolve) => {
        const worker = new Worker(workerScript, { workerData: { faultlineWorker: true } });
        let current: AnalysisTask | undefined;
        const next = () => {
          current = queue.shift();
          if (!current) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(current);
        };
        worker.on('message', (r: TaskResult) => {
          results.set(r.id, r);
          next();
        });
        worker.on('error', (e) => {
          // a worker that dies hands its task back; the main thread finishes what is left
          failed = e;
          if (current) queue.unshift(current);
          current = undefined;
          resolve();
        });
        worker.on('exit', () => resolve());
        next();
      }),
    ),
  );
  if (failed && process.env.FAULTLINE_DEBUG) process.stderr.write(`faultline: worker failed, finishing in the main thread: ${failed.message}\n`);
  for (const t of tasks) if (!results.has(t.id)) results.set(t.id, analyzeTask(cache, t));
  return tasks.map((t) => results.get(t.id)!);
}

/** The worker thread's side: analyse whatever arrives. */
export function workerMain(): void {
  const cache = new AnalyzerCache();
  parentPort!.on('message', (task: AnalysisTask) => {
    parentPort!.postMessage(analyzeTask(cache, task));
  });
}
