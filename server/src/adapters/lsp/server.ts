/**
 * The language server: documents in, engine results out as diagnostics, code actions, hovers,
 * a status notification and two commands. No analysis happens here: the analyses run in the
 * backend's worker threads (analysisBackend.ts, analysisHost.ts), and this thread keeps the
 * documents, the rules as data (a RuleSet per set of custom rule packs, see projectSetup.ts) and
 * the last results, so it never loads the engine.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../../analysis/analyzer';
import type { DirectivePlaces } from '../../findings/directives';
import { explainFinding } from '../../findings/explainFinding';
import { RuleSet, type RuleCatalog } from '../../rules/ruleSet';
import { CONFIG_FILE_NAMES, formatConfigProblem, type ConfigProblem } from '../../config';
import { WorkerBackend, type AnalysisBackend } from './analysisBackend';
import type { PackRef } from './analysisProtocol';
import { DIAGNOSTICS_PER_PIECE } from './analysisProtocol';
import { StoredResult } from './storedResult';
import { GarbageTidy } from './collect';
import { buildCodeActions, FIX_ALL_KIND } from './codeActions';
import { GENERATE_REVIEW_COMMAND, invalidParams, SERVER_COMMANDS, SHOW_DOCUMENTATION_COMMAND, stringArgument, type GenerateReviewResult, type ShowDocumentationResult } from './commands';
import { DISK_VERSION } from './diagnostics';
import { buildHover } from './hover';
import { guard, guardVoid, ServerLog } from './log';
import { ProblemDiagnostics } from './problemDiagnostics';
import { ProjectSetup, type DocumentSetup } from './projectSetup';
import { ruleDocUri } from './ruleDocs';
import { DEFAULT_SETTINGS, parseSettings, type FaultlineSettings } from './settings';
import { StatusNotification, statusOf } from './status';
import { WorkspacePass, type WorkspaceFile } from './workspacePass';

export interface ServerOptions {
  /** how the engine is made, given the custom rule folders (tests and embedders may pass their own);
   *  the analyses then run on this thread, and these analyzers are also the rule catalogs */
  createAnalyzer?: (extraRuleDirs: string[]) => Analyzer;
  version?: string;
  /** run analyses in a worker thread (default: yes, unless `createAnalyzer` is given or the worker bundle is missing) */
  worker?: boolean;
}

export const SETTINGS_SECTION = 'faultline';

