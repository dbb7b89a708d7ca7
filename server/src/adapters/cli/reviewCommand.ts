import fs from 'node:fs';
import path from 'node:path';
import { ConfigResolver, checkRuleIds, formatConfigProblem, isIncluded, type ConfigProblem } from '../../config';
import { buildReport } from '../../report/reviewReport';
import { AnalyzerCache } from './analyze';
import type { CliIO } from './run';

/**
 * `faultline report [--output FILE] [--force] [--config F] FILE`: the review report of one
 * design document, as Markdown — the same report as the editor command "Generate Reliability
 * Review". Exit 0 when the report was written; 2 for bad usage, a file that cannot be read or
 * written, a broken config, or a document that is not reviewed (not a design doc, excluded by
 * the config) unless --force.
 */
export const REVIEW_COMMAND = 'report';

interface ReviewOptions {
  file?: string;
  output?: string;
  config?: string;
  force: boolean;
  help: boolean;
}

class ReviewUsageError extends Error {}

export function reviewUsage(): string {
  return [
    'Usage: faultline report [options] <file>',
    '',
    'Writes the reliability review report of one Markdown design document: structural analysis,',
    'findings by tier, positive aspects and prioritised recommendations, in the document\'s language.',
    '',
    'Options:',
    '  -o, --output <file>  write the report to this file instead of standard output',
    '  -c, --config <file>  use this config file instead of the nearest .faultline.jsonc/.yaml',
    '      --force          report on the file even when it does not look like a design document',
    '  -h, --help           show this help',
    '',
    'Exit codes: 0 report written; 2 bad usage, unreadable file, broken config, or a document',
    '            that is not reviewed (not a design document, excluded by the config) without --force.',
  ].join('\n');
}

function parseReviewArgs(argv: string[]): ReviewOptions {
  const o: ReviewOptions = { force: false, help: false };
  const value = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('-') && v !== '-')) throw new ReviewUsageError(`option '${name}' needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    switch (name) {
      case '-o':
      case '--output':
        o.output = inline ?? value(i++, name);
        break;
      case '-c':
      case '--config':
        o.config = inline ?? value(i++, name);
        break;
      case '--force':
        o.force = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new ReviewUsageError(`unknown option '${arg}'`);
        if (o.file !== undefined) throw new ReviewUsageError(`one document at a time (got '${o.file}' and '${arg}')`);
        o.file = arg;
    }
  }
  if (!o.help && o.file === undefined) throw new ReviewUsageError('no file given');
  if (o.output !== undefined && !o.output.trim()) throw new ReviewUsageError("option '--output' needs a value");
  return o;
}

export async function runReviewCommand(argv: string[], io: CliIO): Promise<number> {
  const fail = (lines: string[]): number => {
    io.stderr(lines.map((l) => `faultline report: ${l}\n`).join(''));
    return 2;
  };
  let opts: ReviewOptions;
  try {
    opts = parseReviewArgs(argv);
  } catch (e) {
    if (!(e instanceof ReviewUsageError)) throw e;
    io.stderr(`faultline report: ${e.message}\nRun 'faultline report --help' for usage.\n`);
    return 2;
  }
  if (opts.help) {
    io.stdout(`${reviewUsage()}\n`);
    return 0;
  }
  const abs = path.resolve(io.cwd, opts.file!);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail([`cannot read ${opts.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message}`]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const configFile = opts.config ? path.resolve(io.cwd, opts.config) : undefined;
  if (configFile && !fs.existsSync(configFile)) return fail([`config file not found: ${opts.config}`]);
  const { config, problems } = new ConfigResolver({ configFile }).forDocument(abs);
  let analyzer;
  try {
    analyzer = new AnalyzerCache().get(config?.customRules ?? []);
  } catch (e) {
    return fail([`cannot load the rules: ${(e as Error).message}`]);
  }
  const all: ConfigProblem[] = [...problems, ...(config ? checkRuleIds(config, analyzer.rules.map((r) => r.id)) : [])];
  if (all.length) return fail([...all.map(formatConfigProblem), 'broken config; no report was written']);

  const force = opts.force || config?.force === true;
  const included = isIncluded(config, abs);
  if (!included.included && !opts.force) return fail([`${opts.file} is not reviewed: ${included.reason} (--force reports on it anyway)`]);
  const result = analyzer.analyze(text, { rules: config?.rules, force, fileName: abs });
  if (result.skipped) return fail([`${opts.file} is not reviewed: ${result.skipped} (--force reports on it anyway)`]);

  // line links point at the document from where the report is read
  const outAbs = opts.output ? path.resolve(io.cwd, opts.output) : undefined;
  if (outAbs === abs) return fail([`--output names the document itself (${opts.output}); the report never overwrites it`]);
  const linkTarget = path.relative(outAbs ? path.dirname(outAbs) : io.cwd, abs).split(path.sep).join('/');
  const markdown = `${buildReport(result, analyzer, { fileName: linkTarget })}\n`;
  if (!outAbs) {
    io.stdout(markdown);
    return 0;
  }
  try {
    fs.mkdirSync(path.dirname(outAbs), { recursive: true });
    fs.writeFileSync(outAbs, markdown);
  } catch (e) {
    return fail([`cannot write ${opts.output}: ${(e as Error).message}`]);
  }
  io.stderr(`faultline report: wrote ${opts.output}\n`);
  return 0;
}
