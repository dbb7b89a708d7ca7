/**
 * The long fuzz run of `npm run bench -- --fuzz N`: N mutated documents through the engine
 * (keyed, as the language server analyses: the chunk cache sees every case in turn) and every
 * tenth through the built language server. Reports crashes, range violations and the slowest
 * analyses against the time bound.
 */
import { Analyzer } from '../../server/src/analysis/analyzer';
import { LspClient } from '../../test/helpers/lspClient';
import { fuzzCases, hugeHostileCases } from './fuzzCases';
import { analysisProblems, diagnosticProblems } from './invariants';
import { timeIt } from './measure';

/** Every analysis must finish within this: a second, plus 10 ms per KB of text. */
export const boundMs = (chars: number): number => 1000 + (10 * chars) / 1000;

export interface FuzzReport {
  seed: number;
  cases: number;
  serverCases: number;
  chars: number;
  failures: string[];
  overBound: { name: string; chars: number; ms: number }[];
  slowest: { name: string; chars: number; ms: number }[];
  maxMsPerKb: number;
  /** of `cases`: the huge hostile documents run first */
  huge: number;
  /** wall time of the run, set by the caller */
  seconds?: number;
}

export async function fuzzRun(count: number, seed: number, log: (line: string) => void = () => {}): Promise<FuzzReport> {
  const analyzer = new Analyzer();
  const huge = hugeHostileCases();
  const report: FuzzReport = { seed, huge: huge.length, cases: 0, serverCases: 0, chars: 0, failures: [], overBound: [], slowest: [], maxMsPerKb: 0 };
  const client = await LspClient.start({ settings: { faultline: { debounceMs: 0 } } });
  try {
    for (const c of [...huge, ...fuzzCases({ seed, count, maxBase: 60_000 })]) {
      report.cases++;
      report.chars += c.text.length;
      let sample;
      try {
        let result;
        sample = timeIt(() => { result = analyzer.analyze(c.text, { force: true }, 'fuzz'); });
        for (const p of analysisProblems(c.text, result!)) report.failures.push(`${c.name}: ${p}`);
        for (const e of result!.ruleErrors) report.failures.push(`${c.name}: rule ${e.rule} threw: ${e.message}`);
      } catch (e) {
        report.failures.push(`${c.name}: analysis threw: ${(e as Error).stack ?? e}`);
        continue;
      }
      const entry = { name: c.name, chars: c.text.length, ms: sample.wall };
      if (sample.wall > boundMs(c.text.length)) report.overBound.push(entry);
      if (c.text.length > 2000) report.maxMsPerKb = Math.max(report.maxMsPerKb, sample.wall / (c.text.length / 1000));
      report.slowest.push(entry);
      report.slowest.sort((a, b) => b.ms - a.ms).splice(5);
      if (report.cases % 10 === 0) {
        report.serverCases++;
        const uri = `file:///tmp/faultline-fuzz/${report.cases}.md`;
        const text = report.cases % 20 === 0 ? `---\nfaultline: true\n---\n${c.text}` : c.text;
        await client.open(uri, text);
        const published = await client.waitForDiagnostics(uri, { version: 1, timeoutMs: 120_000 });
        for (const p of diagnosticProblems(client.document(uri), published.diagnostics)) report.failures.push(`${c.name} (server): ${p}`);
        await client.close(uri);
      }
      if (report.cases % 500 === 0) log(`fuzz: ${report.cases}/${count} cases, ${report.failures.length} failures`);
    }
    if (client.hasExited) report.failures.push(`the language server exited: ${client.stderr}`);
    const errors = client.logMessages.filter((m) => m.type === 1);
    for (const m of errors) report.failures.push(`server logged an error: ${m.message.slice(0, 300)}`);
  } finally {
    await client.stop();
  }
  return report;
}
