import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { RuleSettings } from '../analysis/api';
import { parseConfigText, type ParsedConfigFile } from './parseConfig';
import { CONFIG_FILE_NAMES, type ConfigProblem, type GlobSet, type LoadResult, type ResolvedConfig, type ValueOrigin } from './types';

/**
 * Finds and loads project config files. The nearest `.faultline.jsonc` / `.faultline.yaml` /
 * `.faultline.yml` up the tree from a document applies to it (only that one, plus what it
 * `extends`); `--config` (or the editor's setting) can name one file for every document instead.
 *
 * A broken config is never ignored: every problem comes back with its file and range.
 */
export interface ConfigResolverOptions {
  /** use this file for every document instead of searching */
  configFile?: string;
  /** read a file; the language server passes one that prefers unsaved editor buffers */
  readFile?: (file: string) => string;
}

export class ConfigResolver {
  private readonly dirCache = new Map<string, { file?: string; problems: ConfigProblem[] }>();
  private readonly loaded = new Map<string, LoadResult>();
  private readonly readFile: (file: string) => string;

  constructor(private readonly options: ConfigResolverOptions = {}) {
    this.readFile = options.readFile ?? ((f) => fs.readFileSync(f, 'utf8'));
  }

  /** The config that applies to a document (absolute path). No config at all is not a problem. */
  forDocument(documentPath: string): LoadResult {
    if (this.options.configFile) return this.load(path.resolve(this.options.configFile));
    const found = this.findConfigFile(path.dirname(path.resolve(documentPath)));
    if (found.problems.length) return { problems: found.problems };
    return found.file ? this.load(found.file) : { problems: [] };
  }

  /** The nearest config file at or above `dir`. */
  findConfigFile(dir: string): { file?: string; problems: ConfigProblem[] } {
    const cached = this.dirCache.get(dir);
    if (cached) return cached;
    const present = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).filter((f) => isFile(f));
    let result: { file?: string; problems: ConfigProblem[] };
    if (present.length > 1) {
      result = {
        problems: present.slice(1).map((f) => ({
          file: f,
          message: `more than one Faultline config in ${dir} (${present.map((p) => path.basename(p)).join(', ')}): keep one`,
        })),
      };
    } else if (present.length === 1) result = { file: present[0], problems: [] };
    else {
      const parent = path.dirname(dir);
      result = parent === dir ? { problems: [] } : this.findConfigFile(parent);
    }
    this.dirCache.set(dir, result);
    return result;
  }

  /** Load one config file with everything it extends (cached until `clear`). */
  load(file: string): LoadResult {
    const abs = path.resolve(file);
    const cached = this.loaded.get(abs);
    if (cached) return cached;
    const result = this.loadChain(abs, []);
    this.loaded.set(abs, result);
    return result;
  }

  /** Forget everything read (a config file changed on disk or in the editor). */
  clear(): void {
    this.dirCache.clear();
    this.loaded.clear();
  }

  private loadChain(file: string, stack: string[]): LoadResult {
    let text: string;
    try {
      text = this.readFile(file);
    } catch (e) {
      return { problems: [{ file, message: `cannot read config: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}` }] };
    }
    const parsed = parseConfigText(file, text);
    if (!parsed.data) return { problems: parsed.problems };
    const data = parsed.data;
    const dir = path.dirname(file);
    const problems: ConfigProblem[] = [];

    // what this file extends, merged in order (a later one overrides an earlier one)
    const bases: ResolvedConfig[] = [];
    const ext = data.extends === undefined ? [] : typeof data.extends === 'string' ? [data.extends] : data.extends;
    ext.forEach((rel, i) => {
      const where = parsed.locate(typeof data.extends === 'string' ? ['extends'] : ['extends', i]);
      const target = path.resolve(dir, rel);
      if (target === file || stack.includes(target)) {
        problems.push({ file, range: where, message: `circular extends: ${[...stack, file, target].map((f) => path.relative(dir, f) || path.basename(f)).join(' → ')}` });
        return;
      }
      if (!isFile(target)) {
        problems.push({ file, range: where, message: `extended config "${rel}" does not exist (looked for ${target})` });
        return;
      }
      const base = this.loadChain(target, [...stack, file]);
      problems.push(...base.problems);
      if (base.config) bases.push(base.config);
    });

    const customRules: string[] = [];
    const customRuleOrigins: Record<string, ValueOrigin> = {};
    (data.customRules ?? []).forEach((rel, i) => {
      const abs = path.resolve(dir, rel);
      const range = parsed.locate(['customRules', i]);
      if (!isDirectory(abs)) {
        problems.push({ file, range, message: `custom rule folder "${rel}" ${fs.existsSync(abs) ? 'is not a folder' : 'does not exist'} (looked for ${abs})` });
        return;
      }
      customRules.push(abs);
      customRuleOrigins[abs] = { file, range };
    });
    if (problems.length) return { problems };

    const own = ownConfig(file, parsed, customRules, customRuleOrigins);
    return { config: merge(own, bases), problems: [] };
  }
}

