/**
 * The analysis worker (bundled to dist/analysisWorker.js): runs the engine (analysisHost.ts) off
 * the language server's protocol thread, so that hovers, code actions, edits of other documents
 * and shutdown never wait for an analysis, and that thread never loads the engine at all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AnalysisHost } from './analysisHost';
import { transferables, type AnalysisWorkerData, type WorkerRequest } from './analysisProtocol';
import { GarbageTidy } from './collect';

const host = new AnalysisHost();

const tidy = (workerData as AnalysisWorkerData | null)?.collectWhenDone === false ? undefined : new GarbageTidy();

parentPort?.on('message', (request: WorkerRequest) => {
  tidy?.busy();
  const response = host.handle(request);
  if (response) {
    parentPort!.postMessage(response, response.packed ? transferables(response.packed) : []);
    if (tidy) setImmediate(() => tidy.done(request.more === true));
  }
});
