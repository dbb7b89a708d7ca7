// Development: the review report of each file, written next to /tmp/rep/<name>.md for reading.
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../server/src/analysis/analyzer';
import { buildReport } from '../server/src/report/reviewReport';
const a = new Analyzer();
const outDir = process.env.OUT ?? '/tmp/rep';
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, 'utf8');
  const r = a.analyze(text, { fileName: f, force: !!process.env.FORCE });
  const md = buildReport(r, a, { fileName: path.basename(f) });
  const name = `${path.basename(path.dirname(f))}-${path.basename(f)}`;
  fs.writeFileSync(path.join(outDir, name), md);
  console.log(`${name}: ${md.length} chars, ${r.findings.length} findings`);
}