/** Markdown by language id, or by file name when the client does not say. */
export function isMarkdownDocument(doc: { uri: string; languageId: string }): boolean {
  if (doc.languageId.toLowerCase() === 'markdown') return true;
  return /\.(md|markdown)$/i.test(doc.uri.replace(/[?#].*$/, ''));
}

/** The file path of a `file:` URI; undefined for untitled buffers and other schemes. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const CONFIG_NAMES: readonly string[] = CONFIG_FILE_NAMES;
export const PID_REQUEST = 'faultline/pid';
const baseName = (p: string) => p.replace(/\\/g, '/').split('/').pop() ?? p;

interface DocState {
  /** bumped on every change; a run only publishes if it is still the latest */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
}

interface CachedResult {
  version: number;
  key: string;
  result: StoredResult;
}

/** One review of a document: its result, or why it was not reviewed. */
interface Review {
  result?: StoredResult;
  setup?: DocumentSetup;
  skipped?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DISABLED = 'Faultline is turned off for this document (faultline.enable is false)';

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const log = new ServerLog(connection.console);
  const documents = new TextDocuments(TextDocument);
  // the protocol thread collects only once idle: a request must never wait for a collection
  const tidy = new GarbageTidy(Infinity);
  // this thread knows the rules (ids, texts, sources), not the engine: the analyses run in the
  // backend, and with a custom factory its analyzers are the catalogs themselves
  const createAnalyzer = options.createAnalyzer;
  const createCatalog: (extraRuleDirs: string[]) => RuleCatalog = createAnalyzer ?? ((extraRuleDirs) => RuleSet.load({ extraRuleDirs }));

  let project: ProjectSetup | undefined;
  let analyzerError: string | undefined;
  try {
    project = new ProjectSetup(createCatalog([]), createCatalog);
  } catch (e) {
    analyzerError = (e as Error).message ?? String(e);
  }
  const workerScript = (options.worker ?? !createAnalyzer) ? WorkerBackend.script() : undefined;
  const backend: AnalysisBackend = workerScript
    ? new WorkerBackend(workerScript, (message) => log.once('error', `Faultline: ${message}`))
    : inProcessBackend(createAnalyzer && ((pack) => (project?.catalogById(pack.id) as Analyzer | undefined) ?? createAnalyzer(pack.dirs)));
  const knownRules = new Set((project?.defaultCatalog.rules ?? []).map((r) => r.id));
  const docUri = (rule: string) => {
    for (const c of project?.catalogs() ?? []) {
      const r = c.rule(rule);
      if (r) return ruleDocUri(r);
    }
    return undefined;
  };

  // client capabilities
  let configurationPull = false;
  let documentChanges = false;
  let showDocumentSupport = false;
  let watchRegistration = false;
  let workspaceFolderEvents = false;
  let folders: WorkspaceFolder[] = [];
  /** settings pushed with didChangeConfiguration / initializationOptions (clients without pull) */
  let pushedSettings: unknown;
  let shuttingDown = false;

  // ---------------------------------------------------------------- publishing

  /** URIs whose last published list was not empty (so that clearing them is needed) */
  const shown = new Set<string>();

  function publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    if (shuttingDown) return;
    if (diagnostics.length) shown.add(uri);
    else shown.delete(uri);
    void connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  function clear(uri: string): void {
    if (shown.has(uri)) publish(uri, undefined, []);
  }

  const problems = new ProblemDiagnostics((uri, diagnostics) => publish(uri, undefined, diagnostics));
  const warnedProblems = new Set<string>();

  /** Config and rule-pack problems: diagnostics on their files, logged, and the user told once. */
  function reportProblems(documentUri: string, found: ConfigProblem[]): void {
    problems.set(documentUri, found);
    const fresh = found.filter((p) => !warnedProblems.has(formatConfigProblem(p)));
    if (!fresh.length) return;
    for (const p of fresh) {
      warnedProblems.add(formatConfigProblem(p));
      log.write('warn', `Faultline: ${formatConfigProblem(p)}`);
    }
    const files = [...new Set(fresh.map((p) => baseName(p.file)))].join(', ');
    try {
      connection.window.showWarningMessage(`Faultline: ${files}: ${fresh[0]!.message}${fresh.length > 1 ? ` (and ${fresh.length - 1} more in the Problems panel)` : ''}`);
    } catch (e) {
      log.failure('showWarningMessage', e);
    }
  }

  function sendStatus(uri: string, version: number | null, review: Review, startedAt: number): void {
    if (shuttingDown) return;
    const counts = review.skipped || !review.result ? [] : review.result.tally;
    void connection.sendNotification(StatusNotification, statusOf(uri, version, counts, performance.now() - startedAt, review.skipped));
  }

  // ---------------------------------------------------------------- settings

  const settingsCache = new Map<string, Promise<FaultlineSettings>>();
  /** resolved settings per document, for the debounce of the next edit */
  const resolvedSettings = new Map<string, FaultlineSettings>();
  let settingsEpoch = 0;
  const warnedSettings = new Set<string>();

  function reportSettingsProblems(found: string[]): void {
    const fresh = found.filter((p) => !warnedSettings.has(p));
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

  async function rawSettings(scopeUri: string): Promise<unknown> {
    if (!configurationPull) return pushedSettings;
    return connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
  }

  function settingsFor(scopeUri: string): Promise<FaultlineSettings> {
    let pending = settingsCache.get(scopeUri);
    if (!pending) {
      const epoch = settingsEpoch;
      pending = rawSettings(scopeUri).then(
        (raw) => {
          const { settings, problems: found } = parseSettings(raw, knownRules);
          reportSettingsProblems(found);
          if (epoch === settingsEpoch) resolvedSettings.set(scopeUri, settings);
          return settings;
        },
        (e) => {
          log.failure('reading the "faultline" settings', e);
          return { ...DEFAULT_SETTINGS, rules: {} };
        },
      );
      settingsCache.set(scopeUri, pending);
    }
    return pending;
  }

  // ---------------------------------------------------------------- analysis

  const states = new Map<string, DocState>();
  const results = new Map<string, CachedResult>();
  let generations = 0;

  function logResult(uri: string, result: StoredResult): void {
    for (const err of result.ruleErrors) log.once('error', `Faultline: rule "${err.rule}" failed and was skipped: ${err.message}`);
    if (result.skipped) log.once('info', `Faultline: ${uri} is not reviewed: ${result.skipped}`);
  }

  /** analyses under way, per document: one per version and setup, shared by runs and requests */
  const pending = new Map<string, { version: number; key: string; review: Promise<Review | undefined> }>();

  /**
   * Review an open document's current text (from the cache when nothing changed). Undefined when
   * the analysis was dropped because the document moved on (or closed) before it started.
   */
  async function reviewOpen(doc: TextDocument, settings: FaultlineSettings): Promise<Review | undefined> {
    if (!project) return { skipped: `the rules could not be loaded: ${analyzerError}` };
    if (!settings.enable) return { skipped: DISABLED };
    const fsPath = fsPathOf(doc.uri);
    const setup = project.forDocument(fsPath, settings.rules);
    reportProblems(doc.uri, setup.problems);
    if (setup.excluded) return { setup, skipped: setup.excluded };
    const cached = results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.key === setup.key) return { setup, result: cached.result, skipped: cached.result.skipped };
    const running = pending.get(doc.uri);
    if (running && running.version === doc.version && running.key === setup.key) return running.review;
    const uri = doc.uri;
    const version = doc.version;
    const stillWanted = () => !shuttingDown && documents.get(uri)?.version === version;
    const review = (async (): Promise<Review | undefined> => {
      let result: StoredResult;
      try {
        const packed = await backend.analyze(setup, doc.getText(), { rules: setup.rules, force: setup.force, fileName: fsPath ?? uri }, { uri, version }, uri, stillWanted);
        if (!packed) return undefined;
        result = new StoredResult(packed);
      } catch (e) {
        log.failure(`analysing ${uri}`, e);
        return { setup, skipped: `the analysis failed: ${(e as Error).message}` };
      }
      logResult(uri, result);
      if (documents.get(uri)) results.set(uri, { version, key: setup.key, result });
      return { setup, result, skipped: result.skipped };
    })();
    const entry = { version, key: setup.key, review };
    pending.set(uri, entry);
    void review.finally(() => {
      if (pending.get(uri) === entry) pending.delete(uri);
    });
    return review;
  }

  /** Directive places of one open document version (code actions ask again as the cursor moves). */
  let lastPlaces: { uri: string; version: number; key: string; byAnchor: Map<number, DirectivePlaces> } | undefined;
  async function placesOf(doc: TextDocument, setup: DocumentSetup, anchors: number[]): Promise<DirectivePlaces[]> {
    if (!lastPlaces || lastPlaces.uri !== doc.uri || lastPlaces.version !== doc.version || lastPlaces.key !== setup.key) {
      lastPlaces = { uri: doc.uri, version: doc.version, key: setup.key, byAnchor: new Map() };
    }
    const known = lastPlaces.byAnchor;
    const missing = [...new Set(anchors.filter((a) => !known.has(a)))];
    if (missing.length) {
      const found = await backend.places(setup, doc.getText(), missing);
      missing.forEach((a, i) => known.set(a, found[i]!));
    }
    return anchors.map((a) => known.get(a)!);
  }

  /**
   * Publish a review. A big one (thousands of diagnostics) takes the protocol thread a while to
   * read and to send: it is read piece by piece, requests that came in meanwhile are answered
   * between the pieces, and nothing is published if the document moved on (`current` says no).
   */
  async function publishReview(uri: string, version: number | undefined, review: Review, startedAt: number, current: () => boolean = () => true): Promise<void> {
    const pause = async () => {
      await yieldToRequests();
      return current();
    };
    const diagnostics = review.result && !review.skipped ? await review.result.diagnostics(uri, version ?? DISK_VERSION, docUri, pause) : [];
    if (!diagnostics) return;
    if (diagnostics.length > DIAGNOSTICS_PER_PIECE && !(await pause())) return;
    if (version === undefined && diagnostics.length === 0) clear(uri); // from disk: stay quiet about non-design docs
    else publish(uri, version, diagnostics);
    sendStatus(uri, version ?? null, review, startedAt);
    tidy.done(false);
  }

  async function run(uri: string, generation: number): Promise<void> {
    const settings = await settingsFor(uri);
    const isCurrent = () => states.get(uri)?.generation === generation && !shuttingDown;
    if (!isCurrent()) return; // superseded by a later edit, or closed
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const startedAt = performance.now();
    const review = await reviewOpen(doc, settings);
    // the text may have moved on while we worked: never publish for a stale version
    const stillCurrent = () => isCurrent() && documents.get(uri)?.version === version;
    if (!review || !stillCurrent()) return;
    await publishReview(uri, version, review, startedAt, stillCurrent);
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

  /** The current document and its (fresh or cached) review, for requests. */
  async function current(uri: string): Promise<{ doc: TextDocument; result: StoredResult; setup: DocumentSetup } | undefined> {
    if (!project || !documents.get(uri)) return undefined;
    const settings = await settingsFor(uri);
    const doc = documents.get(uri);
    if (!doc || !isMarkdownDocument(doc)) return undefined;
    const review = await reviewOpen(doc, settings);
    // the document changed while it was analysed: the answer would be for another text
    if (!review || documents.get(uri)?.version !== doc.version) return undefined;
    return review.result && review.setup && !review.skipped ? { doc, result: review.result, setup: review.setup } : undefined;
  }

  function reanalyseEverything(): void {
    results.clear();
    lastPlaces = undefined;
    for (const doc of documents.all()) if (isMarkdownDocument(doc)) schedule(doc.uri, 0);
    workspace.rescan();
  }

  // ---------------------------------------------------------------- workspace (files not open)

  /** Review a file that is not open, from disk, and publish (unversioned) or clear. */
  async function reviewFromDisk(file: WorkspaceFile): Promise<void> {
    const settings = await settingsFor(file.folder);
    if (documents.get(file.uri) || shuttingDown || !project) return;
    if (!settings.enable || !settings.workspaceDiagnostics) {
      forgetDiskFile(file.uri);
      return;
    }
    const startedAt = performance.now();
    const setup = project.forDocument(file.fsPath, settings.rules);
    reportProblems(file.uri, setup.problems);
    if (setup.excluded) {
      clear(file.uri);
      return;
    }
    let text = fs.readFileSync(file.fsPath, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const packed = await backend.analyze(setup, text, { rules: setup.rules, force: setup.force, fileName: file.fsPath }, { uri: file.uri, version: DISK_VERSION }, undefined, () => !documents.get(file.uri) && !shuttingDown);
    if (!packed || documents.get(file.uri) || shuttingDown) return; // opened meanwhile: the editor's text counts
    const result = new StoredResult(packed);
    if (result.skipped) {
      clear(file.uri);
      return;
    }
    logResult(file.uri, result);
    await publishReview(file.uri, undefined, { setup, result }, startedAt, () => !documents.get(file.uri) && !shuttingDown);
  }

  function forgetDiskFile(uri: string): void {
    if (documents.get(uri)) return;
    clear(uri);
    problems.delete(uri);
  }

  const workspace = new WorkspacePass({
    review: reviewFromDisk,
    forget: forgetDiskFile,
    isOpen: (uri) => !!documents.get(uri),
    enabled: async (folder) => {
      const s = await settingsFor(folder);
      return s.enable && s.workspaceDiagnostics;
    },
    log: (message) => log.once('info', message),
    failure: (where, e) => log.failure(where, e),
  });

  function setFolders(list: WorkspaceFolder[]): void {
    folders = list;
    workspace.setFolders(list.flatMap((f) => {
      const fsPath = fsPathOf(f.uri);
      return fsPath ? [{ uri: f.uri, fsPath }] : [];
    }));
  }

  // ---------------------------------------------------------------- files changed on disk

  function onFileEvent(uri: string, type: FileChangeType): 'config' | 'none' {
    const fsPath = fsPathOf(uri);
    if (!fsPath || !project) return 'none';
    const name = baseName(fsPath);
    if (CONFIG_NAMES.includes(name)) {
      project.invalidateConfigs();
      return 'config';
    }
    if (/\.ya?ml$/i.test(name)) return project.invalidateRuleFile(fsPath) ? 'config' : 'none';
    if (/\.(md|markdown)$/i.test(name) && !documents.get(uri)) workspace.fileChanged(fsPath, type === FileChangeType.Deleted);
    return 'none';
  }

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    configurationPull = !!caps.workspace?.configuration;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    showDocumentSupport = !!caps.window?.showDocument?.support;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
    const init = params.initializationOptions as unknown;
    if (isRecord(init) && SETTINGS_SECTION in init) pushedSettings = init[SETTINGS_SECTION];
    // the VS Code client says whether the workspace is trusted; other clients are (they chose to run us)
    if (project && isRecord(init) && init.trusted === false) project.customRulesAllowed = false;
    setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    if (project) project.watching = watchRegistration;
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: SERVER_COMMANDS },
      },
      serverInfo: { name: 'faultline', ...(options.version ? { version: options.version } : {}) },
    };
    if (workspaceFolderEvents) result.capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    return result;
  });

  connection.onInitialized(guardVoid(log, 'initialized', () => {
    if (analyzerError) {
      log.once('error', `Faultline: the rules could not be loaded, no document will be reviewed: ${analyzerError}`);
      connection.window.showErrorMessage(`Faultline: the rules could not be loaded: ${analyzerError}`);
      return;
    }
    const catalog = project!.defaultCatalog;
    log.once('info', `Faultline: ${catalog.rules.length} rules loaded`);
    // loading the rules left garbage behind; from here on this thread allocates little
    setImmediate(() => tidy.collect());
    if (catalog.problems.length) {
      const lines = catalog.problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
      log.once('warn', `Faultline: ${catalog.problems.length} rule problem(s); the rules concerned are skipped:\n${lines.join('\n')}`);
    }
    if (watchRegistration) {
      connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: `**/{${CONFIG_FILE_NAMES.join(',')}}` },
          { globPattern: '**/*.{md,markdown}' },
          // custom rule packs (only files inside a pack in use count)
          { globPattern: '**/*.{yaml,yml}' },
        ],
      }).catch((e) => {
        log.failure('registering file watchers', e);
        project!.watching = false;
      });
    }
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(guardVoid(log, 'didChangeWorkspaceFolders', (e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        setFolders([...folders.filter((f) => !removed.has(f.uri)), ...e.added]);
        workspace.rescan();
      }));
    }
    workspace.rescan();
  }));

  connection.onShutdown(() => {
    shuttingDown = true;
    workspace.stop();
    for (const s of states.values()) if (s.timer) clearTimeout(s.timer);
    backend.dispose();
  });

  connection.onDidChangeConfiguration(guardVoid(log, 'didChangeConfiguration', (params) => {
    if (!configurationPull) {
      const settings = params.settings as unknown;
      pushedSettings = isRecord(settings) ? settings[SETTINGS_SECTION] : undefined;
    }
    settingsEpoch++;
    settingsCache.clear();
    resolvedSettings.clear();
    reanalyseEverything();
  }));

  connection.onDidChangeWatchedFiles(guardVoid(log, 'didChangeWatchedFiles', (params) => {
    let configChanged = false;
    for (const change of params.changes) if (onFileEvent(change.uri, change.type) === 'config') configChanged = true;
    if (configChanged) reanalyseEverything();
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
    pending.delete(uri);
    if (lastPlaces?.uri === uri) lastPlaces = undefined;
    settingsCache.delete(uri);
    resolvedSettings.delete(uri);
    backend.release(uri);
    // a file of the workspace goes back to its on-disk review; anything else is cleared
    const fsPath = isMarkdownDocument(e.document) ? fsPathOf(uri) : undefined;
    if (!fsPath || !fs.existsSync(fsPath) || !workspace.reviewClosed(fsPath)) {
      problems.delete(uri);
      publish(uri, undefined, []);
    }
  }));

  // ---------------------------------------------------------------- requests

  connection.onCodeAction(guard(log, 'codeAction', [] as CodeAction[], async (params) => {
    const c = await current(params.textDocument.uri);
    if (!c) return [];
    const { doc, setup } = c;
    return buildCodeActions({
      params,
      document: doc,
      places: (anchors) => placesOf(doc, setup, anchors),
      findings: c.result.findings,
      language: c.result.language,
      documentChanges,
    });
  }));

  connection.onHover(guard(log, 'hover', null as Hover | null, async (params) => {
    const c = await current(params.textDocument.uri);
    if (!c) return null;
    const catalog = c.setup.catalog;
    return buildHover(c.result.findings, c.doc.offsetAt(params.position), c.result.language, (f, lang) => explainFinding(catalog.rule(f.rule), f, lang));
  }));

  // the server's process id: lets an editor-side test harness stop the server the hard way
  connection.onRequest(PID_REQUEST, () => process.pid);

  connection.onExecuteCommand(async (params) => {
    if (params.command === GENERATE_REVIEW_COMMAND) return generateReview(stringArgument(params.command, params.arguments, 'uri'));
    if (params.command === SHOW_DOCUMENTATION_COMMAND) return showDocumentation(stringArgument(params.command, params.arguments, 'ruleId'));
    throw invalidParams(`unknown command ${params.command}; the commands are ${SERVER_COMMANDS.join(', ')}`);
  });

  /** The review report of a document: the open text, else the file on disk. */
  async function generateReview(uri: string): Promise<GenerateReviewResult> {
    if (!project) throw invalidParams(`the rules could not be loaded: ${analyzerError}`);
    const settings = await settingsFor(uri);
    const open = documents.get(uri);
    const fsPath = fsPathOf(uri);
    let text: string;
    if (open) {
      text = open.getText();
    } else {
      if (!fsPath) throw invalidParams(`${uri} is not open and not a file`);
      try {
        text = fs.readFileSync(fsPath, 'utf8');
      } catch (e) {
        throw invalidParams(`cannot read ${fsPath}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const setup = project.forDocument(fsPath, settings.rules);
    reportProblems(uri, setup.problems);
    // an open document kept out by the config's include/exclude is not reviewed; a file on disk says why
    if (setup.excluded && open) throw invalidParams(`${uri} could not be reviewed: ${setup.excluded}`);
    const fileName = fsPath ?? uri;
    try {
      return await backend.report(setup, text, { rules: setup.rules, force: setup.force, fileName }, fileName, setup.excluded);
    } catch (e) {
      throw invalidParams(`${uri} could not be reviewed: ${(e as Error).message}`);
    }
  }

  async function showDocumentation(ruleId: string): Promise<ShowDocumentationResult> {
    const uri = docUri(ruleId);
    if (!uri) throw invalidParams(`no documentation for rule "${ruleId}"${knownRules.has(ruleId) ? '' : ' (unknown rule)'}`);
    if (showDocumentSupport) {
      try {
        await connection.window.showDocument({ uri, external: false });
      } catch (e) {
        log.failure('window/showDocument', e);
      }
    }
    return { uri };
  }

  documents.listen(connection);
  connection.listen();
}

/**
 * The in-process backend, loaded only when asked for: the standalone server's protocol thread
 * never loads the engine, and its bundle leaves this module out (esbuild.mjs) since the analysis
 * worker bundle is always next to it.
 */
function inProcessBackend(analyzerFor?: (pack: PackRef) => Analyzer): AnalysisBackend {
  let loaded: typeof import('./inProcessBackend');
  try {
    loaded = require('./inProcessBackend') as typeof import('./inProcessBackend');
  } catch (e) {
    throw new Error(`Faultline: the analysis worker (analysisWorker.js) is missing next to the language server, and this build has no in-process engine: reinstall Faultline (${(e as Error).message})`);
  }
  return new loaded.InProcessBackend(analyzerFor);
}
