import fs from 'node:fs';
import path from 'node:path';
import type { RuleSettings } from '../../analysis/api';
import type { RuleDefinition } from '../../rules/definition';
import { ConfigResolver, checkRuleIds, closest, formatConfigProblem, isIncluded, type ConfigProblem, type ResolvedConfig } from '../../config';
import { AnalyzerCache, analyzeAll, chooseJobs, type AnalysisTask } from './analyze';
import { parseArgs, usage, UsageError, type CliOptions } from './args';
import { useColor } from './color';
import { displayPath, expandPatterns, type Target } from './files';
import { FORMATTERS } from './formatters';
import { VERSION } from './links';
import { countFindings, type FileReport, type FormatContext } from './report';

/**
 * The CLI from arguments to exit code, with the process behind a small interface so that it
 * can be driven in-process as well as from `dist/cli.js`.
 *
 * Exit codes: 0 no error-severity finding (and warnings within --max-warnings); 1 otherwise;
 * 2 bad usage, unreadable file, nothing matched, broken config or custom rule pack.
 */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  readStdin(): Promise<string>;
  /** the script a worker thread runs (dist/cli.js) */
  workerScript: string;
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

class Fatal extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

interface Doc extends Target {
  text?: string;
  config?: ResolvedConfig;
  /** set: not reviewed, and why */
  skipped?: string;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`faultline: ${e.message}\nRun 'faultline --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (opts.help) {
    io.stdout(`${usage()}\n`);
    return EXIT_OK;
  }
  if (opts.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  try {
    return await review(opts, io);
  } catch (e) {
    if (e instanceof Fatal) {
      io.stderr(e.lines.map((l) => `${l}\n`).join(''));
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function review(opts: CliOptions, io: CliIO): Promise<number> {
  const note = (msg: string) => io.stderr(`faultline: ${msg}\n`);
  const resolver = new ConfigResolver({ configFile: opts.config ? path.resolve(io.cwd, opts.config) : undefined });
  if (opts.config && !fs.existsSync(path.resolve(io.cwd, opts.config))) throw new Fatal([`faultline: config file not found: ${opts.config}`]);

  // 1. what to review
  let docs: Doc[];
  if (opts.stdin) {
    const abs = path.resolve(io.cwd, opts.stdinFilename ?? '<stdin>');
    const text = stripBom(await io.readStdin());
    docs = [{ abs, display: opts.stdinFilename ? displayPath(abs, io.cwd) : '<stdin>', explicit: true, text }];
  } else {
    const { targets, errors } = await expandPatterns(opts.patterns, io.cwd);
    if (errors.length) throw new Fatal(errors.map((e) => `faultline: ${e}`));
    docs = targets;
  }

  // 2. which config applies; a broken one stops everything (never a silent fallback)
  const problems: ConfigProblem[] = [];
  const addProblems = (ps: ConfigProblem[]) => {
    for (const p of ps) if (!problems.some((q) => formatConfigProblem(q) === formatConfigProblem(p))) problems.push(p);
  };
  for (const d of docs) {
    const r = resolver.forDocument(d.abs);
    addProblems(r.problems);
    d.config = r.config;
  }
  if (problems.length) throw configFailure(problems);

  // 3. include / exclude
  const dropped: Doc[] = [];
  docs = docs.filter((d) => {
    if (opts.stdin && !opts.stdinFilename) return true;
    const v = isIncluded(d.config, d.abs);
    if (v.included) return true;
    if (d.explicit) {
      d.skipped = v.reason;
      return true;
    }
    dropped.push(d);
    if (opts.verbose) note(`${d.display}: not reviewed: ${v.reason}`);
    return false;
  });
  if (!docs.length) throw new Fatal([`faultline: all ${dropped.length} matched file${dropped.length === 1 ? ' is' : 's are'} excluded by the config (${[...new Set(dropped.map((d) => d.config?.file))].join(', ')})`]);

  // 4. rules: built-in plus the custom packs each config names
  const analyzers = new AnalyzerCache();
  const reportedRuleProblems = new Set<string>();
  const allRules = new Map<string, RuleDefinition>();
  const notifications: FormatContext['notifications'] = [];
  const seenConfigs = new Set<ResolvedConfig | undefined>();
  for (const d of docs) {
    if (seenConfigs.has(d.config)) continue;
    seenConfigs.add(d.config);
    const custom = d.config?.customRules ?? [];
    let analyzer;
    try {
      analyzer = analyzers.get(custom);
    } catch (e) {
      throw new Fatal([`faultline: cannot load the rules: ${(e as Error).message}`]);
    }
    for (const r of analyzer.rules) if (!allRules.has(r.id)) allRules.set(r.id, r);
    const customProblems: ConfigProblem[] = [];
    for (const p of analyzer.problems) {
      const text = `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
      if (custom.some((dir) => isInside(p.file, dir))) {
        const origin = custom.find((dir) => isInside(p.file, dir));
        customProblems.push({ file: p.file, message: `${p.message}${origin ? ` (custom rule pack ${displayPath(origin, io.cwd)})` : ''}`, range: p.line ? { start: { line: p.line - 1, character: 0 }, end: { line: p.line - 1, character: 0 } } : undefined });
      } else if (!reportedRuleProblems.has(text)) {
        reportedRuleProblems.add(text);
        note(`rule file problem: ${text}`);
        notifications.push({ level: 'warning', message: `rule file problem: ${text}` });
      }
    }
    addProblems(customProblems);
    if (d.config) addProblems(checkRuleIds(d.config, analyzer.rules.map((r) => r.id)));
  }
  if (problems.length) throw configFailure(problems);
  const unknown = Object.keys(opts.rules).filter((id) => !allRules.has(id));
  if (unknown.length) {
    throw new Fatal([
      ...unknown.map((id) => {
        const guess = closest(id, [...allRules.keys()]);
        return `faultline: --rule ${id}: unknown rule${guess ? ` (did you mean '${guess}'?)` : ''}`;
      }),
      `Run 'faultline --help' for usage.`,
    ]);
  }

  // 5. read (in parallel)
  const unreadable: string[] = [];
  await Promise.all(
    docs.map(async (d) => {
      if (d.text !== undefined || d.skipped) return;
      try {
        d.text = stripBom(await fs.promises.readFile(d.abs, 'utf8'));
      } catch (e) {
        unreadable.push(`faultline: cannot read ${d.display}: ${describeFsError(e as NodeJS.ErrnoException)}`);
      }
    }),
  );
  if (unreadable.length) throw new Fatal(unreadable.sort());

  // 6. analyse
  const tasks: AnalysisTask[] = [];
  docs.forEach((d, id) => {
    if (d.skipped) return;
    const rules: RuleSettings = { ...(d.config?.rules ?? {}), ...opts.rules };
    tasks.push({ id, text: d.text!, customRules: d.config?.customRules ?? [], rules, force: opts.force || d.config?.force === true, fileName: d.abs });
    if (opts.verbose && d.config) note(`${d.display}: config ${displayPath(d.config.file, io.cwd)}${d.config.files.length > 1 ? ` (extends ${d.config.files.slice(1).map((f) => displayPath(f, io.cwd)).join(', ')})` : ''}`);
  });
  const results = await analyzeAll(tasks, chooseJobs(tasks, io.env), analyzers, io.workerScript);
  const byId = new Map(results.map((r) => [r.id, r]));

  const reportedRuleErrors = new Set<string>();
  let notDesignDocs = 0;
  const reports: FileReport[] = docs.map((d, id) => {
    const r = byId.get(id);
    const skipped = d.skipped ?? r?.skipped;
    if (r?.skipped) notDesignDocs++;
    if (skipped && opts.verbose) note(`${d.display}: not reviewed: ${skipped}`);
    for (const e of r?.ruleErrors ?? []) {
      if (reportedRuleErrors.has(e.rule)) continue;
      reportedRuleErrors.add(e.rule);
      note(`rule "${e.rule}" failed (the other rules still ran): ${e.message}`);
      notifications.push({ level: 'error', message: `rule "${e.rule}" failed: ${e.message}` });
    }
    return { file: d.display, abs: d.abs, text: d.text ?? '', language: r?.language, findings: r?.findings ?? [], skipped, notices: r?.notices ?? [], suppressed: r?.suppressed ?? 0 };
  });

  // 7. report
  const all = countFindings(reports.flatMap((r) => r.findings));
  const shown = opts.quiet ? reports.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : reports;
  const ctx: FormatContext = {
    cwd: io.cwd,
    rules: allRules,
    color: opts.format === 'text' && !opts.outputFile && useColor(opts.color, io.env, io.stdoutIsTTY),
    version: VERSION,
    notifications,
  };
  const output = FORMATTERS[opts.format](shown, ctx);
  if (opts.outputFile) {
    const out = path.resolve(io.cwd, opts.outputFile);
    try {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, output);
    } catch (e) {
      throw new Fatal([`faultline: cannot write ${opts.outputFile}: ${describeFsError(e as NodeJS.ErrnoException)}`]);
    }
  } else io.stdout(output);

  if (opts.format === 'text' && !opts.verbose && !opts.quiet && notDesignDocs) {
    note(`${notDesignDocs} file${notDesignDocs === 1 ? ' was' : 's were'} not reviewed: not a design document (--verbose says why; --force reviews anyway)`);
  }

  if (opts.exitZero) return EXIT_OK;
  if (all.errors > 0) return EXIT_PROBLEMS;
  if (opts.maxWarnings >= 0 && all.warnings > opts.maxWarnings) {
    note(`too many warnings: ${all.warnings} (--max-warnings ${opts.maxWarnings})`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

function configFailure(problems: ConfigProblem[]): Fatal {
  return new Fatal([
    ...problems.map((p) => formatConfigProblem(p)),
    `faultline: broken config (${problems.length} problem${problems.length === 1 ? '' : 's'} above); nothing was reviewed`,
  ]);
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeFsError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return e.message;
  }
}
