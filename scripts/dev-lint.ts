import fs from 'node:fs';
import { Analyzer } from '../server/src/analysis/analyzer';
const a = new Analyzer();
if (a.problems.length) console.error(a.problems);
for (const f of process.argv.slice(2)) {
  const r = a.analyze(fs.readFileSync(f, 'utf8'));
  if (r.skipped) console.log(f, 'SKIPPED', r.skipped);
  for (const d of r.findings) console.log(`${f}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule} ${d.subject?.name}`);
  for (const e of r.ruleErrors) console.log('RULE ERROR', e);
}
