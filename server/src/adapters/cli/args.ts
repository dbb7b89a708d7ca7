import type { RuleSetting, RuleSettings } from '../../analysis/api';

/** Command-line options, parsed. Only syntax is checked here; rule ids are checked once rules load. */
export type OutputFormat = 'text' | 'json' | 'sarif';
export const FORMATS: OutputFormat[] = ['text', 'json', 'sarif'];
export const RULE_SETTINGS: RuleSetting[] = ['off', 'critical', 'significant', 'moderate', 'minor'];

export interface CliOptions {
  patterns: string[];
  format: OutputFormat;
  config?: string;
  /** -1: no limit */
  maxWarnings: number;
  stdin: boolean;
  stdinFilename?: string;
  rules: RuleSettings;
  force: boolean;
  verbose: boolean;
  quiet: boolean;
  /** undefined: decide from the terminal and NO_COLOR / FORCE_COLOR */
  color?: boolean;
  exitZero: boolean;
  outputFile?: string;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

interface OptionSpec {
  name: string;
  short?: string;
  value?: string;
  help: string;
}

export const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'text|json|sarif', help: 'output format (default: text)' },
  { name: 'config', short: 'c', value: 'file', help: 'use this config file for every document instead of the nearest .faultline.jsonc/.yaml' },
  { name: 'max-warnings', value: 'n', help: 'exit 1 when there are more than n warnings (default: no limit)' },
  { name: 'rule', value: 'id=setting', help: 'off, critical, significant, moderate or minor for one rule; repeatable; overrides the config' },
  { name: 'force', help: 'review files even when they do not look like design documents' },
  { name: 'stdin', help: 'read the document from standard input' },
  { name: 'stdin-filename', value: 'name', help: 'the file name to report (and look up the config for) with --stdin' },
  { name: 'output-file', short: 'o', value: 'file', help: 'write the report to a file instead of standard output' },
  { name: 'quiet', short: 'q', help: 'report errors only' },
  { name: 'verbose', help: 'say on stderr which config applies and why a file was not reviewed' },
  { name: 'exit-zero', help: 'exit 0 even when problems are found (usage errors still exit 2)' },
  { name: 'no-color', help: 'plain text output, no ANSI colours (also NO_COLOR=1)' },
  { name: 'color', help: 'colour the text output even when it is not a terminal' },
  { name: 'help', short: 'h', help: 'show this help' },
  { name: 'version', short: 'v', help: 'print the version' },
];

export function usage(): string {
  const rows = OPTIONS.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` <${o.value}>` : ''}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    'Usage: faultline [options] <files|folders|globs...>',
    '       faultline report [--output <file>] [--force] [--config <file>] <file>   (the review report; see faultline report --help)',
    '',
    'Reviews Markdown design documents for reliability gaps (English and Japanese).',
    'Folders are searched for *.md files; quote globs so that the shell leaves them alone.',
    '',
    'Options:',
    ...rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`),
    '',
    'Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,',
    '            2 bad usage, unreadable file, no file matched, or a broken config.',
    '',
    'Examples:',
    '  faultline docs/design.md',
    "  faultline --format sarif --output-file faultline.sarif 'docs/**/*.md'",
    '  faultline --rule rpo-rto=off --max-warnings 0 docs/',
    '  cat design.md | faultline --stdin --stdin-filename docs/design.md',
  ].join('\n');
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    patterns: [],
    format: 'text',
    maxWarnings: -1,
    stdin: false,
    rules: {},
    force: false,
    verbose: false,
    quiet: false,
    exitZero: false,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      o.patterns.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-') {
      o.stdin = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      o.patterns.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const spec = OPTIONS.find((s) => s.short === arg.slice(1));
      if (!spec) throw new UsageError(`unknown option '${arg}'`);
      name = spec.name;
    }
    const spec = OPTIONS.find((s) => s.name === name);
    if (!spec) {
      const near = OPTIONS.find((s) => s.name.startsWith(name) || name.startsWith(s.name));
      throw new UsageError(`unknown option '--${name}'${near ? ` (did you mean '--${near.name}'?)` : ''}`);
    }
    let value: string | undefined;
    if (spec.value) {
      if (inline !== undefined) value = inline;
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) throw new UsageError(`option '--${name}' needs a value: --${name} <${spec.value}>`);
        value = next;
        i++;
      }
    } else if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);

    switch (spec.name) {
      case 'format':
        if (!FORMATS.includes(value as OutputFormat)) throw new UsageError(`unknown format '${value}': use ${FORMATS.join(', ')}`);
        o.format = value as OutputFormat;
        break;
      case 'config':
        o.config = nonEmpty(name, value!);
        break;
      case 'max-warnings': {
        if (!/^-?\d+$/.test(value!) || Number(value) < -1) throw new UsageError(`--max-warnings needs a whole number ≥ 0 (or -1 for no limit), got '${value}'`);
        o.maxWarnings = Number(value);
        break;
      }
      case 'rule': {
        const m = /^([^=\s]+)\s*[=:]\s*(\S+)$/.exec(value!);
        if (!m) throw new UsageError(`--rule needs <id>=<setting>, e.g. --rule dead-letter-queue=off (got '${value}')`);
        const setting = m[2]!.toLowerCase();
        if (!RULE_SETTINGS.includes(setting as RuleSetting)) throw new UsageError(`--rule ${m[1]}: unknown setting '${m[2]}': use ${RULE_SETTINGS.join(', ')}`);
        o.rules[m[1]!] = setting as RuleSetting;
        break;
      }
      case 'force':
        o.force = true;
        break;
      case 'stdin':
        o.stdin = true;
        break;
      case 'stdin-filename':
        o.stdinFilename = nonEmpty(name, value!);
        break;
      case 'output-file':
        o.outputFile = nonEmpty(name, value!);
        break;
      case 'quiet':
        o.quiet = true;
        break;
      case 'verbose':
        o.verbose = true;
        break;
      case 'exit-zero':
        o.exitZero = true;
        break;
      case 'no-color':
        o.color = false;
        break;
      case 'color':
        o.color = true;
        break;
      case 'help':
        o.help = true;
        break;
      case 'version':
        o.version = true;
        break;
    }
  }
  if (o.help || o.version) return o;
  if (o.stdinFilename && !o.stdin) throw new UsageError('--stdin-filename is only used with --stdin');
  if (o.stdin && o.patterns.length) throw new UsageError(`--stdin reads one document from standard input; do not name files as well (${o.patterns.join(' ')})`);
  if (!o.stdin && !o.patterns.length) throw new UsageError('no files given');
  return o;
}

function nonEmpty(name: string, value: string): string {
  if (!value.trim()) throw new UsageError(`option '--${name}' needs a value`);
  return value;
}
