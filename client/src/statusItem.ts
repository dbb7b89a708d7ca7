/**
 * The "Faultline" language status item (next to the Markdown language indicator): the active
 * document's findings by tier, or why it was not reviewed, and the time of the last review.
 * Fed by the server's `faultline/status` notifications, kept per document so that switching
 * editors shows the right one at once.
 */
import * as vscode from 'vscode';
import { COMMANDS, DOCUMENT_SELECTOR, type FaultlineStatus } from './protocol';
import { statusText, type StatusText } from './statusText';

export type ServerState = 'starting' | 'running' | 'restarting' | 'stopped';

/** Server and client may spell one URI differently (percent-encoding): compare VS Code's form. */
export function uriKey(uri: string | vscode.Uri): string {
  return (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).toString();
}

const formatTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
};

export class StatusView implements vscode.Disposable {
  private readonly statuses = new Map<string, FaultlineStatus>();
  private readonly item: vscode.LanguageStatusItem;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private server: ServerState = 'starting';
  private serverProblem: string | undefined;

  /** fires with the document whose status arrived */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('faultline.status', DOCUMENT_SELECTOR);
    this.item.name = 'Faultline';
    this.disposables.push(
      this.item,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.statuses.delete(uriKey(doc.uri))),
    );
    this.render();
  }

  accept(status: FaultlineStatus): void {
    const key = uriKey(status.uri);
    this.statuses.set(key, status);
    this.changed.fire(vscode.Uri.parse(key));
    if (key === this.activeKey()) this.render();
  }

  get serverState(): ServerState {
    return this.server;
  }

  setServerState(state: ServerState, problem?: string): void {
    this.server = state;
    this.serverProblem = problem;
    this.render();
  }

  get(uri: vscode.Uri | string): FaultlineStatus | undefined {
    return this.statuses.get(uriKey(uri));
  }

  /** What the item says for this document (the item itself only shows the active one). */
  describe(uri: vscode.Uri | string): StatusText {
    return statusText(this.get(uri), formatTime);
  }

  private activeKey(): string | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc ? uriKey(doc.uri) : undefined;
  }

  private render(): void {
    const item = this.item;
    if (this.server === 'stopped') {
      item.text = 'Faultline: server stopped';
      item.detail = this.serverProblem ?? 'the language server is not running';
      item.severity = vscode.LanguageStatusSeverity.Error;
      item.busy = false;
      item.command = { title: 'Restart', command: COMMANDS.restartServer, tooltip: 'Restart the Faultline language server' };
      return;
    }
    const key = this.activeKey();
    const { text, detail } = statusText(key ? this.statuses.get(key) : undefined, formatTime);
    item.text = text;
    item.detail = this.server === 'restarting' ? `restarting the server after a crash; ${detail}` : detail;
    item.severity = this.server === 'restarting' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.busy = this.server !== 'running';
    item.command = { title: 'Show Output', command: COMMANDS.showOutput, tooltip: 'Show the Faultline output' };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