function ownConfig(file: string, parsed: ParsedConfigFile, customRules: string[], customRuleOrigins: Record<string, ValueOrigin>): ResolvedConfig {
  const data = parsed.data!;
  const dir = path.dirname(file);
  const rules: RuleSettings = {};
  const ruleOrigins: Record<string, ValueOrigin> = {};
  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    rules[id] = setting as RuleSettings[string];
    ruleOrigins[id] = { file, range: parsed.locate(['rules', id], true) };
  }
  return {
    file,
    files: [file],
    rules,
    ruleOrigins,
    include: data.include ? { baseDir: dir, patterns: data.include, source: file } : undefined,
    exclude: data.exclude ? [{ baseDir: dir, patterns: data.exclude, source: file }] : [],
    customRules,
    customRuleOrigins,
    force: data.force,
  };
}

/** `own` over its bases: rules override, include replaces, exclude and customRules add up. */
function merge(own: ResolvedConfig, bases: ResolvedConfig[]): ResolvedConfig {
  if (!bases.length) return own;
  const out: ResolvedConfig = { ...own, files: [own.file], rules: {}, ruleOrigins: {}, exclude: [], customRules: [], customRuleOrigins: {} };
  let include: GlobSet | undefined;
  let force: boolean | undefined;
  for (const layer of [...bases, own]) {
    Object.assign(out.rules, layer.rules);
    Object.assign(out.ruleOrigins, layer.ruleOrigins);
    if (layer.include) include = layer.include;
    out.exclude.push(...layer.exclude);
    for (const d of layer.customRules) if (!out.customRules.includes(d)) out.customRules.push(d);
    Object.assign(out.customRuleOrigins, layer.customRuleOrigins);
    if (layer.force !== undefined) force = layer.force;
    if (layer !== own) for (const f of layer.files) if (!out.files.includes(f)) out.files.push(f);
  }
  out.include = include;
  out.force = force;
  return out;
}

export interface IncludeVerdict {
  included: boolean;
  /** why not */
  reason?: string;
}

const matcherCache = new Map<string, (p: string) => boolean>();
function matcher(pattern: string): (p: string) => boolean {
  let m = matcherCache.get(pattern);
  if (!m) {
    const p = pattern.replace(/^\.\//, '').replace(/^\//, '').replace(/\/+$/, '');
    m = picomatch(p || '**', { dot: true });
    matcherCache.set(pattern, m);
  }
  return m;
}

/** The first pattern matching the file, or a folder above it, relative to the set's folder. */
export function matchGlobSet(set: GlobSet, file: string): string | undefined {
  const rel = path.relative(set.baseDir, path.resolve(file)).split(path.sep).join('/');
  if (!rel || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
  const candidates = [rel];
  for (let i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) candidates.push(rel.slice(0, i));
  return set.patterns.find((pattern) => candidates.some((c) => matcher(pattern)(c)));
}

/** Does the config's include/exclude let this document be reviewed? */
export function isIncluded(config: ResolvedConfig | undefined, file: string): IncludeVerdict {
  if (!config) return { included: true };
  for (const set of config.exclude) {
    const hit = matchGlobSet(set, file);
    if (hit) return { included: false, reason: `excluded by ${set.source} (exclude: "${hit}")` };
  }
  if (config.include && !matchGlobSet(config.include, file)) {
    return { included: false, reason: `not matched by include (${config.include.patterns.map((p) => `"${p}"`).join(', ')}) in ${config.include.source}` };
  }
  return { included: true };
}

/** Rule ids the config names that no loaded rule has: a typo would otherwise silently do nothing. */
export function checkRuleIds(config: ResolvedConfig, knownIds: Iterable<string>): ConfigProblem[] {
  const known = [...knownIds];
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(config.rules)) {
    if (known.includes(id)) continue;
    const origin = config.ruleOrigins[id];
    const guess = closest(id, known);
    problems.push({ file: origin?.file ?? config.file, range: origin?.range, message: `unknown rule "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}` });
  }
  return problems;
}

/** The known id nearest to `id` by edit distance, when it is plausibly a typo. */
export function closest(id: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(id, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(id.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

function isDirectory(f: string): boolean {
  try {
    return fs.statSync(f).isDirectory();
  } catch {
    return false;
  }
}
