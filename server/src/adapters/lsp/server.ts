/**
 * The language server: documents in, engine results out as diagnostics, quick fixes and hovers.
 * No analysis happens here; everything comes from one shared `Analyzer`.
 */
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from '../../analysis/analyzer';
import type { AnalysisResult } from '../../analysis/api';
import { buildCodeActions, FIX_ALL_KIND } from './codeActions';
import { toDiagnostics, visibleFindings } from './diagnostics';
import { buildHover } from './hover';
import { guard, guardVoid, ServerLog } from './log';
import { DEFAULT_SETTINGS, parseSettings, rulesKey, type FaultlineSettings } from './settings';

export interface ServerOptions {
  /** how the engine is made (tests and embedders may pass their own) */
  createAnalyzer?: () => Analyzer;
  version?: string;
}

export const SETTINGS_SECTION = 'faultline';

/** Markdown by language id, or by file name when the client does not say. */
export function isMarkdownDocument(doc: { uri: string; languageId: string }): boolean {
  if (doc.languageId.toLowerCase() === 'markdown') return true;
  return /\.(md|markdown)$/i.test(doc.uri.replace(/[?#].*$/, ''));
}

interface DocState {
  /** bumped on every change; a run only publishes if it is still the latest */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
}

interface CachedResult {
  version: number;
  rulesKey: string;
  result: AnalysisResult;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const log = new ServerLog(connection.console);
  const documents = new TextDocuments(TextDocument);

  let analyzer: Analyzer | undefined;
  let analyzerError: string | undefined;
  try {
    analyzer = (options.createAnalyzer ?? (() => new Analyzer()))();
  } catch (e) {
    analyzerError = (e as Error).message ?? String(e);
  }
  const knownRules = new Set((analyzer?.rules ?? []).map((r) => r.id));

  // client capabilities
  let configurationPull = false;
  let documentChanges = false;
  /** settings pushed with didChangeConfiguration / initializationOptions (clients without pull) */
  let pushedSettings: unknown;
  let shuttingDown = false;

  // ---------------------------------------------------------------- settings

  const settingsCache = new Map<string, Promise<FaultlineSettings>>();
  /** resolved settings per document, for the debounce of the next edit */
  const resolvedSettings = new Map<string, FaultlineSettings>();
  let settingsEpoch = 0;
  const warnedSettings = new Set<string>();

  function reportSettingsProblems(problems: string[]): void {
    const fresh = problems.filter((p) => !warnedSettings.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) {
      warnedSettings.add(p);
      log.write('warn', `Faultline: ignored setting: ${p}`);
    }
    try {
      connection.window.showWarningMessage(`Faultline: some settings were ignored: ${fresh.join('; ')}`);
    } catch (e) {
      log.failure('showWarningMessage', e);
    }
  }

  async function rawSettings(uri: string): Promise<unknown> {
    if (!configurationPull) return pushedSettings;
    return connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
  }

  function settingsFor(uri: string): Promise<FaultlineSettings> {
    let pending = settingsCache.get(uri);
    if (!pending) {
      const epoch = settingsEpoch;
      pending = rawSettings(uri).then(
        (raw) => {
          const { settings, problems } = parseSettings(raw, knownRules);
          reportSettingsProblems(problems);
          if (epoch === settingsEpoch) resolvedSettings.set(uri, settings);
          return settings;
        },
        (e) => {
          log.failure('reading the "faultline" settings', e);
          return { ...DEFAULT_SETTINGS, rules: {} };
        },
      );
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  // ---------------------------------------------------------------- analysis

  const states = new Map<string, DocState>();
  const results = new Map<string, CachedResult>();
  let generations = 0;

  /** The engine's result for the document's current text, from the cache when it is current. */
  function analyze(doc: TextDocument, settings: FaultlineSettings): AnalysisResult | undefined {
    if (!analyzer) return undefined;
    const key = rulesKey(settings.rules);
    const cached = results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.rulesKey === key) return cached.result;
    let result: AnalysisResult;
    try {
      result = analyzer.analyze(doc.getText(), { rules: settings.rules }, doc.uri);
    } catch (e) {
      log.failure(`analysing ${doc.uri}`, e);
      return undefined;
    }
    for (const err of result.ruleErrors) log.once('error', `Faultline: rule "${err.rule}" failed and was skipped: ${err.message}`);
    if (result.skipped) log.once('info', `Faultline: ${doc.uri} is not reviewed: ${result.skipped}`);
    results.set(doc.uri, { version: doc.version, rulesKey: key, result });
    return result;
  }

  function publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    if (shuttingDown) return;
    void connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  async function run(uri: string, generation: number): Promise<void> {
    const settings = await settingsFor(uri);
    const isCurrent = () => states.get(uri)?.generation === generation && !shuttingDown;
    if (!isCurrent()) return; // superseded by a later edit, or closed
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    if (!settings.enable || !analyzer) {
      publish(uri, version, []);
      return;
    }
    const result = analyze(doc, settings);
    if (!result) return;
    // the text may have moved on while we worked: never publish for a stale version
    if (!isCurrent() || documents.get(uri)?.version !== version) return;
    publish(uri, version, toDiagnostics(result, uri, version));
  }

  /** Analyse after the debounce (or `delay`), replacing any pending run of this document. */
  function schedule(uri: string, delay?: number): void {
    let state = states.get(uri);
    if (!state) {
      state = { generation: 0 };
      states.set(uri, state);
    }
    if (state.timer) clearTimeout(state.timer);
    const generation = ++generations;
    state.generation = generation;
    const wait = delay ?? resolvedSettings.get(uri)?.debounceMs ?? DEFAULT_SETTINGS.debounceMs;
    const s = state;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      run(uri, generation).catch((e) => log.failure(`analysing ${uri}`, e));
    }, wait);
  }

  /** The current document and its (fresh or cached) analysis, for requests. */
  async function current(uri: string): Promise<{ doc: TextDocument; result: AnalysisResult } | undefined> {
    if (!analyzer || !documents.get(uri)) return undefined;
    const settings = await settingsFor(uri);
    const doc = documents.get(uri);
    if (!settings.enable || !doc || !isMarkdownDocument(doc)) return undefined;
    const result = analyze(doc, settings);
    return result ? { doc, result } : undefined;
  }

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    configurationPull = !!caps.workspace?.configuration;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    const init = params.initializationOptions as unknown;
    if (isRecord(init) && SETTINGS_SECTION in init) pushedSettings = init[SETTINGS_SECTION];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'faultline', ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(guardVoid(log, 'initialized', () => {
    if (analyzerError) {
      log.once('error', `Faultline: the rules could not be loaded, no document will be reviewed: ${analyzerError}`);
      connection.window.showErrorMessage(`Faultline: the rules could not be loaded: ${analyzerError}`);
    } else if (analyzer) {
      log.once('info', `Faultline: ${analyzer.rules.length} rules loaded`);
      if (analyzer.problems.length) {
        const lines = analyzer.problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
        log.once('warn', `Faultline: ${analyzer.problems.length} rule problem(s); the rules concerned are skipped:\n${lines.join('\n')}`);
      }
    }
  }));

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const s of states.values()) if (s.timer) clearTimeout(s.timer);
  });

  connection.onDidChangeConfiguration(guardVoid(log, 'didChangeConfiguration', (params) => {
    if (!configurationPull) {
      const settings = params.settings as unknown;
      pushedSettings = isRecord(settings) ? settings[SETTINGS_SECTION] : undefined;
    }
    settingsEpoch++;
    settingsCache.clear();
    resolvedSettings.clear();
    results.clear();
    for (const doc of documents.all()) if (isMarkdownDocument(doc)) schedule(doc.uri, 0);
  }));

  // ---------------------------------------------------------------- documents

  documents.onDidChangeContent(guardVoid(log, 'didChange', (e) => {
    if (!isMarkdownDocument(e.document)) return;
    // the first event of a document is its opening: review it at once
    schedule(e.document.uri, states.has(e.document.uri) ? undefined : 0);
  }));

  documents.onDidClose(guardVoid(log, 'didClose', (e) => {
    const uri = e.document.uri;
    const state = states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    states.delete(uri);
    results.delete(uri);
    settingsCache.delete(uri);
    resolvedSettings.delete(uri);
    analyzer?.release(uri);
    publish(uri, undefined, []);
  }));

  // ---------------------------------------------------------------- requests

  connection.onCodeAction(guard(log, 'codeAction', [] as CodeAction[], async (params) => {
    const c = await current(params.textDocument.uri);
    if (!c) return [];
    return buildCodeActions({
      params,
      document: c.doc,
      findings: visibleFindings(c.result),
      language: c.result.language,
      documentChanges,
    });
  }));

  connection.onHover(guard(log, 'hover', null as Hover | null, async (params) => {
    const c = await current(params.textDocument.uri);
    if (!c || !analyzer) return null;
    const a = analyzer;
    return buildHover(visibleFindings(c.result), c.doc.offsetAt(params.position), c.result.language, (f, lang) => a.explain(f, lang));
  }));

  documents.listen(connection);
  connection.listen();
}
