/**
 * What applies to one document: the nearest project config (with what it extends), the rules
 * (built-in plus the config's custom rule packs, one rule catalog per set of packs), the rule settings
 * (config, then the editor's settings on top, as `--rule` overrides the config in the CLI) and
 * include/exclude. A broken config or rule pack is returned as problems with file and range; the
 * document is then reviewed with the defaults, never silently.
 *
 * With file watching the config is read once and re-read when a watched file changes; without
 * it, every resolution looks again, and only files whose size or mtime changed are re-read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RuleSettings } from '../../analysis/api';
import { ConfigResolver, checkRuleIds, isIncluded, type ConfigProblem, type ResolvedConfig } from '../../config';
import type { RuleCatalog } from '../../rules/ruleSet';
import { rulesKey } from './settings';

export interface DocumentSetup {
  /** the rules that apply (the analysis itself runs where the backend runs it, by `packId` and `ruleDirs`) */
  catalog: RuleCatalog;
  /** the config's rule settings with the editor's on top */
  rules: RuleSettings;
  /** review even when the document does not look like a design doc (config `force`) */
  force: boolean;
  /** set when the config's include/exclude keeps the document out: why */
  excluded?: string;
  config?: ResolvedConfig;
  /** problems of the config and rule packs that apply, each on its own file */
  problems: ConfigProblem[];
  /** identifies the rules and settings, for result caches */
  key: string;
  /** the custom rule packs (none: the built-in rules only) and an id that changes when they are reloaded */
  ruleDirs: string[];
  packId: number;
}

interface PackEntry {
  catalog?: RuleCatalog;
  /** pack id, for cache keys */
  id: number;
  problems: ConfigProblem[];
  fingerprint: string;
}

export class ProjectSetup {
  /** true when the client tells us about file changes (didChangeWatchedFiles) */
  watching = false;
  /** false in a workspace the user has not trusted: the config's custom rule packs are not loaded */
  customRulesAllowed = true;
  private readonly resolver: ConfigResolver;
  private readonly packs = new Map<string, PackEntry>();
  private readonly reads = new Map<string, { mtimeMs: number; size: number; text: string }>();
  private nextId = 1;

  constructor(
    readonly defaultCatalog: RuleCatalog,
    private readonly createCatalog: (extraRuleDirs: string[]) => RuleCatalog,
  ) {
    this.resolver = new ConfigResolver({ readFile: (f) => this.readFile(f) });
  }

  /** @param fsPath the document's file path; undefined for a document not on disk (untitled) */
  forDocument(fsPath: string | undefined, editorRules: RuleSettings): DocumentSetup {
    if (!fsPath) return this.setup(this.defaultCatalog, 0, [], undefined, editorRules, []);
    if (!this.watching) this.resolver.clear();
    const loaded = this.resolver.forDocument(fsPath);
    const problems = [...loaded.problems];
    const config = loaded.config;
    let catalog = this.defaultCatalog;
    let id = 0;
    let dirs: string[] = [];
    if (config?.customRules.length && !this.customRulesAllowed) {
      const dir = config.customRules[0]!;
      const origin = config.customRuleOrigins[dir];
      problems.push({ file: origin?.file ?? config.file, range: origin?.range, message: 'custom rule packs are not loaded in an untrusted workspace (trust the workspace to load them); the built-in rules are used' });
    } else if (config?.customRules.length) {
      const pack = this.pack(config);
      problems.push(...pack.problems);
      if (pack.catalog) {
        catalog = pack.catalog;
        id = pack.id;
        dirs = config.customRules;
      }
    }
    if (config) problems.push(...checkRuleIds(config, catalog.rules.map((r) => r.id)));
    const setup = this.setup(catalog, id, dirs, config, editorRules, problems);
    const verdict = isIncluded(config, fsPath);
    if (!verdict.included) setup.excluded = verdict.reason;
    return setup;
  }

  /** A config file changed: read configs again. */
  invalidateConfigs(): void {
    this.resolver.clear();
    this.reads.clear();
  }

