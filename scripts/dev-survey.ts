// Development: per-file counts of findings by rule over many docs, and skip verdicts.
import fs from 'node:fs';
import { Analyzer } from '../server/src/analysis/analyzer';
const a = new Analyzer();
for (const f of process.argv.slice(2)) {
  const t0 = performance.now();
  const r = a.analyze(fs.readFileSync(f, 'utf8'), { fileName: f });
  const ms = (performance.now() - t0).toFixed(0);
  const counts: Record<string, number> = {};
  for (const d of r.findings) counts[d.rule] = (counts[d.rule] ?? 0) + 1;
  console.log(`${f.split('/').pop()} [${r.language}] ${ms}ms ${r.skipped ? 'SKIP ' + r.skipped.replace(/add `faultline.*/, '') : r.findings.length + ' ' + Object.entries(counts).map(([k, v]) => `${k}:${v}`).join(' ')}`);
  for (const e of r.ruleErrors) if (e.rule !== 'slo') console.log('  RULE ERROR', e);
}
