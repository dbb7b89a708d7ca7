/** The benchmark results as Markdown: the targets first, then the details they come from. */
import type { IncrementalTimes, PeerTimes, ScalingTimes } from './engineBench';
import { boundMs, type FuzzReport } from './fuzzRun';
import type { HugeDocResult, LatencyResult, MemoryResult } from './lspBench';
import { median, ms, ratio, type Series } from './measure';

export interface BenchResults {
  environment: { date: string; commit: string; node: string; cpu: string; memoryGb: number; loadBefore: string; loadAfter: string; benchSeconds: number };
  rounds: number;
  peers: PeerTimes[];
  peers1mb: PeerTimes[];
  peers5mb: PeerTimes[];
  incremental: IncrementalTimes;
  scaling: ScalingTimes;
  latency: LatencyResult;
  memory: MemoryResult;
  memoryReal: MemoryResult;
  largestName: string;
  huge: HugeDocResult;
  fuzz?: FuzzReport;
  maxLength: number;
}

const wall = (s: Series) => median(s.wall);
const cpu = (s: Series) => median(s.cpu);
const kb = (chars: number) => `${(chars / 1000).toFixed(0)} K`;
const verdict = (ok: boolean) => (ok ? 'pass' : '**miss**');
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function renderReport(r: BenchResults): string {
  const e = r.environment;
  const fl = sum(r.peers.map((p) => wall(p.faultline)));
  const mdl = sum(r.peers.map((p) => wall(p.markdownlint)));
  const rem = sum(r.peers.map((p) => wall(p.remark)));
  const flCpu = sum(r.peers.map((p) => cpu(p.faultline)));
  const mdlCpu = sum(r.peers.map((p) => cpu(p.markdownlint)));
  const remCpu = sum(r.peers.map((p) => cpu(p.remark)));
  const coldRatio = fl / mdl;
  const incRatio = wall(r.incremental.reanalysis) / wall(r.incremental.markdownlint);
  const incRatioCpu = cpu(r.incremental.reanalysis) / cpu(r.incremental.markdownlint);
  const scaleRatio = wall(r.scaling.large.faultline) / wall(r.scaling.small.faultline);
  const scaleRatioCpu = cpu(r.scaling.large.faultline) / cpu(r.scaling.small.faultline);
  const remarkScale = wall(r.scaling.large.remark) / wall(r.scaling.small.remark);
  const sizeRatio = r.scaling.large.chars / r.scaling.small.chars;
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(`Written by \`npm run bench\` (scripts/bench/run.ts) on ${e.date.slice(0, 10)}: commit ${e.commit}, Node.js ${e.node}, ${e.cpu}, ${e.memoryGb} GB; load average ${e.loadBefore} before and ${e.loadAfter} after the run. The measurements took ${e.benchSeconds} s${r.fuzz?.seconds !== undefined ? `, the fuzz run ${r.fuzz.seconds} s more` : ''}.`, '');
  out.push('Times are medians of interleaved rounds (Faultline, markdownlint and remark one after the other on each input, round after round), so that a busy machine slows all of them alike; the ratios are ratios of those medians. *Wall* is elapsed time; *CPU* is process CPU time (all threads, so garbage-collector helpers count too). "Cold" means a document Faultline has not seen (no cached chunks) in a process whose code is warmed up. markdownlint runs its default rule set; remark is `remark-parse` + `remark-gfm` on the whole text.', '');

  out.push('## Targets', '');
  out.push('| measure | result | target | |', '|---|---|---|---|');
  out.push(`| cold full analysis ÷ markdownlint, same text (${r.peers.length} corpus and public design docs, ${kb(sum(r.peers.map((p) => p.chars)))} characters) | ${ratio(coldRatio)} wall, ${ratio(flCpu / mdlCpu)} CPU | ≤ 1.0 | ${verdict(coldRatio <= 1)} |`);
  out.push(`| cold full analysis ÷ bare remark parse, same text | ${ratio(fl / rem)} wall, ${ratio(flCpu / remCpu)} CPU | report | |`);
  out.push(`| re-analysis after a one-line edit (${kb(r.incremental.chars)} doc \`${r.incremental.doc}\`) ÷ markdownlint's full lint | ${ratio(incRatio)} wall, ${ratio(incRatioCpu)} CPU (${ms(wall(r.incremental.reanalysis))} ms vs ${ms(wall(r.incremental.markdownlint))} ms) | ≤ 0.05 | ${verdict(incRatio <= 0.05)} |`);
  out.push(`| time(1 MB) ÷ time(150 KB), generated docs (${sizeRatio.toFixed(1)}× the text) | ${ratio(scaleRatio)} wall, ${ratio(scaleRatioCpu)} CPU; remark alone: ${ratio(remarkScale)} | ≤ 8 | ${verdict(scaleRatio <= 8)} |`);
  out.push(`| didChange → publishDiagnostics over stdio, ${kb(r.latency.chars)} doc, debounce 0 | p50 ${ms(r.latency.p50)} ms, p95 ${ms(r.latency.p95)} ms (${r.latency.edits} edits) | report | |`);
  const rss = (m: MemoryResult) => `${ms(m.rssMb ?? NaN)} MB at the last publish; ${ms(m.settledMb ?? NaN)} MB settled, 1.5 s later (peak ${ms(m.peakMb ?? NaN)} MB, idle ${ms(m.idleMb ?? NaN)} MB)`;
  const rssVerdict = (m: MemoryResult) => (m.rssMb === undefined ? 'not measured (no /proc)' : verdict(m.rssMb <= 150));
  out.push(`| server RSS with ${r.memoryReal.docs} × ${kb(r.memoryReal.charsEach)} docs open: the largest real design doc (\`${r.largestName}\`) | ${rss(r.memoryReal)} | ≤ 150 MB | ${rssVerdict(r.memoryReal)} |`);
  out.push(`| server RSS with ${r.memory.docs} × ${kb(r.memory.charsEach)} docs open: generated docs (about 25× the findings of a real doc) | ${rss(r.memory)} | ≤ 150 MB | ${rssVerdict(r.memory)} |`);
  const hd = r.huge;
  const analysed = hd.notices.length === 1 ? Math.min(hd.chars, r.maxLength) : hd.chars;
  const hugeBound = boundMs(analysed);
  out.push(`| ${(hd.chars / 1e6).toFixed(0)} M-character doc over stdio: diagnostics within the bound, or cut with one Information notice | published after ${ms(hd.publishMs)} ms (bound for the ${(analysed / 1e6).toFixed(1)} M characters analysed: ${ms(hugeBound)} ms); ${hd.notices.length} notice(s) | within the bound, 1 notice | ${verdict(hd.publishMs <= hugeBound && hd.notices.length === 1)} |`);
  out.push(`| the same: a hover on another document meanwhile (the editor never waits) | waited up to ${ms(hd.hoverWhileBusyMs)} ms (${ms(hd.hoverIdleMs)} ms when idle) | ≤ 250 ms | ${verdict(hd.hoverWhileBusyMs <= 250)} |`);
  if (r.fuzz) {
    const f = r.fuzz;
    out.push(`| fuzz: ${f.cases} documents (${f.huge} huge hostile ones and ${f.cases - f.huge} mutated), engine and server | ${f.failures.length} failure(s), ${f.overBound.length} over the time bound | 0 and 0 | ${verdict(f.failures.length === 0 && f.overBound.length === 0)} |`);
  }
  out.push('');

  out.push('## Cold analysis against the peers', '');
  out.push('| document | characters | Faultline ms (wall / CPU) | markdownlint ms | remark ms | ÷ markdownlint | ÷ remark |', '|---|---:|---:|---:|---:|---:|---:|');
  const rows = [...r.peers].sort((a, b) => b.chars - a.chars);
  for (const p of [...rows, ...r.peers1mb, ...r.peers5mb]) {
    out.push(`| ${p.doc} | ${p.chars} | ${ms(wall(p.faultline))} / ${ms(cpu(p.faultline))} | ${ms(wall(p.markdownlint))} / ${ms(cpu(p.markdownlint))} | ${p.remark.wall.length ? `${ms(wall(p.remark))} / ${ms(cpu(p.remark))}` : '–'} | ${ratio(wall(p.faultline) / wall(p.markdownlint))} | ${p.remark.wall.length ? ratio(wall(p.faultline) / wall(p.remark)) : '–'} |`);
  }
  out.push(`| **all ${r.peers.length} corpus and public docs** | ${sum(r.peers.map((p) => p.chars))} | ${ms(fl)} / ${ms(flCpu)} | ${ms(mdl)} / ${ms(mdlCpu)} | ${ms(rem)} / ${ms(remCpu)} | ${ratio(coldRatio)} | ${ratio(fl / rem)} |`);
  out.push('');
  out.push(`The generated 5 MB document is analysed up to the size bound (${(r.maxLength / 1e6).toFixed(1)} million characters; the rest is skipped with a notice), while markdownlint lints all of it; remark is not run on it.`, '');

  out.push('## Incremental re-analysis and scaling', '');
  const chunks = r.incremental.parsedChunks;
  out.push(`${r.incremental.edits} one-line edits, each on top of the last, spread over \`${r.incremental.doc}\` (${r.incremental.chars} characters) and analysed through the incremental path the language server uses: median ${ms(wall(r.incremental.reanalysis))} ms wall / ${ms(cpu(r.incremental.reanalysis))} ms CPU, re-parsing a median of ${median(chunks)} chunk(s) (max ${Math.max(...chunks)}); markdownlint's full lint of the same text: ${ms(wall(r.incremental.markdownlint))} ms wall / ${ms(cpu(r.incremental.markdownlint))} ms CPU.`, '');
  out.push('| generated doc | characters | Faultline cold ms (wall / CPU) | remark whole-text parse ms (one run) |', '|---|---:|---:|---:|');
  out.push(`| ~150 KB | ${r.scaling.small.chars} | ${ms(wall(r.scaling.small.faultline))} / ${ms(cpu(r.scaling.small.faultline))} | ${ms(wall(r.scaling.small.remark))} |`);
  out.push(`| ~1 MB | ${r.scaling.large.chars} | ${ms(wall(r.scaling.large.faultline))} / ${ms(cpu(r.scaling.large.faultline))} | ${ms(wall(r.scaling.large.remark))} |`);
  out.push('');

  out.push('## Language server', '');
  out.push(`\`dist/server.js --stdio\` driven by a JSON-RPC client (vscode-languageserver-protocol, as in vscode-languageclient), \`faultline.debounceMs\` 0 so that no debounce needs subtracting.`, '');
  out.push(`- **Edit latency** (didChange of one line → publishDiagnostics of that version, ${r.latency.chars} characters, ${r.latency.edits} edits one after another): p50 ${ms(r.latency.p50)} ms, p95 ${ms(r.latency.p95)} ms, max ${ms(Math.max(...r.latency.latencies))} ms.`);
  out.push(`- **Memory**: ${r.memoryReal.docs} copies of \`${r.largestName}\` open and reviewed: RSS ${ms(r.memoryReal.rssMb ?? NaN)} MB (${ms(r.memoryReal.settledMb ?? NaN)} MB settled); ${r.memory.docs} different generated documents of ~${kb(r.memory.charsEach)} characters: RSS ${ms(r.memory.rssMb ?? NaN)} MB (${ms(r.memory.settledMb ?? NaN)} MB settled; peak ${ms(r.memory.peakMb ?? NaN)} MB; ${ms(r.memory.idleMb ?? NaN)} MB before any document was opened).`);
  const h = r.huge;
  out.push(`- **A ${(h.chars / 1e6).toFixed(1)} M-character document**: diagnostics published ${ms(h.publishMs)} ms after didOpen (${h.diagnostics} diagnostics). Notices (Information, no rule): ${h.notices.length ? h.notices.map((n) => `“${n.message}”`).join('; ') : 'none'}. Hovers on a small document, one every 250 ms while the server was busy with it (${h.hoversWhileBusy} in all), waited up to ${ms(h.hoverWhileBusyMs)} ms (${ms(h.hoverIdleMs)} ms when idle)${h.hoverWhileBusyMs > 250 ? ': requests waited for the analysis' : ': analyses run in a worker thread, so the protocol thread answers from the last results'}.`);
  out.push('');

  if (r.fuzz) {
    const f = r.fuzz;
    out.push('## Fuzz run', '');
    out.push(`${f.huge} huge hostile documents (a 1 MB single line, a 2,000-row table, 1,000-deep lists and quotes) and ${f.cases - f.huge} mutated ones (seed ${f.seed}; ${(f.chars / 1e6).toFixed(1)} M characters in all) through the engine, ${f.serverCases} of them through the language server as well. Failures (crash, range outside the document, bad fix, rule error, server error): **${f.failures.length}**. Analyses over the time bound (1 s + 10 ms per KB): **${f.overBound.length}**. Slowest: ${f.slowest.map((s) => `${ms(s.ms)} ms for ${s.chars} characters (${s.name})`).join('; ')}; at most ${ms(f.maxMsPerKb)} ms per KB for cases over 2 KB.`, '');
    for (const x of f.failures.slice(0, 30)) out.push(`- ${x}`);
    for (const x of f.overBound.slice(0, 10)) out.push(`- over the bound: ${x.name}: ${ms(x.ms)} ms for ${x.chars} characters`);
    if (f.failures.length || f.overBound.length) out.push('');
  }
  return `${out.join('\n')}\n`;
}