  /** A file inside a custom rule pack changed: load the packs holding it again. */
  invalidateRuleFile(fsPath: string): boolean {
    let hit = false;
    for (const key of this.packs.keys()) {
      if (key.split('\u0000').some((dir) => isInside(fsPath, dir))) {
        this.packs.delete(key);
        hit = true;
      }
    }
    return hit;
  }

  /** Every rule catalog in use (to find a rule). */
  catalogs(): RuleCatalog[] {
    const out = [this.defaultCatalog];
    for (const p of this.packs.values()) if (p.catalog) out.push(p.catalog);
    return out;
  }

  /** The catalog of a DocumentSetup's `packId` (0: the built-in rules), while it is in use. */
  catalogById(id: number): RuleCatalog | undefined {
    if (id === 0) return this.defaultCatalog;
    for (const p of this.packs.values()) if (p.id === id) return p.catalog;
    return undefined;
  }

  private setup(catalog: RuleCatalog, id: number, ruleDirs: string[], config: ResolvedConfig | undefined, editorRules: RuleSettings, problems: ConfigProblem[]): DocumentSetup {
    const rules = { ...(config?.rules ?? {}), ...editorRules };
    const force = config?.force === true;
    return { catalog, rules, force, config, problems: dedupe(problems), key: `${id}|${force}|${rulesKey(rules)}`, ruleDirs, packId: id };
  }

  private pack(config: ResolvedConfig): PackEntry {
    const dirs = config.customRules;
    const key = dirs.join('\u0000');
    const fingerprint = this.watching ? '' : packFingerprint(dirs);
    const cached = this.packs.get(key);
    if (cached && cached.fingerprint === fingerprint) return cached;
    const entry: PackEntry = { id: this.nextId++, problems: [], fingerprint };
    try {
      entry.catalog = this.createCatalog(dirs);
      for (const p of entry.catalog.problems) {
        const dir = dirs.find((d) => isInside(p.file, d));
        if (!dir) continue; // a built-in rule's problem: logged at start-up, not the project's
        const line = p.line ? p.line - 1 : 0;
        entry.problems.push({ file: p.file, message: `${p.message} (custom rule pack ${dir}); this rule is not loaded`, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
      }
    } catch (e) {
      const dir = dirs[0]!;
      const origin = config.customRuleOrigins[dir];
      entry.problems.push({ file: origin?.file ?? config.file, range: origin?.range, message: `the custom rule packs could not be loaded (${(e as Error).message}); the built-in rules are used` });
    }
    // the config that names a broken pack says so too: it is the file the user is likely to look at
    const broken = new Map<string, Set<string>>();
    for (const p of entry.problems) {
      const dir = dirs.find((d) => isInside(p.file, d));
      if (dir) broken.set(dir, (broken.get(dir) ?? new Set()).add(p.file));
    }
    for (const [dir, files] of broken) {
      const n = files.size;
      const origin = config.customRuleOrigins[dir];
      entry.problems.push({ file: origin?.file ?? config.file, range: origin?.range, message: `custom rule pack "${path.basename(dir)}" has ${n} broken rule file${n === 1 ? '' : 's'} (see the diagnostics on ${n === 1 ? 'it' : 'them'}); the rest of the pack is loaded` });
    }
    this.packs.set(key, entry);
    return entry;
  }

  private readFile(file: string): string {
    const stat = fs.statSync(file);
    const cached = this.reads.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
    const text = fs.readFileSync(file, 'utf8');
    this.reads.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    return text;
  }
}

function packFingerprint(dirs: string[]): string {
  const parts: string[] = [];
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
    } catch {
      parts.push(`${dir}:missing`);
      continue;
    }
    for (const n of names) {
      try {
        const s = fs.statSync(path.join(dir, n));
        parts.push(`${dir}/${n}:${s.mtimeMs}:${s.size}`);
      } catch {
        parts.push(`${dir}/${n}:gone`);
      }
    }
  }
  return parts.join('|');
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}\u0000${p.range?.start.line}:${p.range?.start.character}\u0000${p.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
