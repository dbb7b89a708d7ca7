/**
 * The VS Code extension: starts the Faultline language server (dist/server.js) for Markdown
 * documents in every workspace folder, shows the active document's review status and adds the
 * Faultline commands. All review logic lives in the server.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { generateReview, showRuleDocumentation } from './commands';
import { GeneratedReports } from './generatedReports';
import { createLanguageClient } from './languageClient';
import { COMMANDS, isFaultlineStatus, STATUS_NOTIFICATION, type FaultlineStatus } from './protocol';
import { CrashRestartPolicy } from './restartPolicy';
import { readRuleCatalog, type RuleEntry } from './ruleCatalog';
import { StatusView } from './statusItem';
import type { StatusText } from './statusText';

/** What `activate` returns (extension.exports): used by the extension-host tests. */
export interface FaultlineApi {
  /** the current client (a new one after "Restart Language Server" when the first never started) */
  readonly client: LanguageClient | undefined;
  /** the last `faultline/status` the server sent for a document */
  status(uri: vscode.Uri | string): FaultlineStatus | undefined;
  /** what the language status item says for that document */
  statusText(uri: vscode.Uri | string): StatusText;
  readonly onDidChangeStatus: vscode.Event<vscode.Uri>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<FaultlineApi> {
  const outputChannel = vscode.window.createOutputChannel('Faultline', { log: true });
  const statusView = new StatusView();
  const policy = new CrashRestartPolicy();
  const reports = new GeneratedReports();
  context.subscriptions.push(outputChannel, statusView);

  let catalog: RuleEntry[] | undefined;
  const rules = () => (catalog ??= readRuleCatalog(context.extensionPath));

  const newClient = (): LanguageClient => {
    const c = createLanguageClient(context, outputChannel, {
      policy,
      reports,
      onCrash: (decision) => {
        outputChannel.warn(`Faultline language server stopped unexpectedly (${decision.recentCrashes} crash(es) in the last ${policy.windowMs / 60_000} min); ${decision.restart ? 'restarting it' : 'not restarting it again'}`);
        statusView.setServerState(decision.restart ? 'restarting' : 'stopped',
          decision.restart ? undefined : `the server crashed ${decision.recentCrashes} times in ${policy.windowMs / 60_000} minutes; see "Faultline: Show Output"`);
        if (!decision.restart) {
          void vscode.window.showErrorMessage('Faultline: the language server keeps crashing and was stopped.', 'Restart', 'Show Output')
            .then((choice) => {
              if (choice === 'Restart') void vscode.commands.executeCommand(COMMANDS.restartServer);
              if (choice === 'Show Output') outputChannel.show(true);
            });
        }
      },
    });
    // registered before start, so they hold for every (re)start of this client
    c.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      if (isFaultlineStatus(params)) statusView.accept(params);
    });
    c.onDidChangeState((e) => {
      if (e.newState === State.Running) statusView.setServerState('running');
      // (after a crash the item keeps saying "restarting" until the new server runs)
      else if (e.newState === State.Starting && statusView.serverState !== 'restarting') statusView.setServerState('starting');
    });
    return c;
  };

  const start = async (): Promise<void> => {
    try {
      if (client) {
        await client.restart();
      } else {
        client = newClient();
        await client.start();
      }
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      outputChannel.error(`Faultline language server failed to start: ${message}`);
      statusView.setServerState('stopped', `the server failed to start: ${message}`);
      void vscode.window.showErrorMessage('Faultline: the language server failed to start (see "Faultline: Show Output").');
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showOutput, () => outputChannel.show(true)),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      policy.reset();
      await start();
      if (client?.isRunning()) outputChannel.info('Faultline language server restarted');
    }),
    vscode.commands.registerCommand(COMMANDS.generateReview, () => generateReview(() => client, reports)),
    vscode.commands.registerCommand(COMMANDS.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(() => client, rules, ruleId)),
    // the server was started with `trusted: false` (no custom rule packs): start it again trusted
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      outputChannel.info('Workspace trusted: restarting the language server with custom rule packs enabled');
      void start();
    }),
  );

  await start();
  return {
    get client() {
      return client;
    },
    status: (uri) => statusView.get(uri),
    statusText: (uri) => statusView.describe(uri),
    onDidChangeStatus: statusView.onDidChange,
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
