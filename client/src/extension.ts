/**
 * The VS Code extension: starts the Faultline language server (dist/server.js) for Markdown
 * documents and adds two commands. All review logic lives in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
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
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    // the server pulls settings per document; this also pushes a change notification
    synchronize: { configurationSection: 'faultline' },
    outputChannel,
    diagnosticCollectionName: 'faultline',
  };
  return new LanguageClient('faultline', 'Faultline', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient | undefined }> {
  const outputChannel = vscode.window.createOutputChannel('Faultline', { log: true });
  context.subscriptions.push(outputChannel);

  context.subscriptions.push(
    vscode.commands.registerCommand('faultline.showOutput', () => outputChannel.show(true)),
    vscode.commands.registerCommand('faultline.restartServer', async () => {
      try {
        if (client) {
          await client.restart();
        } else {
          client = createClient(context, outputChannel);
          await client.start();
        }
        outputChannel.info('Faultline language server restarted');
      } catch (e) {
        outputChannel.error(`Faultline language server failed to restart: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`Faultline: the language server failed to restart: ${(e as Error).message}`);
      }
    }),
  );

  client = createClient(context, outputChannel);
  try {
    await client.start();
  } catch (e) {
    outputChannel.error(`Faultline language server failed to start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Faultline: the language server failed to start (see "Faultline: Show Output").`);
  }
  return { client };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
