// Development: each finding with the source line it sits on.
import fs from 'node:fs';
import { Analyzer } from '../server/src/analysis/analyzer';
const a = new Analyzer();
const only = process.env.RULE;
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, 'utf8');
  const lines = text.split(/\r?\n/);
  const r = a.analyze(text, { force: !!process.env.FORCE });
  for (const d of r.findings) {
    if (only && d.rule !== only) continue;
    console.log(`${f.split('/').pop()}:${d.range.start.line + 1} ${d.rule} [${d.subject?.name?.slice(0, 40)}] ${lines[d.range.start.line]!.trim().slice(0, 110)}`);
  }
}
