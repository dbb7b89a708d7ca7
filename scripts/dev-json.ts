// Development stand-in for `faultline --format json` (used with score.mjs --cli).
import fs from 'node:fs';
import { Analyzer } from '../server/src/analysis/analyzer';
const a = new Analyzer();
const files = process.argv.slice(2).filter((f) => !f.startsWith('--') && f !== 'json');
console.log(JSON.stringify(files.map((f) => ({ file: f, diagnostics: a.analyze(fs.readFileSync(f, 'utf8')).findings.map((d) => ({ rule: d.rule, tier: d.tier, severity: d.severity, message: d.message, range: d.range })) }))));
