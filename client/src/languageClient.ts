/**
 * The LanguageClient for the Faultline server (dist/server.js over node IPC): one client for
 * every workspace folder (the server reads the workspace folders and pulls settings per
 * document), restarted after a crash within the limits of `CrashRestartPolicy`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { GeneratedReports } from './generatedReports';
import { DOCUMENT_SELECTOR, type FaultlineInitializationOptions } from './protocol';
import type { CrashDecision, CrashRestartPolicy } from './restartPolicy';

export interface ClientHooks {
  policy: CrashRestartPolicy;
  /** review reports opened by "Generate Reliability Review": never sent to the server */
  reports: GeneratedReports;
  /** the server's connection closed unexpectedly; `decision` says whether it is restarted */
  onCrash(decision: CrashDecision): void;
}

function errorHandler(hooks: ClientHooks): ErrorHandler {
  return {
    // a garbled message or two is survivable; a connection that keeps erroring is shut down
    // (then `closed` decides about the restart), as the library's default handler does
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const decision = hooks.policy.onCrash();
      hooks.onCrash(decision);
      return decision.restart
        ? { action: CloseAction.Restart, message: `Faultline: the language server stopped unexpectedly (crash ${decision.recentCrashes} in ${hooks.policy.windowMs / 60_000} min); restarting it.`, handled: true }
        : { action: CloseAction.DoNotRestart, message: `Faultline: the language server crashed ${decision.recentCrashes} times in ${hooks.policy.windowMs / 60_000} minutes and is left stopped.`, handled: true };
    },
  };
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  hooks: ClientHooks,
): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // the server pulls settings per document; this also pushes a change notification
    synchronize: { configurationSection: 'faultline' },
    // evaluated at every (re)start: a restart after the user trusts the workspace passes true
    initializationOptions: (): FaultlineInitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
    outputChannel,
    diagnosticCollectionName: 'faultline',
    errorHandler: errorHandler(hooks),
    connectionOptions: { maxRestartCount: hooks.policy.maxRestarts },
    middleware: {
      didOpen: (doc, next) => (hooks.reports.claims(doc) ? Promise.resolve() : next(doc)),
      didChange: (event, next) => (hooks.reports.claims(event.document) ? Promise.resolve() : next(event)),
      didClose: (doc, next) => {
        if (!hooks.reports.claims(doc)) return next(doc);
        hooks.reports.forget(doc);
        return Promise.resolve();
      },
    },
  };
  return new LanguageClient('faultline', 'Faultline', serverOptions, clientOptions);
}
