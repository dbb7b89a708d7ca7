/**
 * `npm run bench [-- --fuzz N] [--rounds R] [--out FILE] [--no-write]`
 * `npm run bench -- --only lsp [--server FILE]`: the language-server measures alone, printed
 * (not written); --server measures another build of the server (e.g. the last commit's).
 * FAULTLINE_BENCH_TRACE=1 prints each hover's wait during the 10 MB document.
 *
 * Faultline against its peers on the same inputs, in one run on one machine: the corpus design
 * docs, the public design docs, and generated 1 MB and 5 MB design docs; then the language
 * server (latency, memory, a 10 MB document); with --fuzz, N mutated documents through engine
 * and server. Prints the results and writes them to bench/results/latest.md (see report.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Analyzer, DEFAULT_MAX_LENGTH } from '../../server/src/analysis/analyzer';
import { comparePeers, incremental, scaling, type BenchDoc } from './engineBench';
import { corpusDesignDocs } from './fuzzCases';
import { fuzzRun, type FuzzReport } from './fuzzRun';
import { generateDesignDoc } from './generateDoc';
import { editLatency, hugeDocument, memoryWithOpenDocs, useServer } from './lspBench';
import { renderReport, type BenchResults } from './report';

const REPO = path.resolve(__dirname, '..', '..');

function parseArgs(argv: string[]) {
  const opts = { fuzz: 0, seed: 20261122, rounds: 5, out: path.join(REPO, 'bench', 'results', 'latest.md'), write: true, only: undefined as 'lsp' | undefined, server: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--fuzz') opts.fuzz = Number(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--rounds') opts.rounds = Number(value());
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--no-write') opts.write = false;
    else if (a === '--only') {
      const v = value();
      if (v !== 'lsp') throw new Error('--only takes "lsp" (the language-server measures alone, printed, not written)');
      opts.only = v;
    } else if (a === '--server') opts.server = path.resolve(value());
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(opts.fuzz) || opts.fuzz < 0) throw new Error('--fuzz needs a whole number of cases');
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new Error('--rounds needs a whole number ≥ 1');
  return opts;
}

const started = Date.now();
const elapsed = () => Math.round((Date.now() - started) / 1000);
const log = (line: string) => process.stderr.write(`[${elapsed()} s] ${line}\n`);

function environment(): BenchResults['environment'] {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadBefore: os.loadavg().map((l) => l.toFixed(1)).join(' '),
    loadAfter: '',
    benchSeconds: 0,
  };
}

/** `--only lsp`: the language-server measures (latency, memory, a 10 MB document), printed only. */
async function lspOnly(largest: BenchDoc, realDocs: BenchDoc[]): Promise<void> {
  log('language server: edit latency…');
  const latency = await editLatency(largest.text, 40, path.basename(largest.name));
  log('language server: memory with 20 × 150 KB documents open…');
  const memoryReal = await memoryWithOpenDocs(Array.from({ length: 20 }, (_, i) => `${largest.text}${' '.repeat(i)}`));
  const memory = await memoryWithOpenDocs(Array.from({ length: 20 }, (_, i) => generateDesignDoc(150_000, 100 + i)));
  log('language server: a 10 MB document…');
  const huge = await hugeDocument(generateDesignDoc(10_000_000, 14), realDocs[0]!.text);
  const f = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(1));
  process.stdout.write([
    `edit latency (${latency.chars} chars, ${latency.edits} edits): p50 ${f(latency.p50)} ms, p95 ${f(latency.p95)} ms`,
    `RSS, 20 × ${largest.name}: ${f(memoryReal.rssMb)} MB, settled ${f(memoryReal.settledMb)} MB (peak ${f(memoryReal.peakMb)} MB, idle ${f(memoryReal.idleMb)} MB)`,
    `RSS, 20 generated ~150 K docs: ${f(memory.rssMb)} MB, settled ${f(memory.settledMb)} MB (peak ${f(memory.peakMb)} MB, idle ${f(memory.idleMb)} MB)`,
    `10 M-character doc: published after ${f(huge.publishMs)} ms, ${huge.diagnostics} diagnostics, ${huge.notices.length} notice(s); hover on another doc meanwhile: waited up to ${f(huge.hoverWhileBusyMs)} ms over ${huge.hoversWhileBusy} hover(s) (${f(huge.hoverIdleMs)} ms idle)`,
    '',
  ].join('\n'));
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  useServer(opts.server);
  if (!fs.existsSync(opts.server ?? path.join(REPO, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first (`npm run bench` does)');
  const env = environment();
  const analyzer = new Analyzer();

  const realDocs: BenchDoc[] = corpusDesignDocs().map((f) => ({ name: path.relative(path.join(REPO, '..', 'shared', 'corpus'), f), text: fs.readFileSync(f, 'utf8') }));
  if (realDocs.length === 0) throw new Error('the shared corpus (../shared/corpus) is missing');
  const largest = [...realDocs].sort((a, b) => b.text.length - a.text.length)[0]!;
  if (opts.only === 'lsp') return lspOnly(largest, realDocs);
  const mb1 = generateDesignDoc(1_000_000, 11);
  const mb5 = generateDesignDoc(5_000_000, 12);
  const kb150 = generateDesignDoc(150_000, 13);

  // warm the code paths (JIT) before anything is timed
  log('warming up…');
  for (const d of realDocs.slice(0, 6)) comparePeers(analyzer, [d], 1);

  log(`peers: ${realDocs.length} corpus and public design docs × ${opts.rounds} rounds…`);
  const peers = comparePeers(analyzer, realDocs, opts.rounds);
  log('peers: generated 1 MB…');
  // remark's whole-text parse of 1 MB takes a quarter of a minute: measured once, in scaling()
  const peers1mb = comparePeers(analyzer, [{ name: 'generated 1 MB', text: mb1 }], 3, { remark: () => false });
  log('peers: generated 5 MB…');
  const peers5mb = comparePeers(analyzer, [{ name: 'generated 5 MB', text: mb5 }], 1, { remark: () => false });

  log(`incremental: one-line edits in ${largest.name}…`);
  const inc = incremental(analyzer, largest, 40);
  log('scaling: 150 KB vs 1 MB…');
  const scale = scaling(analyzer, kb150, mb1, 3);

  log('language server: edit latency…');
  const latency = await editLatency(largest.text, 40, path.basename(largest.name));
  log('language server: memory with 20 × 150 KB documents open…');
  const memory = await memoryWithOpenDocs(Array.from({ length: 20 }, (_, i) => generateDesignDoc(150_000, 100 + i)));
  // the largest real design doc, 20 times (each its own document; a space apart so no text is shared)
  const memoryReal = await memoryWithOpenDocs(Array.from({ length: 20 }, (_, i) => `${largest.text}${' '.repeat(i)}`));
  log('language server: a 10 MB document…');
  const huge = await hugeDocument(generateDesignDoc(10_000_000, 14), realDocs[0]!.text);

  env.benchSeconds = elapsed();
  let fuzz: FuzzReport | undefined;
  if (opts.fuzz > 0) {
    log(`fuzz: ${opts.fuzz} cases, seed ${opts.seed}…`);
    fuzz = await fuzzRun(opts.fuzz, opts.seed, log);
    fuzz.seconds = elapsed() - env.benchSeconds;
  }

  env.loadAfter = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const markdown = renderReport({ environment: env, rounds: opts.rounds, peers, peers1mb, peers5mb, incremental: inc, scaling: scale, latency, memory, memoryReal, largestName: largest.name, huge, fuzz, maxLength: DEFAULT_MAX_LENGTH });
  process.stdout.write(markdown);
  if (opts.write) {
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, markdown);
    log(`written to ${path.relative(process.cwd(), opts.out)}`);
  }
  if (fuzz && fuzz.failures.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  log(`bench: ${(e as Error).stack ?? e}`);
  process.exitCode = 2;
});
