/**
 * A small LSP client for tests: spawns the built server (dist/server.js), speaks JSON-RPC over
 * stdio (or Node IPC), keeps the open documents, records what the server sends, and answers the
 * server's own requests (workspace/configuration from a mutable settings object).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  NotificationType,
  ShowDocumentRequest,
  type FileEvent,
  type RegistrationParams,
  type ShowDocumentParams,
  type WorkspaceFolder,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentEdit,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export interface LspClientOptions {
  /** the script to run with node (default: dist/server.js) */
  serverScript?: string;
  transport?: 'stdio' | 'ipc';
  /** answer workspace/configuration (default true); false = a push-only client */
  configuration?: boolean;
  /** the client's settings, by section: `{ faultline: {...} }` (mutable later via `settings`) */
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  /** client supports versioned `documentChanges` (default true) */
  documentChanges?: boolean;
  /** answer workspace/configuration only after this long (to provoke races) */
  configurationDelayMs?: number;
  /** workspace folders (file-system paths) sent with initialize (default: none) */
  workspaceFolders?: string[];
  /** the client can register file watchers dynamically (default true) */
  watchedFiles?: boolean;
  /** the client supports window/showDocument (default true) */
  showDocument?: boolean;
}

/** `faultline/status` (see the protocol in server/src/adapters/lsp/status.ts), typed here for tests. */
export interface StatusParams {
  uri: string;
  version: number | null;
  counts: { critical: number; significant: number; moderate: number; minor: number };
  accepted: number;
  skipped?: string;
  durationMs: number;
  analyzedAt: string;
}
const StatusNotification = new NotificationType<StatusParams>('faultline/status');

export interface WaitOptions {
  /** only notifications received at or after this mark (see `mark()`) */
  since?: number;
  /** only this document version */
  version?: number;
  predicate?: (p: PublishDiagnosticsParams) => boolean;
  timeoutMs?: number;
}

