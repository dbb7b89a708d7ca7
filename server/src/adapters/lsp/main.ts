/**
 * Entry point of the language server (bundled to dist/server.js, started by `faultline-ls`).
 * The transport comes from the command line: --stdio, --node-ipc (what vscode-languageclient
 * uses), --socket=<port> or --pipe=<name>.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { version } from '../../../../package.json';
import { startServer } from './server';

const USAGE = `faultline-ls ${version}: the Faultline language server (reliability review of Markdown design docs)

usage: faultline-ls --stdio | --node-ipc | --socket=<port> | --pipe=<name>

Settings are read from the client's "faultline" section (workspace/configuration):
  enable      boolean, default true
  rules       { "<rule id>": "off" | "critical" | "significant" | "moderate" | "minor" }
  debounceMs  number, default 250
  workspaceDiagnostics
              boolean, default true: also review the design docs of the workspace that are not open

Project config: the nearest .faultline.jsonc / .faultline.yaml / .faultline.yml above a document
(the same files the CLI reads); the editor's "rules" setting overrides the config's.

Commands (workspace/executeCommand):
  faultline.server.generateReview [uri]        the review report: { markdown, language }
  faultline.server.showDocumentation [ruleId]  opens the rule's page (window/showDocument): { uri }
`;

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

function main(argv: string[]): void {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${version}\n`);
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (!argv.some((a) => TRANSPORTS.includes(a.split('=')[0]!))) {
    process.stderr.write(`faultline-ls: no transport given\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  // a stray exception must not take the server (and every open document) down
  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(`Faultline: uncaught exception: ${e.stack ?? e.message}`);
    } catch {
      process.stderr.write(`Faultline: uncaught exception: ${e.stack ?? e.message}\n`);
    }
  });
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    try {
      connection.console.error(`Faultline: unhandled rejection: ${text}`);
    } catch {
      process.stderr.write(`Faultline: unhandled rejection: ${text}\n`);
    }
  });
  startServer(connection, { version });
}

main(process.argv.slice(2));