export function clientCapabilities(opts: { configuration: boolean; documentChanges: boolean; watchedFiles?: boolean; showDocument?: boolean }): ClientCapabilities {
  return {
    workspace: {
      configuration: opts.configuration,
      workspaceFolders: true,
      didChangeWatchedFiles: { dynamicRegistration: opts.watchedFiles ?? true },
      executeCommand: { dynamicRegistration: false },
      didChangeConfiguration: { dynamicRegistration: false },
      workspaceEdit: { documentChanges: opts.documentChanges },
      applyEdit: true,
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, dataSupport: true, codeDescriptionSupport: true },
      codeAction: {
        dataSupport: true,
        isPreferredSupport: true,
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
    window: { workDoneProgress: true, showMessage: {}, showDocument: { support: opts.showDocument ?? true } },
  };
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly shownMessages: ShowMessageParams[] = [];
  readonly logMessages: LogMessageParams[] = [];
  readonly configurationRequests: unknown[] = [];
  readonly statuses: StatusParams[] = [];
  readonly registrations: RegistrationParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  /** what workspace/configuration answers, by section; replace or mutate freely */
  settings: Record<string, unknown>;
  stderr = '';
  initializeResult?: InitializeResult;
  private readonly docs = new Map<string, TextDocument>();
  private readonly waiters = new Set<() => void>();
  private exited = false;
  private readonly exitPromise: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    private readonly opts: Required<Pick<LspClientOptions, 'configuration' | 'documentChanges'>> & LspClientOptions,
  ) {
    this.settings = opts.settings ?? {};
    this.exitPromise = new Promise((resolve) => process.on('exit', (code) => {
      this.exited = true;
      resolve(code);
      this.notify();
    }));
    process.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString('utf8'); });

    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (p) => {
      this.shownMessages.push(p);
      this.notify();
    });
    connection.onNotification(LogMessageNotification.type, (p) => { this.logMessages.push(p); });
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      this.configurationRequests.push(params);
      if (this.opts.configurationDelayMs) await delay(this.opts.configurationDelayMs);
      return params.items.map((item) => (item.section ? this.settings[item.section] ?? null : this.settings));
    });
    connection.onNotification(StatusNotification, (p) => {
      this.statuses.push(p);
      this.notify();
    });
    connection.onRequest(ShowDocumentRequest.type, (p) => {
      this.shownDocuments.push(p);
      this.notify();
      return { success: true };
    });
    connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(p);
      this.notify();
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(ShowMessageRequest.type, (p) => {
      this.shownMessages.push(p);
      this.notify();
      return null;
    });
    connection.listen();
  }

  /** Spawn the server and run initialize/initialized. */
  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    const opts = { configuration: true, documentChanges: true, ...options };
    const script = opts.serverScript ?? SERVER_JS;
    let child: ChildProcess;
    let connection: ProtocolConnection;
    if (opts.transport === 'ipc') {
      child = fork(script, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], cwd: REPO_ROOT });
      connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO_ROOT });
      connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    }
    const client = new LspClient(child, connection, opts);
    const folders: WorkspaceFolder[] | null = opts.workspaceFolders?.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) ?? null;
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders?.[0]?.uri ?? null,
      capabilities: clientCapabilities(opts),
      initializationOptions: opts.initializationOptions,
      workspaceFolders: folders,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** A position in the stream of received notifications, for `since`. */
  mark(): number {
    return this.published.length;
  }

  document(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`not open: ${uri}`);
    return d;
  }

  async open(uri: string, text: string, languageId = 'markdown', version = 1): Promise<TextDocument> {
    const doc = TextDocument.create(uri, languageId, version, text);
    this.docs.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    return doc;
  }

  /** Send content changes (incremental or whole-text) and apply them to the local copy. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[], version?: number): Promise<TextDocument> {
    const doc = this.document(uri);
    const v = version ?? doc.version + 1;
    TextDocument.update(doc, changes, v);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: changes });
    return doc;
  }

  async replaceText(uri: string, text: string, version?: number): Promise<TextDocument> {
    return this.change(uri, [{ text }], version);
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeConfiguration(settings: Record<string, unknown>, pushed: unknown = null): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(Command | CodeAction)[] | null> {
    return this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  executeCommand<T = unknown>(command: string, args: unknown[]): Promise<T> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
  }

  /** Tell the server files changed on disk (as an editor's file watcher would). */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** The first matching faultline/status for `uri` since a status mark (see `statusMark()`). */
  waitForStatus(uri: string, options: { since?: number; predicate?: (s: StatusParams) => boolean; timeoutMs?: number } = {}): Promise<StatusParams> {
    const { since = 0, predicate, timeoutMs = 15_000 } = options;
    return this.until(() => this.statuses.slice(since).find((s) => s.uri === uri && (!predicate || predicate(s))), timeoutMs,
      () => `no matching status for ${uri}; got ${JSON.stringify(this.statuses.slice(since).filter((s) => s.uri === uri))}`);
  }

  statusMark(): number {
    return this.statuses.length;
  }

  /** Wait until `probe` holds (or time out, describing what was seen). */
  waitFor<T>(probe: () => T | undefined, describe: () => string, timeoutMs = 15_000): Promise<T> {
    return this.until(probe, timeoutMs, describe);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** The first matching publishDiagnostics for `uri` (already received or still to come). */
  waitForDiagnostics(uri: string, options: WaitOptions = {}): Promise<PublishDiagnosticsParams> {
    const { since = 0, version, predicate, timeoutMs = 15_000 } = options;
    const find = () => this.published.slice(since).find((p) => p.uri === uri
      && (version === undefined || p.version === version) && (!predicate || predicate(p)));
    return this.until(find, timeoutMs, () => `no diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}; got ${JSON.stringify(this.published.slice(since).filter((p) => p.uri === uri).map((p) => ({ v: p.version, n: p.diagnostics.length, codes: p.diagnostics.map((d) => d.code) })))}`);
  }

  waitForMessage(predicate: (m: ShowMessageParams) => boolean, timeoutMs = 10_000): Promise<ShowMessageParams> {
    return this.until(() => this.shownMessages.find(predicate), timeoutMs, () => `no matching window message; got ${JSON.stringify(this.shownMessages)}`);
  }

  /** Every publish for `uri` since a mark. */
  publishedFor(uri: string, since = 0): PublishDiagnosticsParams[] {
    return this.published.slice(since).filter((p) => p.uri === uri);
  }

  private until<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = probe();
        if (hit !== undefined) {
          cleanup();
          resolve(hit);
        } else if (this.exited) {
          cleanup();
          reject(new Error(`server exited: ${describe()}\nstderr: ${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timeout after ${timeoutMs} ms: ${describe()}\nstderr: ${this.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** shutdown + exit; kills the process if it does not leave on its own. */
  async stop(): Promise<number | null> {
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), delay(5000)]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await this.exitPromise;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The text edits a WorkspaceEdit makes to one document, and the version it is pinned to. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): { version: number | null | undefined; edits: TextEdit[] } {
  if (!edit) return { version: undefined, edits: [] };
  if (edit.documentChanges) {
    const edits: TextEdit[] = [];
    let version: number | null | undefined;
    for (const c of edit.documentChanges) {
      if (!TextDocumentEdit.is(c) || c.textDocument.uri !== uri) continue;
      version = c.textDocument.version;
      for (const e of c.edits) edits.push(e as TextEdit);
    }
    return { version, edits };
  }
  return { version: undefined, edits: edit.changes?.[uri] ?? [] };
}

/** Apply a WorkspaceEdit to a document's text, as an editor would. */
export function applyWorkspaceEdit(doc: TextDocument, edit: WorkspaceEdit | undefined): string {
  return TextDocument.applyEdits(doc, editsFor(edit, doc.uri).edits);
}

/** The text a range covers. */
export function textAt(doc: TextDocument, range: Range): string {
  return doc.getText(range);
}
